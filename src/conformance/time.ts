import { beijingIso } from '../common/time';

/** The calendar date at UTC+8 (the platform's receive date for §4 stats). */
export function beijingDate(ms: number): string {
  return beijingIso(ms).slice(0, 10);
}

/** A date `days` before the instant's UTC+8 date. */
export function beijingDateDaysBefore(ms: number, days: number): string {
  return beijingDate(ms - days * 86_400_000);
}

/** `YYMMDD` of the UTC+8 date `days` before the instant. */
export function yymmddDaysBefore(ms: number, days: number): string {
  return beijingDateDaysBefore(ms, days).slice(2).replace(/-/g, '');
}
