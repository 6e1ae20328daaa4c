import { redactText } from '../log';

/**
 * Deep copy for display: resident ID numbers (and any registered secret) inside any string are masked,
 * all but the first 4 and last 4 characters (national §6.3). Keys are kept.
 */
export function maskPersonalData<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskPersonalData(v, depth + 1);
  return out as T;
}

/**
 * An operator edits a payload they saw masked. Where the edit left a masked value as shown, the stored
 * value is kept, so saving a correction never writes `6229**********2315` over a real identifier.
 */
export function restoreMasked(edited: unknown, original: unknown, depth = 0): unknown {
  if (depth > 32) return edited;
  if (typeof edited === 'string' && typeof original === 'string') {
    return edited !== original && redactText(original) === edited ? original : edited;
  }
  if (Array.isArray(edited) && Array.isArray(original)) return edited.map((v, i) => restoreMasked(v, original[i], depth + 1));
  if (edited && original && typeof edited === 'object' && typeof original === 'object' && !Array.isArray(edited) && !Array.isArray(original)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(edited)) out[k] = restoreMasked(v, (original as Record<string, unknown>)[k], depth + 1);
    return out;
  }
  return edited;
}
