import { daysInMonth } from '../common/time';

/**
 * Dates and timestamps of national §1, §7.18 and §7.20: `YYYY-MM-DD` calendar dates, and RFC 3339
 * timestamps with seconds, an optional fraction of 1–9 digits and a mandatory offset (`Z` or
 * `±HH:MM` between `-12:00` and `+14:00`). `T` and `Z` are upper case; `-00:00` (RFC 3339's
 * "offset unknown"), a space for `T`, `+0800`, a missing offset and a leap second (`:60`) are
 * refused. Years run 0001–9999.
 */

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

function isDayOf(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && Number(m[1]) >= 1 && isDayOf(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A timestamp reduced to a comparable instant. */
export interface Instant {
  /** Whole seconds since 1970-01-01T00:00:00Z. */
  epochSeconds: number;
  /** Fraction digits as written, without trailing zeros (`'5'` for `.500`). */
  fraction: string;
}

/** Value of `count` ASCII digits at `at`, or -1. Hand-rolled: timestamps are on the hot path. */
function digits(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const MAX_FRACTION_DIGITS = 9;
/** Offsets in minutes east of UTC (§7.20). */
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;

/** Where the fraction ends (the offset starts), or -1 for a malformed fraction (none or over 9 digits). */
function fractionEnd(s: string): number {
  if (s.charCodeAt(19) !== 46 /* . */) return 19;
  let i = 20;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i > 20 && i - 20 <= MAX_FRACTION_DIGITS ? i : -1;
}

/** `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` → seconds since the epoch, or NaN. */
function epochSecondsOf(s: string): number {
  if (s.length < 20) return NaN;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 1 || !isDayOf(year, month, day) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return NaN;
  }
  const end = fractionEnd(s);
  if (end < 0) return NaN;
  let offsetSeconds: number;
  if (end === s.length - 1 && s[end] === 'Z') {
    offsetSeconds = 0;
  } else if (end === s.length - 6 && (s[end] === '+' || s[end] === '-') && s[end + 3] === ':') {
    const offsetHours = digits(s, end + 1, 2);
    const offsetMinutes = digits(s, end + 4, 2);
    if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) return NaN;
    const negative = s[end] === '-';
    const minutesEast = (negative ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
    if (minutesEast < MIN_OFFSET_MINUTES || minutesEast > MAX_OFFSET_MINUTES) return NaN;
    if (negative && minutesEast === 0) return NaN; // -00:00: offset unknown
    offsetSeconds = minutesEast * 60;
  } else {
    return NaN;
  }
  return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
}

export function parseTimestamp(s: string): Instant | undefined {
  const epochSeconds = epochSecondsOf(s);
  if (Number.isNaN(epochSeconds)) return undefined;
  const end = fractionEnd(s);
  return { epochSeconds, fraction: end > 19 ? s.slice(20, end).replace(/0+$/, '') : '' };
}

export function isTimestamp(s: string): boolean {
  return !Number.isNaN(epochSecondsOf(s));
}

/** Negative when `a` is before `b`, 0 at the same instant, positive after. */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.epochSeconds !== b.epochSeconds) return a.epochSeconds - b.epochSeconds;
  const width = Math.max(a.fraction.length, b.fraction.length);
  const fa = a.fraction.padEnd(width, '0');
  const fb = b.fraction.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; no `Date`, so years 0–99 stay as written). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
