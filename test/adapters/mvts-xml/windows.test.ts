import { describe, expect, it } from 'vitest';
import { PageError, SourceError } from '../../../src/adapters/errors';
import { cursorEnd, planRead, splitWindows, windowCursor } from '../../../src/adapters/mvts-xml/windows';
import { retryDelayMs, withRetry } from '../../../src/adapters/mvts-xml/retry';

const NOW = Date.parse('2024-06-12T10:00:30.750+08:00');
const base = { now: NOW, from: null, lookbackMs: 30 * 60_000, settleMs: 2 * 60_000, initialLookbackMs: 24 * 3600_000 };
const bj = (s: string) => Date.parse(`${s}+08:00`);

describe('UploadTime windows (§4.4, §5.10)', () => {
  it('a first pull without startFrom starts initialLookback before now and ends settle before now, in whole seconds', () => {
    expect(planRead(base)).toEqual({ base: { windowEnd: '20240611100030' }, start: bj('2024-06-11T10:00:30'), end: bj('2024-06-12T09:58:30') });
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
    expect(planRead({ ...base, from: { windowEnd: '20240612095000' }, window: { from: '2024-06-10T00:00:00+08:00', until: '2024-06-10T03:30:00+08:00' } }))
      .toEqual({ base: { windowEnd: '20240610000000' }, start: bj('2024-06-10T00:00:00'), end: bj('2024-06-10T03:30:00') });
    expect(planRead({ ...base, window: { from: '2024-06-12T09:00:00+08:00' } }).end).toBe(bj('2024-06-12T09:58:30'));
    expect(planRead({ ...base, window: { from: '2024-06-12T09:00:00+08:00', until: '2024-06-13T00:00:00+08:00' } }).end).toBe(bj('2024-06-12T09:58:30'));
  });

  it('refuses a stored cursor of another shape', () => {
    expect(() => cursorEnd({ seq: 5 })).toThrow(SourceError);
    expect(() => cursorEnd({ windowEnd: '2024-06-12' })).toThrow(SourceError);
    expect(cursorEnd(windowCursor(bj('2024-06-12T09:50:00')))).toBe(bj('2024-06-12T09:50:00'));
  });

  it('cuts a range into consecutive windows of at most the window length', () => {
    const h = 3600_000;
    expect(splitWindows(0, 2.5 * h, h)).toEqual([[0, h], [h, 2 * h], [2 * h, 2.5 * h]]);
    expect(splitWindows(0, h, h)).toEqual([[0, h]]);
    expect(splitWindows(5, 5, h)).toEqual([]);
    expect(splitWindows(10, 5, h)).toEqual([]);
  });
});

describe('retry delays', () => {
  const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
  it('grow exponentially with jitter, never above the cap', () => {
    expect(retryDelayMs(1, policy, 0, () => 0)).toBe(50);
    expect(retryDelayMs(1, policy, 0, () => 0.999999)).toBe(100);
    expect(retryDelayMs(3, policy, 0, () => 0.999999)).toBe(400);
    expect(retryDelayMs(10, policy, 0, () => 0.999999)).toBe(1000);
  });
  it('honour Retry-After up to the cap', () => {
    expect(retryDelayMs(1, policy, 700, () => 0)).toBe(700);
    expect(retryDelayMs(1, policy, 60_000, () => 0)).toBe(1000);
  });
});

describe('withRetry', () => {
  const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 50 };
  it('repeats transient failures, then gives up with the last one', async () => {
    let calls = 0;
    const err = await withRetry(policy, undefined, async () => {
      calls++;
      throw new SourceError('transient', 'TG_MVTS_BUSY', 'busy');
    }).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(err).toMatchObject({ code: 'TG_MVTS_BUSY' });
  });

  it('does not repeat config failures, BODY_TOO_LARGE or a Retry-After beyond the cap', async () => {
    for (const failure of [
      new SourceError('config', 'TG_MVTS_LOGIN_FAILED', 'x'),
      new PageError('BODY_TOO_LARGE', 'x'),
      new SourceError('transient', 'TG_MVTS_HTTP_503', 'x', 60_000),
    ]) {
      let calls = 0;
      await withRetry(policy, undefined, async () => {
        calls++;
        throw failure;
      }).catch(() => undefined);
      expect(calls).toBe(1);
    }
  });

  it('succeeds after a MALFORMED_BODY', async () => {
    let calls = 0;
    const v = await withRetry(policy, undefined, async () => {
      if (++calls < 2) throw new PageError('MALFORMED_BODY', 'cut');
      return 'ok';
    });
    expect([v, calls]).toEqual(['ok', 2]);
  });
});
