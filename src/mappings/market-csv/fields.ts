import { maskPersonalId } from '../../national/check-characters';
import { isValidPartyId, normalizeId } from '../common/identifiers';
import { text } from '../common/normalize';
import { Decimal } from '../common/number';
import type { Outcome } from '../common/outcome';
import { pickPhone } from '../common/phone';
import { recordIdFor } from '../../common/record-id';
import { dashedTimeToIso } from '../../common/time';
import { sourceDate } from '../common/time';
import { translate } from '../common/translate';
import type { TranslationEntry } from '../tables';
import type { MappingContext } from '../types';

/** A market CSV row as the adapter stages it: trimmed values by column name (source-subsystems §3.4). */
export type MarketRow = Readonly<Record<string, string | undefined>>;

export const KIND = 'market-csv';
export const VENDOR_KEY = '经营户编号';

/** recordId of a market record (§5.5); regionCode and sourceSystem are the instance's (§5.7). */
export function recordIdOf(ctx: MappingContext, stream: string, key: string | undefined): string {
  return key ? recordIdFor(ctx.instance.sourceSystem, stream, key) : '';
}

/** The source key; a row without one is quarantined (the export promises one on every row). */
export function sourceKey(src: MarketRow, column: string, out: Outcome): string | undefined {
  const key = text(src[column]);
  if (key === undefined) out.error('UNPARSEABLE_VALUE', column, `${column} is empty: the row has no source key`);
  return key;
}

/** References of an entry or a sale: its vendor (§3.7). */
export function vendorReference(src: MarketRow): Array<{ stream: string; sourceKey: string }> {
  const key = text(src[VENDOR_KEY]);
  return key === undefined ? [] : [{ stream: 'vendors', sourceKey: key }];
}

/** `subjectCode` of the newest staged revision of the vendor `经营户编号` (§3.7); not staged → UNRESOLVED_REFERENCE. */
export function vendorCode(src: MarketRow, ctx: MappingContext, out: Outcome): string | undefined {
  const key = text(src[VENDOR_KEY]);
  const vendor = key === undefined ? undefined : (ctx.references('vendors', key) as MarketRow | undefined);
  if (vendor === undefined || vendor === null) {
    return out.error('UNRESOLVED_REFERENCE', VENDOR_KEY, `vendor ${VENDOR_KEY} "${key ?? ''}" is not staged`, key);
  }
  const code = text(vendor['证件号码']);
  return code === undefined ? undefined : normalizeId(code);
}

/** The instance's market credit code (§3.1). */
export function marketCode(ctx: MappingContext): string | undefined {
  return text(ctx.instance.params.marketCode);
}

/**
 * An optional party (`supplierCode`, `buyerCode`, §5.4): sent only when a valid credit code or
 * resident ID; otherwise omitted with OPTIONAL_FIELD_DROPPED (the value masked in the message).
 */
export function optionalParty(src: MarketRow, column: string, out: Outcome): string | undefined {
  const raw = text(src[column]);
  if (raw === undefined) return undefined;
  const id = normalizeId(raw);
  if (isValidPartyId(id)) return id;
  out.warn(
    'OPTIONAL_FIELD_DROPPED',
    column,
    `${column} "${maskPersonalId(id)}" is neither a valid credit code nor a valid resident ID; omitted`,
  );
  return undefined;
}

/** `contactPhone` by the phone rule (§5.4). */
export function contactPhone(src: MarketRow, column: string, out: Outcome): string | undefined {
  const raw = text(src[column]);
  if (raw === undefined) return undefined;
  const phone = pickPhone(raw);
  if (phone === undefined) out.warn('OPTIONAL_FIELD_DROPPED', column, `${column} "${raw}" holds no mobile or landline number; omitted`);
  return phone;
}

/** A *time* column → `+08:00` timestamp (§5.1); absent stays absent (national E4002). */
export function timeField(src: MarketRow, column: string, out: Outcome): string | undefined {
  const raw = text(src[column]);
  if (raw === undefined) return undefined;
  const iso = dashedTimeToIso(raw);
  if (iso === null) return out.error('UNPARSEABLE_VALUE', column, `${column} "${raw}" is not a time YYYY-MM-DD HH:mm:ss`, raw);
  return iso;
}

/** A *date* column; a time part is ignored (§7.9). */
export function dateField(src: MarketRow, column: string, out: Outcome): string | undefined {
  const raw = text(src[column]);
  if (raw === undefined) return undefined;
  const date = sourceDate(raw);
  if (date === null) return out.error('UNPARSEABLE_VALUE', column, `${column} "${raw}" is not a date YYYY-MM-DD`, raw);
  return date;
}

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/**
 * A decimal column as validated text (§5.3: whitespace removed, then `^\d+(\.\d+)?$`); absent →
 * undefined, malformed → UNPARSEABLE_VALUE (null). Kept as text so that values needing no
 * conversion never pay for decimal arithmetic.
 */
export function decimalField(src: MarketRow, column: string, out: Outcome): string | null | undefined {
  const raw = text(src[column]);
  if (raw === undefined) return undefined;
  const compact = raw.replace(/\s+/gu, '');
  if (PLAIN_DECIMAL.test(compact)) return compact;
  out.error('UNPARSEABLE_VALUE', column, `${column} "${raw}" is not a plain decimal`, raw);
  return null;
}

/** Decimal places of a plain decimal text. */
export function places(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** `商品编码` through market-goods.json (§3.7). */
export function productCode(src: MarketRow, ctx: MappingContext, out: Outcome): string | undefined {
  const raw = text(src['商品编码']);
  if (raw === undefined) return undefined;
  return translate(ctx.tables, 'market-goods', raw, '商品编码', out)?.target;
}

export interface UnitConversion {
  unit: string;
  factor: Decimal;
  /** Factor 1: quantities and prices pass unchanged. */
  identity: boolean;
}

const conversions = new WeakMap<TranslationEntry, UnitConversion>();

/** `单位` through unit-labels.json: the national unit and the factor of §5.3. */
export function unitConversion(src: MarketRow, ctx: MappingContext, out: Outcome): UnitConversion | undefined {
  const raw = text(src['单位']);
  if (raw === undefined) return undefined;
  const entry = translate(ctx.tables, 'unit-labels', raw, '单位', out);
  if (!entry || typeof entry.target !== 'string') return undefined;
  let conversion = conversions.get(entry);
  if (!conversion) {
    const factor = new Decimal(String(entry.factor ?? 1));
    conversion = { unit: entry.target, factor, identity: factor.eq(1) };
    conversions.set(entry, conversion);
  }
  return conversion;
}

/** National quantity: source quantity × factor, rounded half up to 3 decimals (§5.3), as a Decimal. */
export function convertedQuantity(quantity: string, conversion: UnitConversion | undefined): Decimal {
  const q = new Decimal(quantity);
  return (conversion && !conversion.identity ? q.times(conversion.factor) : q).toDecimalPlaces(3, Decimal.ROUND_HALF_UP);
}

/** The national quantity as a JSON number; a value that needs no conversion or rounding skips the arithmetic. */
export function nationalQuantity(quantity: string, conversion: UnitConversion | undefined): number {
  if ((!conversion || conversion.identity) && places(quantity) <= 3) return Number(quantity);
  return convertedQuantity(quantity, conversion).toNumber();
}

export { Decimal };
