import type { Db } from '../db/pool';
import { adapterRows, batchCounts, deliveredLastMinutes, nationalCounts, quarantineCounts, sourceCounts } from '../db/queries/status';
import { readNationalState } from '../db/queries/national-state';
import { NATIONAL_INTERFACES } from '../national/types';
import { adapterHealth, interfaceHealth, nationalHealth } from './health-rules';

export interface StatusSources {
  db: Db;
  appKey: string;
  nationalBaseUrl: string;
  codeListVersions(): Record<string, string>;
  nextRun(adapterId: string): Date | null;
}

const DELIVERED = ['accepted', 'duplicate'];

/** The whole sync picture in one document: adapters, interfaces, the national platform. */
export async function buildStatus(s: StatusSources) {
  const [adapters, sources, national, quarantine, delivered, batches, nat] = await Promise.all([
    adapterRows(s.db),
    sourceCounts(s.db),
    nationalCounts(s.db, NATIONAL_INTERFACES),
    quarantineCounts(s.db),
    deliveredLastMinutes(s.db, 5),
    batchCounts(s.db),
    readNationalState(s.db, s.appKey),
  ]);
  const now = Date.now();
  const interfaces = NATIONAL_INTERFACES.map((iface) => {
    const rows = national.counts.filter((r) => r.interface === iface);
    const count = (states: string[]) => rows.filter((r) => states.includes(r.state)).reduce((a, r) => a + r.n, 0);
    const oldest = national.oldestWaiting.get(iface);
    const byState: Record<string, number> = {};
    for (const r of rows) byState[r.state.toUpperCase()] = r.n;
    const quarantined = quarantine.filter((q) => q.interface === iface).reduce((a, q) => a + q.n, 0);
    const failingBatches = batches
      .filter((b) => b.interface === iface && (b.state === 'failing' || b.state === 'blocked'))
      .reduce((a, b) => a + b.n, 0);
    const oldestPendingAgeSeconds = oldest ? Math.round((now - oldest.getTime()) / 1000) : null;
    return {
      interface: iface,
      health: interfaceHealth({ failingBatches, quarantined, oldestPendingAgeSeconds }, nat.paused),
      pending: count(['pending']),
      inFlight: count(['batched']),
      delivered: count(DELIVERED),
      accepted: count(['accepted']),
      duplicate: count(['duplicate']),
      rejected: count(['rejected']),
      quarantined,
      byState: { ...byState, QUARANTINED: quarantined },
      oldestPendingAgeSeconds,
      deliveredPerMinute: Math.round(((delivered.find((d) => d.interface === iface)?.n ?? 0) / 5) * 10) / 10,
      failingBatches,
    };
  });
  return {
    time: new Date(now).toISOString(),
    adapters: adapters.map((a) => {
      const counts: Record<string, number> = {};
      for (const c of sources.filter((x) => x.adapter_id === a.id)) counts[c.outcome] = c.n;
      const lagSeconds = a.last_success_at ? Math.round((now - new Date(a.last_success_at).getTime()) / 1000) : null;
      const openQuarantine = quarantine.filter((q) => q.adapter_id === a.id).reduce((x, q) => x + q.n, 0);
      return {
        id: a.id,
        kind: a.kind,
        origin: a.origin,
        enabled: a.enabled,
        state: a.state,
        schedule: a.schedule,
        sourceSystem: a.source_system,
        health: adapterHealth({
          enabled: a.enabled,
          consecutiveFailures: a.consecutive_failures,
          lastOutcome: a.last_outcome,
          lagSeconds,
          lastPullAt: a.last_pull_at,
          openQuarantine,
        }),
        nextPullAt: s.nextRun(a.id)?.toISOString() ?? null,
        lastPull: a.last_pull,
        lastPullAt: a.last_pull_at,
        lastSuccessAt: a.last_success_at,
        lastOutcome: a.last_outcome,
        lastError: a.last_error,
        lastErrorAt: a.last_error_at,
        consecutiveFailures: a.consecutive_failures,
        lagSeconds,
        cursors: a.cursors ?? {},
        counts: { pulled: Object.values(counts).reduce((x, y) => x + y, 0), ...counts, quarantinedOpen: openQuarantine },
      };
    }),
    interfaces,
    national: {
      baseUrl: s.nationalBaseUrl,
      appKey: s.appKey,
      health: nationalHealth(nat),
      paused: nat.paused,
      pausedReason: nat.pausedReason,
      lastOkAt: nat.lastOkAt,
      lastError: nat.lastError,
      lastErrorAt: nat.lastErrorAt,
      reachable: nat.lastOkAt !== null && (nat.lastErrorAt === null || nat.lastOkAt >= nat.lastErrorAt),
      codeListVersions: s.codeListVersions(),
    },
  };
}
