import type { AdapterWarning, RawRecord } from '../adapters/types';
import { canonicalJson } from './canonical';
import { escapePointerToken } from '../national/json-pointer';

/** PostgreSQL text and jsonb cannot hold U+0000; a source value with it is stored with U+FFFD in its place. */
const NUL = /\u0000/g;
const REPLACEMENT = '\uFFFD';

const NUL_WARNING: AdapterWarning = {
  code: 'NUL_REPLACED',
  message: 'the source sent the character U+0000 (NUL), which cannot be stored; it is kept as U+FFFD and the record is quarantined',
};

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || holdsNul(v));
}

function replaceNul(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NUL, REPLACEMENT);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(replaceNul);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(NUL, REPLACEMENT), replaceNul(v)]));
}

/**
 * A record as PostgreSQL can store it. Without this, one hostile value would fail the whole page's
 * transaction at every retry and hold the stream; with it, the record is stored and then quarantined,
 * since its national record would carry U+FFFD (see firstReplacementCharacter).
 */
export function storableRecord(r: RawRecord): RawRecord {
  if (!holdsNul(r.payload) && !holdsNul(r.rawText) && !holdsNul(r.sourceKey) && !holdsNul(r.orderingKey)) return r;
  return {
    ...r,
    sourceKey: r.sourceKey.replace(NUL, REPLACEMENT),
    orderingKey: r.orderingKey.replace(NUL, REPLACEMENT),
    payload: replaceNul(r.payload),
    ...(r.rawText === undefined ? {} : { rawText: r.rawText.replace(NUL, REPLACEMENT) }),
    warnings: [...(r.warnings ?? []), NUL_WARNING],
  };
}

/**
 * storableRecord, with the payload's canonical text (canonicalJson), which staging stores and hashes.
 * JSON writes U+0000 as the escape \u0000, so a text without that escape holds none and the payload
 * is not walked (the common case, once per staged record).
 */
export function storableWithText(r: RawRecord): { record: RawRecord; payloadText: string } {
  const text = canonicalJson(r.payload);
  if (!text.includes('\\u0000') && !holdsNul(r.rawText) && !holdsNul(r.sourceKey) && !holdsNul(r.orderingKey)) {
    return { record: r, payloadText: text };
  }
  const record = storableRecord(r);
  return { record, payloadText: record === r ? text : canonicalJson(record.payload) };
}

/**
 * The JSON pointer of the first value holding U+FFFD, or null. Decoding is strict and never
 * substitutes it (source-subsystems §5.9), so in a national record it only marks a character that
 * could not be read or stored: such a record is not sent.
 */
export function firstReplacementCharacter(value: unknown): string | null {
  return holdsReplacement(value) ? pointerToReplacement(value, '') : null;
}

function holdsReplacement(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(REPLACEMENT);
  if (value === null || typeof value !== 'object') return false;
  for (const v of Object.values(value)) if (holdsReplacement(v)) return true;
  return false;
}

function pointerToReplacement(value: unknown, pointer: string): string | null {
  if (typeof value === 'string') return value.includes(REPLACEMENT) ? pointer || '/' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = pointerToReplacement(v, `${pointer}/${escapePointerToken(k)}`);
    if (found) return found;
  }
  return null;
}
