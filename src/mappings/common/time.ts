import { isRealDate } from '../../common/time';

/**
 * A source date `YYYY-MM-DD`, or `YYYY-MM-DD <anything>` whose time part is ignored (§2.2, §7.9);
 * null when the date part is not a real calendar date.
 */
export function sourceDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$/.exec(value.trim());
  if (!m) return null;
  if (!isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}
