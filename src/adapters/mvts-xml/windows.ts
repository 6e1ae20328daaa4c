import { beijingCompact, parseBeijing } from '../../common/time';
import { SourceError } from '../errors';
import type { Cursor } from '../types';

/**
 * UploadTime windows of source-subsystems §4.4 and §5.10: [start, end) in whole seconds, at most
 * `windowMinutes` long, the last ending at now − settleMinutes. The stored cursor is the end of
 * the last completed window; the next read starts `lookback` before it.
 */

export interface WindowPlanInput {
  now: number;
  /** Stored cursor, or null for the first pull. */
  from: Cursor | null;
  /** Backfill range (Beijing ISO or compact times); the stored cursor is then ignored. */
  window?: { from: string; until?: string };
  startFrom?: string;
  lookbackMs: number;
  settleMs: number;
  initialLookbackMs: number;
}

export interface WindowPlan {
  /** The position restarted reads lose nothing from, until the first window completes. */
  base: Cursor;
  start: number;
  end: number;
}

export function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function windowCursor(endMs: number): Cursor {
  return { windowEnd: beijingCompact(endMs) };
}

function parseTime(value: string, what: string): number {
  const ms = parseBeijing(value.trim());
  if (ms === null)
    throw new SourceError(
      'config',
      'TG_MVTS_BAD_TIME',
      `${what} "${value}" is not a Beijing time (yyyyMMddHHmmss, YYYY-MM-DD HH:mm:ss or ISO 8601 with offset)`,
    );
  return floorToSecond(ms);
}

/** The stored cursor's window end; a cursor of another shape is a defect, not data. */
export function cursorEnd(cursor: Cursor): number {
  const end = cursor.windowEnd;
  const ms = typeof end === 'string' && /^\d{14}$/.test(end) ? parseBeijing(end) : null;
  if (ms === null)
    throw new SourceError('system', 'TG_MVTS_BAD_CURSOR', `stored cursor ${JSON.stringify(cursor)} is not { windowEnd: yyyyMMddHHmmss }`);
  return ms;
}

/** Where a read starts and ends, and the cursor its unfinished first window leaves in place. */
export function planRead(input: WindowPlanInput): WindowPlan {
  const limit = floorToSecond(input.now - input.settleMs);
  if (input.window) {
    const start = parseTime(input.window.from, 'backfill start');
    const end = input.window.until ? Math.min(parseTime(input.window.until, 'backfill end'), limit) : limit;
    return { base: windowCursor(start), start, end };
  }
  if (input.from) {
    const start = cursorEnd(input.from) - input.lookbackMs;
    return { base: input.from, start, end: limit };
  }
  const start = input.startFrom ? parseTime(input.startFrom, 'startFrom') : floorToSecond(input.now - input.initialLookbackMs);
  return { base: windowCursor(start), start, end: limit };
}

/** [start, end) cut into consecutive windows of at most `windowMs`; none when start ≥ end. */
export function splitWindows(start: number, end: number, windowMs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = start; s < end; s += windowMs) out.push([s, Math.min(s + windowMs, end)]);
  return out;
}
