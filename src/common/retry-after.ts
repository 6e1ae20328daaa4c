/**
 * A `Retry-After` hint longer than this is read as this long. No source or platform means to stop
 * the gateway for more than a day; a hint that says so is a wrong clock or a wrong header, and a
 * bounded delay keeps every caller's arithmetic (timers, `startAfter` dates) finite.
 */
export const MAX_RETRY_AFTER_MS = 24 * 3600_000;

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

/** The three forms of an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, obsolete RFC 850, asctime. */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`, 'i');

/** A calendar time in UTC, or undefined when a field is out of range (31 Feb, 25:00). */
function utc(year: number, monthName: string, day: number, hour: number, minute: number, second: number): number | undefined {
  const month = MONTHS.indexOf(monthName.toLowerCase());
  const at = Date.UTC(year, month, day, hour, minute, second);
  const d = new Date(at);
  const exact =
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second;
  return exact ? at : undefined;
}

/** RFC 9110: a two-digit year more than 50 years ahead of `now` is the most recent past year with those digits. */
function fullYear(twoDigits: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  let year = current - (current % 100) + twoDigits;
  if (year > current + 50) year -= 100;
  return year;
}

function parseHttpDate(value: string, now: number): number | undefined {
  let m = IMF_FIXDATE.exec(value);
  if (m) return utc(Number(m[3]), m[2]!, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC_850.exec(value);
  if (m) return utc(fullYear(Number(m[3]), now), m[2]!, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = ASCTIME.exec(value);
  if (m) return utc(Number(m[6]), m[1]!, Number(m[2]!.trim()), Number(m[3]), Number(m[4]), Number(m[5]));
  return undefined;
}

/**
 * `Retry-After` as milliseconds from `now`: delay-seconds (a decimal fraction is accepted) or an
 * HTTP-date in any of its three forms. Undefined when absent or unreadable (a negative number, a
 * date-like text that is not an HTTP-date); a date in the past gives 0; anything longer than
 * MAX_RETRY_AFTER_MS gives MAX_RETRY_AFTER_MS. Of a repeated header the first value counts.
 * Shared by every caller of a remote: source adapters, the national client, the conformance suite.
 */
export function parseRetryAfter(header: string | readonly string[] | null | undefined, now: number): number | undefined {
  const first = typeof header === 'string' || header == null ? header : header[0];
  if (first === undefined || first === null) return undefined;
  const value = first.trim();
  if (value === '') return undefined;
  let ms: number | undefined;
  if (/^\d+(\.\d+)?$/.test(value)) ms = Math.round(Number(value) * 1000);
  else {
    const at = parseHttpDate(value, now);
    if (at !== undefined) ms = Math.max(0, at - now);
  }
  if (ms === undefined || Number.isNaN(ms)) return undefined;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
