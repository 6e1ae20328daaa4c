import { backoffDelayMs as sharedBackoffDelayMs, retryDelayMs } from '../common/backoff';
import type { Decision } from './classify';

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

/** National §3.2 guidance: start near 1 s, cap near 10 min. */
const NATIONAL_BACKOFF = { baseMs: 1000, capMs: 600_000 };

/**
 * Delay before the next attempt after `attempt` failures (1 = first failure): the gateway's one
 * backoff (src/common/backoff.ts, full jitter above the base) with the national defaults, so the
 * first retry waits about 1 s and no wait exceeds 10 min.
 */
export function backoffDelayMs(attempt: number, opts: BackoffOptions = {}): number {
  return sharedBackoffDelayMs(attempt, backoffOf(opts), opts.random);
}

function backoffOf(opts: BackoffOptions) {
  return { baseMs: opts.baseMs ?? NATIONAL_BACKOFF.baseMs, capMs: opts.capMs ?? NATIONAL_BACKOFF.capMs };
}

/**
 * How long to wait before acting on `decision`; null when the decision is not to send again
 * (success, fix, pause). Re-signing and splitting go again at once. A retry waits at least
 * the platform's Retry-After and at least the backoff; maintenance follows the hint when
 * there is one, since it does not count against the retry budget.
 */
export function nextDelayMs(decision: Decision, attempt: number, opts: BackoffOptions = {}): number | null {
  switch (decision.action) {
    case 'success':
    case 'fix':
    case 'pause':
      return null;
    case 'resign':
    case 'split':
      return 0;
    case 'retry':
      return retryDelayMs(attempt, backoffOf(opts), decision.retryAfterMs, opts.random);
    case 'maintenance':
      return decision.retryAfterMs ?? backoffDelayMs(attempt, opts);
  }
}
