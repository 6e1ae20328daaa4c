import { describe, expect, it, vi } from 'vitest';
import { adapterHealth, interfaceHealth, nationalHealth } from '../../src/api/health-rules';
import { maskPersonalData, restoreMasked } from '../../src/api/mask';
import { cachedRead } from '../../src/api/status-cache';
import { StatusHistory } from '../../src/api/status-history';
import { roleAllows } from '../../src/auth/roles';
import { bearerToken, generateToken, hashToken } from '../../src/auth/token-secret';

const ID = '622924197803152315';

describe('health at a glance', () => {
  const base = { enabled: true, consecutiveFailures: 0, lastOutcome: 'ok', lagSeconds: 60, lastPullAt: new Date(), openQuarantine: 0 };
  it.each([
    [{}, 'green'],
    [{ enabled: false, consecutiveFailures: 9 }, 'off'],
    [{ openQuarantine: 2 }, 'amber'],
    [{ consecutiveFailures: 1 }, 'amber'],
    [{ lastOutcome: 'partial' }, 'amber'],
    [{ lagSeconds: 2 * 3600 }, 'amber'],
    [{ lagSeconds: null }, 'amber'],
    [{ lagSeconds: null, lastPullAt: null }, 'green'],
    [{ consecutiveFailures: 3 }, 'red'],
    [{ lagSeconds: 25 * 3600 }, 'red'],
  ])('adapter %j → %s', (over, expected) => {
    expect(adapterHealth({ ...base, ...over } as any)).toBe(expected);
  });

  it('interfaces and the national platform', () => {
    expect(interfaceHealth({ failingBatches: 0, quarantined: 0, oldestPendingAgeSeconds: 30 }, false)).toBe('green');
    expect(interfaceHealth({ failingBatches: 0, quarantined: 1, oldestPendingAgeSeconds: null }, false)).toBe('amber');
    expect(interfaceHealth({ failingBatches: 0, quarantined: 0, oldestPendingAgeSeconds: 601 }, false)).toBe('amber');
    expect(interfaceHealth({ failingBatches: 1, quarantined: 0, oldestPendingAgeSeconds: null }, false)).toBe('red');
    expect(interfaceHealth({ failingBatches: 0, quarantined: 0, oldestPendingAgeSeconds: null }, true)).toBe('red');
    const t = (s: number) => new Date(1_700_000_000_000 + s * 1000);
    expect(nationalHealth({ paused: false, lastOkAt: null, lastErrorAt: null })).toBe('amber');
    expect(nationalHealth({ paused: false, lastOkAt: t(2), lastErrorAt: t(1) })).toBe('green');
    expect(nationalHealth({ paused: false, lastOkAt: t(1), lastErrorAt: t(2) })).toBe('red');
    expect(nationalHealth({ paused: true, lastOkAt: t(2), lastErrorAt: null })).toBe('red');
  });
});

describe('masking for display and edits', () => {
  it('masks resident IDs in any string, deep, and leaves other values', () => {
    const shown = maskPersonalData({
      code: ID,
      note: `farmer ${ID.toLowerCase().replace('5', '5')} here`,
      n: 5,
      list: [{ sfzh: `\t${ID}` }],
      credit: '91620123MA72K4D128',
      trace: '62012301260105000018',
    });
    expect(shown).toEqual({
      code: '6229**********2315',
      note: 'farmer 6229**********2315 here',
      n: 5,
      list: [{ sfzh: '\t6229**********2315' }],
      credit: '91620123MA72K4D128',
      trace: '62012301260105000018',
    });
  });

  it('keeps the stored value where an edit left the masked text, and takes every real change', () => {
    const original = { code: ID, name: '张三', items: [{ id: ID }], extra: 'x' };
    const edited = { code: '6229**********2315', name: '张三丰', items: [{ id: '6229**********2315' }, { id: 'new' }], added: true };
    expect(restoreMasked(edited, original)).toEqual({ code: ID, name: '张三丰', items: [{ id: ID }, { id: 'new' }], added: true });
    expect(restoreMasked({ code: '622924197803150000' }, original)).toEqual({ code: '622924197803150000' });
  });
});

describe('small parts', () => {
  it('tokens: random, hashed, parsed from the header', () => {
    const a = generateToken();
    expect(a).not.toBe(generateToken());
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(bearerToken(`Bearer ${a}`)).toBe(a);
    expect(bearerToken(`Basic ${a}`)).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'admin')).toBe(false);
    expect(roleAllows('viewer', 'viewer')).toBe(true);
  });

  it('status reads are shared within the cache age and re-read after invalidate', async () => {
    let now = 0;
    let reads = 0;
    const read = cachedRead(
      async () => ++reads,
      1000,
      () => now,
    );
    expect(await Promise.all([read(), read()])).toEqual([1, 1]);
    now = 999;
    expect(await read()).toBe(1);
    now = 1000;
    expect(await read()).toBe(2);
    read.invalidate();
    expect(await read()).toBe(3);
  });

  it('the status history keeps the newest samples up to its capacity', () => {
    const h = new StatusHistory(3);
    for (let i = 0; i < 5; i++) h.add({ time: `t${i}`, interfaces: {} });
    expect(h.list().map((s) => s.time)).toEqual(['t2', 't3', 't4']);
  });

  it('the status history samples at its interval, and less often when a sample is slow', async () => {
    vi.useFakeTimers();
    try {
      const h = new StatusHistory();
      let costMs = 10;
      let reads = 0;
      const read = async () => {
        reads++;
        await new Promise((r) => setTimeout(r, costMs));
        return { time: `t${reads}`, interfaces: [] };
      };
      const stop = h.start(1000, read, undefined, 0.05);
      await vi.advanceTimersByTimeAsync(5_100);
      expect(reads).toBe(5); // a fast sample: every second (plus its own 10 ms)
      costMs = 2000; // from the 6th on, a sample takes 2 s: at most 5 % of the time, so one every 40 s
      await vi.advanceTimersByTimeAsync(1_000);
      expect(reads).toBe(6);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(reads).toBe(7);
      stop();
      await vi.advanceTimersByTimeAsync(120_000);
      expect(reads).toBe(7);
    } finally {
      vi.useRealTimers();
    }
  });
});
