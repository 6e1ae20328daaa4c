import type { Queryable } from '../db/pool';
import {
  longFailingBatches,
  pausedNationalCredentials,
  reconciliationDifferences,
  recentQuarantine,
  repeatedlyFailingAdapters,
} from '../db/queries/alert-conditions';
import type { ActiveCondition } from './condition';
import { noticeConditions } from './notice-conditions';
import type { AlertSettings } from './settings';

/** Every alert condition that holds now, read from PostgreSQL (so every process sees the same). */
export async function activeConditions(db: Queryable, s: AlertSettings): Promise<ActiveCondition[]> {
  const [failing, paused, quarantine, adapters, reconciliations, notices] = await Promise.all([
    longFailingBatches(db, s.deliveryFailingMinutes),
    pausedNationalCredentials(db),
    recentQuarantine(db, s.quarantineSpike.minutes),
    repeatedlyFailingAdapters(db, s.adapterFailures),
    reconciliationDifferences(db, s.reconciliationDays),
    noticeConditions(db, s.noticeDueMinutes),
  ]);
  const out: ActiveCondition[] = [];
  for (const f of failing) {
    out.push({
      key: `delivery-failing:${f.interface}`,
      kind: 'delivery-failing',
      summary: `delivery of ${f.interface} failing for more than ${s.deliveryFailingMinutes} min (${f.batches} batch${f.batches === 1 ? '' : 'es'}, last ${f.lastCode ?? 'error'})`,
      details: { interface: f.interface, batches: f.batches, since: f.since, lastCode: f.lastCode, lastError: f.lastError },
    });
  }
  for (const p of paused) {
    out.push({
      key: `national-paused:${p.appKey}`,
      kind: 'national-paused',
      summary: `delivery paused for credential ${p.appKey}: ${p.reason ?? 'credential refused'}; fix it, then resume (POST /api/national/resume)`,
      details: { appKey: p.appKey, reason: p.reason, since: p.since },
    });
  }
  if (quarantine.total > s.quarantineSpike.count) {
    out.push({
      key: 'quarantine-spike',
      kind: 'quarantine-spike',
      summary: `${quarantine.total} records quarantined in the last ${s.quarantineSpike.minutes} min (threshold ${s.quarantineSpike.count})`,
      details: { count: quarantine.total, minutes: s.quarantineSpike.minutes, byReason: quarantine.byReason },
    });
  }
  for (const a of adapters) {
    out.push({
      key: `adapter-failing:${a.adapterId}`,
      kind: 'adapter-failing',
      summary: `adapter ${a.adapterId} failed ${a.failures} pulls in a row`,
      details: { adapterId: a.adapterId, failures: a.failures, lastError: a.lastError },
    });
  }
  for (const r of reconciliations) {
    out.push({
      key: `reconciliation:${r.interface}:${r.date}`,
      kind: 'reconciliation-difference',
      summary: `reconciliation of ${r.interface} on ${r.date}: the platform counts ${r.platformAccepted ?? '?'} accepted, the gateway ${r.gatewayAccepted}`,
      details: r,
    });
  }
  out.push(...notices);
  return out;
}
