import { isValidCreditCode, isValidResidentId, maskPersonalId } from '../../national/check-characters';

/** §5.4: trimmed (TAB included) and upper-cased; not otherwise altered. */
export function normalizeId(value: string): string {
  return value.trim().toUpperCase();
}

/** A value acceptable in an optional party field: a valid credit code or a valid resident ID. */
export function isValidPartyId(value: string): boolean {
  return isValidCreditCode(value) || isValidResidentId(value);
}

/** Masks anything shaped like an 18-character personal identifier before it reaches a message. */
export function maskIfPersonal(value: string): string {
  return /^\d{17}[\dX]$/i.test(value.trim()) ? maskPersonalId(value.trim()) : value;
}

/** First six digits of a 6-, 9- or 12-digit region (§2.2, §7.9); null otherwise. */
export function regionPrefix(value: string): string | null {
  const v = value.trim();
  return /^(\d{6}|\d{9}|\d{12})$/.test(v) ? v.slice(0, 6) : null;
}
