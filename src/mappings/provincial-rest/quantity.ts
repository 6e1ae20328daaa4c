import { text } from '../common/normalize';
import { Decimal, roundHalfUp } from '../common/number';
import type { Outcome } from '../common/outcome';
import type { TranslationEntry, TranslationTables } from '../tables';
import type { ProvincialRecord } from './fields';
import { translate } from '../common/translate';

export interface Factor {
  value: Decimal;
  isOne: boolean;
}

const factors = new WeakMap<TranslationEntry, Factor>();

/** An entry's `factor` as a decimal, converted once per table entry (1 when the entry has none). */
export function factorOf(entry: TranslationEntry): Factor {
  let factor = factors.get(entry);
  if (factor === undefined) {
    const value = new Decimal(String(entry.factor ?? 1));
    factor = { value, isOne: value.eq(1) };
    factors.set(entry, factor);
  }
  return factor;
}

const UNSIGNED = /^\d+(\.\d+)?$/;
const WHITESPACE = /\s+/gu;

/** §5.3: the text with all whitespace removed when it is then a plain unsigned decimal; null otherwise. */
export function decimalText(raw: string): string | null {
  if (UNSIGNED.test(raw)) return raw;
  const compact = raw.replace(WHITESPACE, '');
  return UNSIGNED.test(compact) ? compact : null;
}

/**
 * decimal × factor rounded half up to `places` (§5.3), as a JSON number. Decimal arithmetic, except
 * where it cannot change anything: a factor of 1 on a value already within `places` decimals.
 */
export function scaled(decimal: string, factor: Factor, places: number): number {
  if (factor.isOne) {
    const dot = decimal.indexOf('.');
    if (dot < 0 || decimal.length - dot - 1 <= places) return Number(decimal);
  }
  return roundHalfUp(new Decimal(decimal).times(factor.value), places);
}

/**
 * §2.8 `quantity`, `unit`: `sl` with all whitespace removed, times the factor of `dw` in
 * unit-labels.json, rounded half up to 3 decimals (§5.3). A zero quantity is sent as found.
 */
export function quantityOf(src: ProvincialRecord, tables: TranslationTables, out: Outcome): { quantity?: number; unit?: string } {
  const dw = text(src.dw);
  const entry = dw === undefined ? undefined : translate(tables, 'unit-labels', dw, 'dw', out);
  const sl = text(src.sl);
  if (sl === undefined) return { unit: entry?.target };
  const amount = decimalText(sl);
  if (amount === null) {
    out.error('UNPARSEABLE_VALUE', 'sl', `sl "${sl}" is not a decimal number`, sl);
    return { unit: entry?.target };
  }
  if (entry === undefined) return {};
  return { quantity: scaled(amount, factorOf(entry), 3), unit: entry.target };
}
