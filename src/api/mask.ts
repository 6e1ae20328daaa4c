import { redactDeep, redactLeaf } from '../redaction';

/**
 * Deep copy for display: resident ID numbers (in strings, and numbers holding one) and any registered
 * secret are masked, all but the first 4 and last 4 characters (national §6.3). Keys are kept; no
 * depth limit, cycles become `[Circular]`.
 */
export function maskPersonalData<T>(value: T): T {
  return redactDeep(value) as T;
}

/**
 * An operator edits a payload they saw masked. Where the edit left a masked value as shown, the stored
 * value is kept, so saving a correction never writes `6229**********2315` over a real identifier.
 */
export function restoreMasked(edited: unknown, original: unknown, depth = 0): unknown {
  if (depth > 64) return edited;
  if (typeof edited === 'string' && (typeof original === 'string' || typeof original === 'number' || typeof original === 'bigint')) {
    const shown = redactLeaf(original);
    return edited !== original && shown !== original && shown === edited ? original : edited;
  }
  if (Array.isArray(edited) && Array.isArray(original)) return edited.map((v, i) => restoreMasked(v, original[i], depth + 1));
  if (
    edited &&
    original &&
    typeof edited === 'object' &&
    typeof original === 'object' &&
    !Array.isArray(edited) &&
    !Array.isArray(original)
  ) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(edited)) out[k] = restoreMasked(v, (original as Record<string, unknown>)[k], depth + 1);
    return out;
  }
  return edited;
}
