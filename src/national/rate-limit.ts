import type { Db } from '../db/pool';
import { takeRateSlot } from '../db/queries/rate-limit';

export interface RateLimiter {
  /** Resolves when this process may send one more request under the shared limit. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/**
 * A sliding one-second window (national §7.5) shared by every gateway process through PostgreSQL:
 * each request is logged under an advisory lock, and a request waits while the window is full.
 * The window is slightly longer than a second to absorb network jitter between processes. Once the
 * window is half full, requests are also spaced evenly (window ÷ limit apart): a full burst at the
 * start of each window would let a request delayed on its way meet the next window's first ones at
 * the platform.
 */
export function createSharedRateLimiter(db: Db, opts: { key: string; perSecond: number; windowMs?: number }): RateLimiter {
  const windowMs = opts.windowMs ?? 1030;
  const limit = Math.max(1, Math.floor(opts.perSecond));
  async function take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new Error('rate limit wait cancelled');
      const waitMs = await tryTake(db, opts.key, limit, windowMs);
      if (waitMs <= 0) return;
      await new Promise((r) => setTimeout(r, Math.min(waitMs, 250)));
    }
  }
  // One request of this process at a time asks the database; the others wait their turn here, so
  // workers waiting for the same slot do not all query (and queue on the lock) at every slot.
  let turn: Promise<void> = Promise.resolve();
  return {
    acquire(signal) {
      const mine = turn.then(() => take(signal));
      turn = mine.catch(() => undefined);
      return mine;
    },
  };
}

/** Takes a slot when the window has room and the spacing allows it, else says how long to wait. */
async function tryTake(db: Db, key: string, limit: number, windowMs: number): Promise<number> {
  const { n, oldest, newest, now, spacingMs, taken } = await takeRateSlot(db, key, limit, windowMs);
  if (taken) return 0;
  const sinceNewest = newest ? now.getTime() - newest.getTime() : Infinity;
  const windowWait = n < limit ? 0 : oldest ? oldest.getTime() + windowMs - now.getTime() : 10;
  return Math.max(1, windowWait, Math.ceil(spacingMs - sinceNewest));
}
