import { SourceError } from '../errors';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

import { isRetryable, sleep } from '../retry';

export { isRetryable, sleep };

/** Exponential backoff: base, 2×base, 4×base… capped. */
export function backoffMs(failures: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(failures - 1, 30));
}

export interface RetryHooks {
  sleep: Sleep;
  onRetry?(err: unknown, failures: number, delayMs: number): void;
}

/**
 * Runs `attempt` until it succeeds, a non-retryable error occurs, or the retries are used up. A
 * `Retry-After` is honoured exactly (at least that long); one longer than `maxDelayMs` ends the
 * read at once with the error, which carries the hint for the next scheduled pull.
 */
export async function withRetry<T>(policy: RetryPolicy, signal: AbortSignal, hooks: RetryHooks, attempt: () => Promise<T>): Promise<T> {
  for (let failures = 0; ; ) {
    try {
      return await attempt();
    } catch (err) {
      failures++;
      if (signal.aborted || !isRetryable(err) || failures > policy.attempts) throw err;
      const retryAfter = err instanceof SourceError ? err.retryAfterMs : undefined;
      if (retryAfter !== undefined && retryAfter > policy.maxDelayMs) throw err;
      const delay = retryAfter ?? backoffMs(failures, policy);
      hooks.onRetry?.(err, failures, delay);
      await hooks.sleep(delay, signal);
    }
  }
}

/** Spaces the start of requests at least 1000/rate ms apart. */
export function createPacer(requestsPerSecond: number, sleepFn: Sleep, now: () => number = () => performance.now()) {
  if (!(requestsPerSecond > 0)) return async (_signal: AbortSignal) => undefined;
  const gap = 1000 / requestsPerSecond;
  let next = 0;
  return async (signal: AbortSignal) => {
    const t = now();
    const at = Math.max(t, next);
    next = at + gap;
    await sleepFn(at - t, signal);
  };
}
