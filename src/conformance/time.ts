const BEIJING_OFFSET_MS = 8 * 3600_000;

/** RFC 3339 timestamp at UTC+8, to the second: `2024-03-01T08:00:00+08:00`. */
export function beijingTimestamp(ms: number): string {
  return `${new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The calendar date at UTC+8 (the platform's receive date for §4 stats). */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** A date `days` before the instant's UTC+8 date. */
export function beijingDateDaysBefore(ms: number, days: number): string {
  return beijingDate(ms - days * 86_400_000);
}

/** `YYMMDD` of the UTC+8 date `days` before the instant. */
export function yymmddDaysBefore(ms: number, days: number): string {
  return beijingDateDaysBefore(ms, days).slice(2).replace(/-/g, '');
}
