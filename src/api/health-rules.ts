/**
 * Health at a glance (docs/operations.md, "Health at a glance"). One place for the rule the dashboard
 * shows, so the colours mean the same to everyone.
 */
export type Health = 'green' | 'amber' | 'red' | 'off';

export const HEALTH_THRESHOLDS = {
  /** Consecutive failed pulls before an adapter is red (amber from the first). */
  adapterFailuresRed: 3,
  /** No successful pull for this long: amber, then red (assumes schedules of an hour or faster). */
  adapterLagAmberSeconds: 3600,
  adapterLagRedSeconds: 24 * 3600,
  /** A pending record older than this makes its interface amber. */
  pendingAgeAmberSeconds: 600,
} as const;

export function adapterHealth(a: {
  enabled: boolean;
  consecutiveFailures: number;
  lastOutcome: string | null;
  lagSeconds: number | null;
  lastPullAt: string | Date | null;
  openQuarantine: number;
}): Health {
  const t = HEALTH_THRESHOLDS;
  if (!a.enabled) return 'off';
  const neverSucceeded = a.lagSeconds === null && a.lastPullAt !== null;
  if (a.consecutiveFailures >= t.adapterFailuresRed || (a.lagSeconds ?? 0) > t.adapterLagRedSeconds) return 'red';
  if (
    a.consecutiveFailures > 0 ||
    neverSucceeded ||
    a.lastOutcome === 'partial' ||
    (a.lagSeconds ?? 0) > t.adapterLagAmberSeconds ||
    a.openQuarantine > 0
  )
    return 'amber';
  return 'green';
}

export function interfaceHealth(
  i: { failingBatches: number; quarantined: number; oldestPendingAgeSeconds: number | null },
  nationalPaused: boolean,
): Health {
  if (nationalPaused || i.failingBatches > 0) return 'red';
  if (i.quarantined > 0 || (i.oldestPendingAgeSeconds ?? 0) > HEALTH_THRESHOLDS.pendingAgeAmberSeconds) return 'amber';
  return 'green';
}

export function nationalHealth(n: { paused: boolean; lastOkAt: Date | null; lastErrorAt: Date | null }): Health {
  if (n.paused) return 'red';
  if (n.lastErrorAt && (!n.lastOkAt || n.lastErrorAt > n.lastOkAt)) return 'red';
  if (!n.lastOkAt) return 'amber';
  return 'green';
}
