import type { Decision } from './classify';

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

/**
 * Delay before the next attempt after `attempt` failures (1 = first failure), "full jitter"
 * with a floor: uniform in [baseMs, min(capMs, baseMs·2^(attempt−1))]. So the first retry
 * waits about 1 s, and no wait exceeds the cap (10 min by default) — national §3.2 guidance.
 */
export function backoffDelayMs(attempt: number, opts: BackoffOptions = {}): number {
  const baseMs = opts.baseMs ?? 1000;
  const capMs = Math.max(baseMs, opts.capMs ?? 600_000);
  const random = opts.random ?? Math.random;
  const n = Math.max(1, Math.floor(attempt));
  // 2^60 already dwarfs any cap; clamp to keep the arithmetic finite.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(n - 1, 60));
  return Math.round(baseMs + random() * (ceiling - baseMs));
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
      return Math.max(decision.retryAfterMs ?? 0, backoffDelayMs(attempt, opts));
    case 'maintenance':
      return decision.retryAfterMs ?? backoffDelayMs(attempt, opts);
  }
}
