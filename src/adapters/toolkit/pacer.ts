import { aborted, sleep as realSleep, type Sleep } from './sleep';

/** Waits until the next request may start; rejects with TG_SOURCE_ABORTED when the signal aborts meanwhile. */
export type Pacer = (signal?: AbortSignal) => Promise<void>;

/**
 * Spaces the starts of an instance's requests at least 1000/requestsPerSecond ms apart, all
 * endpoints together, in the order they ask; 0 (or less) leaves requests unpaced. The slot is taken
 * before the wait, so concurrent callers queue up instead of starting together.
 */
export function createPacer(requestsPerSecond: number, wait: Sleep = realSleep, clock: () => number = () => performance.now()): Pacer {
  if (!(requestsPerSecond > 0)) return async () => undefined;
  const gap = 1000 / requestsPerSecond;
  let next = Number.NEGATIVE_INFINITY;
  return async (signal) => {
    if (signal?.aborted) throw aborted();
    const now = clock();
    const slot = Math.max(now, next);
    next = slot + gap;
    if (slot > now) await wait(slot - now, signal);
  };
}
