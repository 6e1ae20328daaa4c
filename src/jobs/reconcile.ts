import type { Db } from '../db/pool';
import { gatewayCountsOn, saveReconciliation, type ReconciliationRow } from '../db/queries/reconcile';
import type { Logger } from '../log';
import type { NationalAnswer } from '../national/answer';
import { NATIONAL_INTERFACES } from '../national/types';
import { beijingIso } from '../common/time';

/** Yesterday in Beijing: the default day to reconcile, complete on both sides. */
export function beijingYesterday(now = Date.now()): string {
  return beijingIso(now - 24 * 3600 * 1000).slice(0, 10);
}

/**
 * Compares the gateway's accepted and duplicate counts per interface for a Beijing date with the
 * platform's GET /stats (its receive date, UTC+8), and stores every row; a difference is reported in
 * the status API. Delivery near midnight can fall on either side of the boundary: such a difference
 * disappears when the next day is reconciled together with it.
 */
export async function reconcile(
  db: Db,
  getStats: (date: string) => Promise<NationalAnswer>,
  date: string,
  log: Logger,
): Promise<ReconciliationRow[]> {
  const ours = await gatewayCountsOn(db, date);
  const answer = await getStats(date);
  const rows: ReconciliationRow[] = [];
  const counts =
    answer.kind === 'ok' ? ((answer.body as { counts?: Record<string, { accepted?: number; duplicate?: number }> }).counts ?? {}) : null;
  const error =
    answer.kind === 'ok'
      ? null
      : answer.kind === 'error'
        ? `${answer.status} ${answer.code} ${answer.message}`
        : answer.kind === 'network'
          ? answer.error
          : 'unexpected answer';
  for (const iface of NATIONAL_INTERFACES) {
    const g = ours.get(iface) ?? { accepted: 0, duplicate: 0 };
    const p = counts ? (counts[iface] ?? { accepted: 0, duplicate: 0 }) : null;
    const difference = p ? (p.accepted ?? 0) - g.accepted : null;
    const row: ReconciliationRow = {
      date,
      interface: iface,
      gatewayAccepted: g.accepted,
      gatewayDuplicate: g.duplicate,
      platformAccepted: p ? (p.accepted ?? 0) : null,
      platformDuplicate: p ? (p.duplicate ?? 0) : null,
      difference,
      status: p === null ? 'unavailable' : difference === 0 ? 'match' : 'difference',
      error,
    };
    await saveReconciliation(db, row);
    rows.push(row);
  }
  const differing = rows.filter((r) => r.status === 'difference');
  if (differing.length)
    log.warn('reconciliation found differences', {
      event: 'reconcile:difference',
      date,
      interfaces: differing.map((r) => ({ interface: r.interface, gateway: r.gatewayAccepted, platform: r.platformAccepted })),
    });
  else log.info('reconciliation done', { event: 'reconcile:done', date, status: error ? 'unavailable' : 'match' });
  return rows;
}
