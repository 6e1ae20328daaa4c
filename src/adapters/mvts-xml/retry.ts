import { SourceError } from '../errors';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

import { isRetryable, sleep } from '../retry';

export { isRetryable, sleep };

/** Exponential backoff with jitter, at least the source's Retry-After, never above the cap. */
export function retryDelayMs(failures: number, policy: RetryPolicy, retryAfterMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(failures - 1, 30));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.min(policy.maxDelayMs, Math.max(retryAfterMs, Math.round(jittered)));
}

/** Runs `attempt` until it succeeds, a non-retryable error occurs, or the attempts are used up. */
export async function withRetry<T>(policy: RetryPolicy, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
  for (let failures = 0; ; ) {
    try {
      return await attempt();
    } catch (err) {
      failures++;
      if (!isRetryable(err) || failures > policy.attempts || signal?.aborted) throw err;
      const retryAfter = err instanceof SourceError ? err.retryAfterMs : undefined;
      // A Retry-After beyond the cap is not waited for inside a read: the next scheduled pull goes on.
      if (retryAfter !== undefined && retryAfter > policy.maxDelayMs) throw err;
      await sleep(retryDelayMs(failures, policy, retryAfter), signal);
    }
  }
}

/** Spaces the start of calls at least 1000/rate ms apart (the service allows 5 per second per account). */
export function createPacer(requestsPerSecond: number): (signal?: AbortSignal) => Promise<void> {
  if (!(requestsPerSecond > 0)) return async () => undefined;
  const gap = 1000 / requestsPerSecond;
  let next = 0;
  return async (signal) => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + gap;
    await sleep(at - now, signal);
  };
}
