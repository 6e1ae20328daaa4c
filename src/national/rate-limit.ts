import { abortableSleep } from '../common/sleep';
import type { Db } from '../db/pool';
import { reserveRateSlot } from '../db/queries/rate-limit';

export interface RateLimiter {
  /** Resolves when this process may send one more request under the shared limit. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/**
 * A sliding one-second window (national §7.5) shared by every gateway process through PostgreSQL:
 * each request reserves its slot in a log under an advisory lock, then waits until the slot's time.
 * The window is slightly longer than a second to absorb network jitter between processes. Once the
 * window is half full, slots are also spaced evenly (window ÷ limit apart): a full burst at the
 * start of each window would let a request delayed on its way meet the next window's first ones at
 * the platform. Reserving ahead, instead of asking again until a slot is free, keeps the contract
 * full: the wait is exact, not a poll plus a round trip.
 */
export function createSharedRateLimiter(db: Db, opts: { key: string; perSecond: number; windowMs?: number }): RateLimiter {
  const windowMs = opts.windowMs ?? 1030;
  const limit = Math.max(1, Math.floor(opts.perSecond));
  // One request of this process at a time reserves; the others wait their turn here, so workers do
  // not all queue on the advisory lock. Only the reservation is taken in turn, not the wait after it.
  let turn: Promise<unknown> = Promise.resolve();
  return {
    async acquire(signal) {
      if (signal?.aborted) throw cancelled();
      const reserved = turn.then(() => reserveRateSlot(db, opts.key, limit, windowMs));
      turn = reserved.catch(() => undefined);
      const slot = await reserved;
      await abortableSleep(slot.at.getTime() - slot.now.getTime(), signal, cancelled);
    },
  };
}

const cancelled = (): Error => new Error('rate limit wait cancelled');
