/** Source times are Beijing wall-clock time (UTC+8, no DST); national times append `+08:00` (§5.1). */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether year, month (1–12) and day name a real calendar date (proleptic Gregorian). */
export function isRealDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function isRealTime(h: number, mi: number, s: number): boolean {
  return h <= 23 && mi <= 59 && s <= 59;
}

/** `2024-06-12 08:15:32` → `2024-06-12T08:15:32+08:00`; null when not that format or not a real time. */
export function dashedTimeToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (!isRealDate(y, mo, d) || !isRealTime(h, mi, s)) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`;
}

/** `20240612081532` → `2024-06-12T08:15:32+08:00`; null when not that format or not a real time. */
export function compactTimeToIso(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (!isRealDate(y, mo, d) || !isRealTime(h, mi, s)) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`;
}

function beijingParts(epochMs: number): string[] {
  const d = new Date(epochMs + BEIJING_OFFSET_MS);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return [
    p(d.getUTCFullYear(), 4),
    p(d.getUTCMonth() + 1),
    p(d.getUTCDate()),
    p(d.getUTCHours()),
    p(d.getUTCMinutes()),
    p(d.getUTCSeconds()),
  ];
}

/** An instant as Beijing `2024-06-12T08:15:32+08:00` (national `reportedAt`, §7.5 of the source spec). */
export function beijingIso(epochMs: number): string {
  const [y, mo, d, h, mi, s] = beijingParts(epochMs);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`;
}

/** An instant as Beijing `YYYY-MM-DD HH:mm:ss` (provincial `updatedAfter`). */
export function beijingDashed(epochMs: number): string {
  const [y, mo, d, h, mi, s] = beijingParts(epochMs);
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** An instant as Beijing `yyyyMMddHHmmss` (mvts `StartTime`, `RequestTime`). */
export function beijingCompact(epochMs: number): string {
  return beijingParts(epochMs).join('');
}

/** Parses a Beijing `YYYY-MM-DD HH:mm:ss` or `yyyyMMddHHmmss` or an ISO time with offset into epoch ms. */
export function parseBeijing(value: string): number | null {
  const iso = dashedTimeToIso(value) ?? compactTimeToIso(value) ?? (/[zZ]|[+-]\d{2}:\d{2}$/.test(value) ? value : null);
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
