import { text } from '../common/normalize';
import { regionPrefix } from '../common/identifiers';
import { sourceDate } from '../common/time';
import type { Outcome } from '../common/outcome';

/** A provincial record as received: JSON strings or null, plus the `jcxm` array of inspections (§2.2). */
export type ProvincialRecord = Readonly<Record<string, unknown>>;

/** The record itself when it is a JSON object, else an empty one (every field then reads as absent). */
export function asRecord(value: unknown): ProvincialRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as ProvincialRecord) : {};
}

/** First six digits of a 6-, 9- or 12-digit region field (§2.2); UNPARSEABLE_VALUE otherwise (§7.9). */
export function regionOf(value: unknown, field: string, out: Outcome): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const region = regionPrefix(raw);
  if (region === null) out.error('UNPARSEABLE_VALUE', field, `${field} "${raw}" is not a 6-, 9- or 12-digit region code`, raw);
  return region ?? undefined;
}

/** The date part of a date field; an older `YYYY-MM-DD 00:00:00` keeps its date (§2.2, §7.9). */
export function dateOf(value: unknown, field: string, out: Outcome): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const date = sourceDate(raw);
  if (date === null) out.error('UNPARSEABLE_VALUE', field, `${field} "${raw}" is not a date YYYY-MM-DD`, raw);
  return date ?? undefined;
}
