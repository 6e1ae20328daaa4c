import { retryDelayMs } from '../../common/backoff';
import { PageError, SourceError } from '../errors';
import { aborted, sleep as realSleep, type Sleep } from './sleep';

/** How one call to a source is repeated after transient failures (the `retry` block of the common options). */
export interface RetryPolicy {
  /** Attempts of one call in all, the first included. */
  maxAttempts: number;
  /** The first backoff delay; the range doubles per failure, with full jitter above this floor. */
  baseDelayMs: number;
  /** Cap of one backoff delay. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for inside a read: the call fails with the error, which keeps the hint. */
  maxRetryAfterMs: number;
}

export interface RetryHooks {
  /** The read's signal: an abort ends the call with TG_SOURCE_ABORTED, also during a wait. */
  signal?: AbortSignal;
  sleep?: Sleep;
  random?: () => number;
  /** Which failures deserve another attempt; default isRetryable. */
  retryable?: (err: unknown) => boolean;
  /** Told before each wait, to log the failure. `attempt` is the number of the attempt that failed. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Transient failures are retried within one read: 5xx, 429, timeouts, network errors and every
 * page error but BODY_TOO_LARGE (the same request gives the same size). Config and system failures
 * and a cancelled read are not.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof PageError) return err.code !== 'BODY_TOO_LARGE';
  if (err instanceof SourceError) return err.failure === 'transient' && err.code !== 'TG_SOURCE_ABORTED';
  return false;
}

/**
 * Runs `attempt` until it succeeds, fails with an error not worth repeating, or `maxAttempts` are
 * used up; the last error is thrown as it is. Between attempts it waits at least the source's
 * `Retry-After` (SourceError.retryAfterMs) and at least the backoff; a `Retry-After` beyond
 * `maxRetryAfterMs` ends the call at once, so the next scheduled pull goes on instead.
 */
export async function withRetry<T>(policy: RetryPolicy, hooks: RetryHooks, attempt: () => Promise<T>): Promise<T> {
  const { signal, sleep = realSleep, random = Math.random, retryable = isRetryable, onRetry } = hooks;
  const backoff = { baseMs: policy.baseDelayMs, capMs: policy.maxDelayMs };
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw aborted();
    try {
      return await attempt();
    } catch (err) {
      if (signal?.aborted) throw aborted();
      if (n >= policy.maxAttempts || !retryable(err)) throw err;
      const retryAfterMs = err instanceof SourceError ? err.retryAfterMs : undefined;
      if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) throw err;
      const delayMs = retryDelayMs(n, backoff, retryAfterMs, random);
      onRetry?.(err, n, delayMs);
      await sleep(delayMs, signal);
    }
  }
}
