import { parseBeijing } from '../common/time';
import type { BackfillWindow } from './types';

const UNIT_TEXT: Readonly<Record<BackfillWindow['unit'], string>> = {
  time: 'a Beijing time "YYYY-MM-DD HH:mm:ss" or ISO 8601 with offset',
  sequence: 'a sequence number of the source',
};

/** What a window bound of this kind is written as, for help texts and errors. */
export function windowUnitText(window: BackfillWindow): string {
  return UNIT_TEXT[window.unit];
}

/** A bound as a number that orders it among the kind's bounds; null when it is not in the kind's unit. */
export function windowPosition(window: BackfillWindow, value: string): number | null {
  const v = value.trim();
  if (window.unit === 'sequence') return /^\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : null;
  return parseBeijing(v);
}

/** Why `from`/`until` are not a window of the kind: the bound at fault and the reason; undefined when they are. */
export function windowProblem(
  window: BackfillWindow,
  bounds: { from: string; until?: string },
): { bound: 'from' | 'until'; message: string } | undefined {
  const from = windowPosition(window, bounds.from);
  if (from === null) return { bound: 'from', message: `"${bounds.from}" is not ${windowUnitText(window)}` };
  if (bounds.until === undefined) return undefined;
  const until = windowPosition(window, bounds.until);
  if (until === null) return { bound: 'until', message: `"${bounds.until}" is not ${windowUnitText(window)}` };
  if (until <= from) return { bound: 'until', message: 'must be after from' };
  return undefined;
}
