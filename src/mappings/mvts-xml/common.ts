import { isValidPartyId, maskIfPersonal, normalizeId, regionPrefix } from '../common/identifiers';
import { parseDecimal, roundHalfUp } from '../common/number';
import type { Outcome } from '../common/outcome';
import { recordIdFor } from '../../common/record-id';
import { compactTimeToIso } from '../../common/time';
import { translate } from '../common/translate';
import type { TranslationEntry } from '../tables';
import type { MappingContext } from '../types';

/**
 * Shared rules of the mvts mappings (source-subsystems §4.7–§4.11). A payload is a `<Record>`
 * element as plain values: trimmed strings ('' = absent) or, for nested elements, lists.
 */

export type MvtsPayload = Record<string, unknown>;

export const KIND = 'mvts-xml';

/** Trimmed text of a field; undefined when absent (missing, empty, whitespace, nested). */
export function str(src: MvtsPayload, name: string): string | undefined {
  const v = src[name];
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

export interface NodeEntry extends TranslationEntry {
  creditCode?: string;
  regionCode?: string;
  subjectType?: string;
}

/** The directory entry of a node code (§4.7), compared as the trimmed code. */
export function nodeEntry(ctx: MappingContext, code: string): NodeEntry | undefined {
  const table = ctx.tables['mvts-nodes'];
  if (!table) throw new Error('translation table mvts-nodes is not loaded');
  return table.index.get(code.trim()) as NodeEntry | undefined;
}

/** The record's own node (`NodeCode`, `CarrierNodeCode`): absent → UNPARSEABLE_VALUE, unknown → UNKNOWN_NODE. */
export function ownNode(ctx: MappingContext, src: MvtsPayload, field: string, out: Outcome): NodeEntry | undefined {
  const code = str(src, field);
  if (code === undefined) return out.error('UNPARSEABLE_VALUE', field, `${field} is missing: the record's node cannot be identified`);
  const entry = nodeEntry(ctx, code);
  if (!entry) return out.error('UNKNOWN_NODE', field, `${field} "${code}" is not in the node directory mvts-nodes`, code);
  return entry;
}

/**
 * `<NodeCode>-<business number>` → recordId (§5.5). The business number is required to identify
 * the record; a missing one is UNPARSEABLE_VALUE.
 */
export function recordIdOf(
  ctx: MappingContext,
  stream: string,
  src: MvtsPayload,
  nodeField: string,
  numberField: string,
  out: Outcome,
): string | undefined {
  const node = str(src, nodeField);
  const number = str(src, numberField);
  if (number === undefined)
    return out.error('UNPARSEABLE_VALUE', numberField, `${numberField} is missing: the record cannot be identified`);
  if (node === undefined) return undefined; // reported by ownNode()
  return recordIdFor(ctx.instance.sourceSystem, stream, `${node}-${number}`);
}

const NODE_CODE = /^\d{12}$/;

/**
 * Party fields (§4.7): trimmed and upper-cased; 12 digits → the node's credit code (not found →
 * UNKNOWN_NODE, optional fields too); anything else is an identifier (§5.4): a required field is
 * sent as found, an optional one only when valid (else OPTIONAL_FIELD_DROPPED).
 */
export function party(ctx: MappingContext, src: MvtsPayload, field: string, required: boolean, out: Outcome): string | undefined {
  const raw = str(src, field);
  if (raw === undefined) return undefined;
  const value = normalizeId(raw);
  if (NODE_CODE.test(value)) {
    const entry = nodeEntry(ctx, value);
    if (!entry?.creditCode)
      return out.error('UNKNOWN_NODE', field, `${field} "${value}" is a node code not in the node directory mvts-nodes`, value);
    return entry.creditCode;
  }
  if (required || isValidPartyId(value)) return value;
  out.warn(
    'OPTIONAL_FIELD_DROPPED',
    field,
    `${field} "${maskIfPersonal(value)}" is neither a valid credit code nor a valid resident ID number; omitted`,
  );
  return undefined;
}

/** `yyyyMMddHHmmss` → ISO with +08:00; absent → undefined; malformed → UNPARSEABLE_VALUE. */
export function time(src: MvtsPayload, field: string, out: Outcome): string | undefined {
  const raw = str(src, field);
  if (raw === undefined) return undefined;
  const iso = compactTimeToIso(raw);
  if (iso === null) return out.error('UNPARSEABLE_VALUE', field, `${field} "${raw}" is not a time yyyyMMddHHmmss`, raw);
  return iso;
}

const PLAIN = [/^\d+$/, /^\d+(\.\d)?$/, /^\d+(\.\d{1,2})?$/, /^\d+(\.\d{1,3})?$/];

/** A decimal rounded half up to `places` (§5.3); absent → undefined; malformed → UNPARSEABLE_VALUE. */
export function decimal(src: MvtsPayload, field: string, places: number, out: Outcome, signed = false): number | undefined {
  const raw = str(src, field);
  if (raw === undefined) return undefined;
  // Most values already have at most `places` decimals: the shortest double of the text is then exact.
  if (places <= 3 && PLAIN[places]!.test(raw)) return Number(raw);
  const d = parseDecimal(raw, { signed });
  if (d === null) return out.error('UNPARSEABLE_VALUE', field, `${field} "${raw}" is not a ${signed ? 'signed ' : ''}decimal number`, raw);
  return roundHalfUp(d, places);
}

/** A region field: first six digits of a 6-, 9- or 12-digit code (§7.9). */
export function region(src: MvtsPayload, field: string, out: Outcome): string | undefined {
  const raw = str(src, field);
  if (raw === undefined) return undefined;
  const r = regionPrefix(raw);
  if (r === null) return out.error('UNPARSEABLE_VALUE', field, `${field} "${raw}" is not a 6-, 9- or 12-digit region code`, raw);
  return r;
}

/** `GoodsCode` through `mvts-goods.json` (code lookup); not found → UNKNOWN_CODE. */
export function goods(ctx: MappingContext, src: MvtsPayload, out: Outcome): string | undefined {
  const raw = str(src, 'GoodsCode');
  if (raw === undefined) return undefined;
  return translate(ctx.tables, 'mvts-goods', raw, 'GoodsCode', out)?.target;
}
