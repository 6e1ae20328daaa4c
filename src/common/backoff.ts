/** Exponential backoff: the first delay, and the cap no delay exceeds. */
export interface Backoff {
  baseMs: number;
  capMs: number;
}

/**
 * Delay before the next attempt after `attempt` failures (1 = the first failure): exponential
 * backoff with full jitter above a floor, uniform in [baseMs, min(capMs, baseMs·2^(attempt−1))].
 * So the first retry waits baseMs, later ones spread over a doubling range, none beyond the cap
 * (national §3.2: start near 1 s, cap near 10 min, add jitter). `random` is Math.random or a test's.
 */
export function backoffDelayMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const { baseMs } = backoff;
  const capMs = Math.max(baseMs, backoff.capMs);
  const n = Math.max(1, Math.floor(attempt));
  // 2^60 already dwarfs any cap; clamp to keep the arithmetic finite.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(n - 1, 60));
  return Math.round(baseMs + random() * (ceiling - baseMs));
}

/** The wait before a retry: at least the remote's Retry-After, and at least the backoff. */
export function retryDelayMs(
  attempt: number,
  backoff: Backoff,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  return Math.max(retryAfterMs ?? 0, backoffDelayMs(attempt, backoff, random));
}
