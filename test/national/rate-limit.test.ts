import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryConfig } from 'pg';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createPool, type Db } from '../../src/db/pool';
import { reserveRateSlot } from '../../src/db/queries/rate-limit';
import { createSharedRateLimiter } from '../../src/national/rate-limit';

/** Largest number of timestamps inside any window of `ms`. */
function maxInWindow(times: number[], ms: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('shared national rate limit', () => {
  let t: TestDatabase;
  let other: Db;

  beforeAll(async () => {
    t = await createTestDatabase();
    // A second pool stands for a second gateway process on the same database.
    other = createPool({ url: t.url, schema: t.schema, max: 4 });
  });

  afterAll(async () => {
    await other?.end();
    await t?.drop();
  });

  it('holds the limit for the appKey across processes, counted in any sliding second', async () => {
    const a = createSharedRateLimiter(t.db, { key: 'k-shared', perSecond: 10 });
    const b = createSharedRateLimiter(other, { key: 'k-shared', perSecond: 10 });
    const times: number[] = [];
    const take = async (l: typeof a, n: number) => {
      for (let i = 0; i < n; i++) {
        await l.acquire();
        times.push(Date.now());
      }
    };
    const started = Date.now();
    await Promise.all([take(a, 15), take(a, 15), take(b, 15), take(b, 15)]);
    const elapsed = Date.now() - started;
    expect(times).toHaveLength(60);
    // 60 requests at 10 per sliding second cannot finish in much under 5 windows.
    expect(elapsed).toBeGreaterThanOrEqual(4 * 1000);
    const fromDb = (await t.db.query(`SELECT extract(epoch from at) * 1000 AS ms FROM rate_limit_log WHERE key = 'k-shared'`)).rows.map(
      (r) => Number(r.ms),
    );
    expect(maxInWindow(fromDb, 1000)).toBeLessThanOrEqual(10);
    // Once the window is half full, requests are spaced window ÷ limit (103 ms) apart, not sent in a burst.
    const sorted = [...fromDb].sort((x, y) => x - y);
    const spacedGaps = sorted.slice(1).flatMap((ms, i) => {
      const inWindow = sorted.slice(0, i + 1).filter((earlier) => earlier > ms - 1030).length;
      return inWindow >= 5 ? [ms - sorted[i]!] : [];
    });
    expect(spacedGaps.length).toBeGreaterThanOrEqual(10);
    expect(Math.min(...spacedGaps)).toBeGreaterThanOrEqual(102.9);
  }, 30_000);

  it('keeps separate appKeys apart', async () => {
    const a = createSharedRateLimiter(t.db, { key: 'k-a', perSecond: 5 });
    const b = createSharedRateLimiter(t.db, { key: 'k-b', perSecond: 5 });
    for (let i = 0; i < 5; i++) await a.acquire();
    // The window of k-a is full: its next request waits for the window to move, k-b's goes at once.
    const winner = await Promise.race([a.acquire().then(() => 'k-a'), b.acquire().then(() => 'k-b')]);
    expect(winner).toBe('k-b');
  });
  it('reserves slots ahead, so a busy window leaves requests exactly window ÷ limit apart', async () => {
    const a = createSharedRateLimiter(t.db, { key: 'k-ahead', perSecond: 20 });
    const b = createSharedRateLimiter(other, { key: 'k-ahead', perSecond: 20 });
    const take = async (l: typeof a, n: number) => {
      for (let i = 0; i < n; i++) await l.acquire();
    };
    await Promise.all([take(a, 10), take(a, 10), take(b, 10), take(b, 10)]);
    const at = (
      await t.db.query(`SELECT extract(epoch from at) * 1000 AS ms FROM rate_limit_log WHERE key = 'k-ahead' ORDER BY at`)
    ).rows.map((r) => Number(r.ms));
    expect(at).toHaveLength(40);
    expect(maxInWindow(at, 1030)).toBeLessThanOrEqual(20);
    const gaps = at.slice(11).map((ms, i) => ms - at[i + 10]!);
    const median = [...gaps].sort((x, y) => x - y)[Math.floor(gaps.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(51.5 - 0.01);
    expect(median).toBeLessThan(52.5);
  }, 30_000);

  it('reserves a slot in one statement, the key passed as it is', async () => {
    let sent = 0;
    const counting = {
      query: (config: QueryConfig) => {
        sent++;
        return t.db.query(config);
      },
    } as unknown as Db;
    const key = "k-'quoted'; --";
    const slot = await reserveRateSlot(counting, key, 20, 1030);
    expect(slot.at.getTime()).toBeGreaterThanOrEqual(slot.now.getTime());
    expect(sent).toBe(1);
    expect((await t.db.query('SELECT count(*)::int AS n FROM rate_limit_log WHERE key = $1', [key])).rows[0].n).toBe(1);
    await expect(reserveRateSlot(t.db, key, 0, 1030)).rejects.toThrow(/whole number of 1 or more/);
  });

  it('gives up a wait when its signal is aborted', async () => {
    const a = createSharedRateLimiter(t.db, { key: 'k-abort', perSecond: 2 });
    await a.acquire();
    await a.acquire();
    const ac = new AbortController();
    const waiting = a.acquire(ac.signal);
    setTimeout(() => ac.abort(), 20);
    await expect(waiting).rejects.toThrow(/cancelled/);
  });
});
