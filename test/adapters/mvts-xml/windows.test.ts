import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/adapters/errors';
import { cursorEnd, planRead, splitWindows, windowCursor } from '../../../src/adapters/mvts-xml/windows';

const NOW = Date.parse('2024-06-12T10:00:30.750+08:00');
const base = { now: NOW, from: null, lookbackMs: 30 * 60_000, settleMs: 2 * 60_000, initialLookbackMs: 24 * 3600_000 };
const bj = (s: string) => Date.parse(`${s}+08:00`);

describe('UploadTime windows (§4.4, §5.10)', () => {
  it('a first pull without startFrom starts initialLookback before now and ends settle before now, in whole seconds', () => {
    expect(planRead(base)).toEqual({
      base: { windowEnd: '20240611100030' },
      start: bj('2024-06-11T10:00:30'),
      end: bj('2024-06-12T09:58:30'),
    });
  });

  it('a first pull with startFrom starts there', () => {
    expect(planRead({ ...base, startFrom: '2024-06-12T08:00:00+08:00' }).start).toBe(bj('2024-06-12T08:00:00'));
    expect(planRead({ ...base, startFrom: '20240612080000' }).start).toBe(bj('2024-06-12T08:00:00'));
    expect(() => planRead({ ...base, startFrom: 'yesterday' })).toThrow(SourceError);
  });

  it('a stored cursor starts lookback before its window end and is kept until a window completes', () => {
    const plan = planRead({ ...base, from: { windowEnd: '20240612095000' } });
    expect(plan).toEqual({ base: { windowEnd: '20240612095000' }, start: bj('2024-06-12T09:20:00'), end: bj('2024-06-12T09:58:30') });
  });

  it('a backfill reads its own range, cut at now − settle', () => {
    expect(
      planRead({
        ...base,
        from: { windowEnd: '20240612095000' },
        window: { from: '2024-06-10T00:00:00+08:00', until: '2024-06-10T03:30:00+08:00' },
      }),
    ).toEqual({ base: { windowEnd: '20240610000000' }, start: bj('2024-06-10T00:00:00'), end: bj('2024-06-10T03:30:00') });
    expect(planRead({ ...base, window: { from: '2024-06-12T09:00:00+08:00' } }).end).toBe(bj('2024-06-12T09:58:30'));
    expect(planRead({ ...base, window: { from: '2024-06-12T09:00:00+08:00', until: '2024-06-13T00:00:00+08:00' } }).end).toBe(
      bj('2024-06-12T09:58:30'),
    );
  });

  it('refuses a stored cursor of another shape', () => {
    expect(() => cursorEnd({ seq: 5 })).toThrow(SourceError);
    expect(() => cursorEnd({ windowEnd: '2024-06-12' })).toThrow(SourceError);
    expect(cursorEnd(windowCursor(bj('2024-06-12T09:50:00')))).toBe(bj('2024-06-12T09:50:00'));
  });

  it('cuts a range into consecutive windows of at most the window length', () => {
    const h = 3600_000;
    expect(splitWindows(0, 2.5 * h, h)).toEqual([
      [0, h],
      [h, 2 * h],
      [2 * h, 2.5 * h],
    ]);
    expect(splitWindows(0, h, h)).toEqual([[0, h]]);
    expect(splitWindows(5, 5, h)).toEqual([]);
    expect(splitWindows(10, 5, h)).toEqual([]);
  });
});
