import type { Queryable } from '../pool';

/** Interfaces with batches failing or blocked since longer than `minutes` (first attempt, or creation). */
export async function longFailingBatches(
  db: Queryable,
  minutes: number,
): Promise<Array<{ interface: string; batches: number; since: Date; lastCode: string | null; lastError: string | null }>> {
  const r = await db.query(
    `SELECT interface, count(*)::int AS batches, min(COALESCE(first_sent_at, created_at)) AS since,
            (array_agg(last_code ORDER BY COALESCE(first_sent_at, created_at)))[1] AS last_code,
            (array_agg(last_error ORDER BY COALESCE(first_sent_at, created_at)))[1] AS last_error
       FROM batches
      WHERE state IN ('failing', 'blocked') AND COALESCE(first_sent_at, created_at) < now() - make_interval(mins => $1)
      GROUP BY interface ORDER BY interface`,
    [minutes],
  );
  return r.rows.map((row) => ({
    interface: row.interface,
    batches: row.batches,
    since: row.since,
    lastCode: row.last_code,
    lastError: row.last_error,
  }));
}

export async function pausedNationalCredentials(
  db: Queryable,
): Promise<Array<{ appKey: string; reason: string | null; since: Date | null }>> {
  const r = await db.query('SELECT app_key, paused_reason, paused_at FROM national_state WHERE paused ORDER BY app_key LIMIT 100');
  return r.rows.map((row) => ({ appKey: row.app_key, reason: row.paused_reason, since: row.paused_at }));
}

/** Quarantine entries created in the last `minutes`, by reason (top 10), and their total. */
export async function recentQuarantine(
  db: Queryable,
  minutes: number,
): Promise<{ total: number; byReason: Array<{ reason: string; n: number }> }> {
  const [total, byReason] = await Promise.all([
    db.query(`SELECT count(*)::int AS n FROM quarantine WHERE created_at > now() - make_interval(mins => $1)`, [minutes]),
    db.query(
      `SELECT reason, count(*)::int AS n FROM quarantine, unnest(reasons) AS reason
        WHERE created_at > now() - make_interval(mins => $1) GROUP BY reason ORDER BY n DESC, reason LIMIT 10`,
      [minutes],
    ),
  ]);
  return { total: total.rows[0].n, byReason: byReason.rows.map((row) => ({ reason: row.reason, n: row.n })) };
}

export async function repeatedlyFailingAdapters(
  db: Queryable,
  threshold: number,
): Promise<Array<{ adapterId: string; failures: number; lastError: string | null }>> {
  const r = await db.query(
    'SELECT id, consecutive_failures, last_error FROM adapters WHERE enabled AND consecutive_failures >= $1 ORDER BY id LIMIT 1000',
    [threshold],
  );
  return r.rows.map((row) => ({ adapterId: row.id, failures: row.consecutive_failures, lastError: row.last_error }));
}

/**
 * Interfaces and dates whose latest reconciliation found a difference, within the last `days` days
 * (Beijing dates); none while the reconcile job's table does not exist.
 */
export async function reconciliationDifferences(
  db: Queryable,
  days: number,
): Promise<
  Array<{
    date: string;
    interface: string;
    difference: number | null;
    gatewayAccepted: number;
    platformAccepted: number | null;
    checkedAt: Date;
  }>
> {
  const exists = await db.query(`SELECT to_regclass('reconciliations') IS NOT NULL AS ok`);
  if (!exists.rows[0].ok) return [];
  const r = await db.query(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, interface, difference, gateway_accepted, platform_accepted, checked_at FROM reconciliations
      WHERE status = 'difference' AND date >= (now() AT TIME ZONE 'Asia/Shanghai')::date - $1::int
      ORDER BY date DESC, interface LIMIT 500`,
    [days],
  );
  return r.rows.map((row) => ({
    date: row.date,
    interface: row.interface,
    difference: row.difference,
    gatewayAccepted: row.gateway_accepted,
    platformAccepted: row.platform_accepted,
    checkedAt: row.checked_at,
  }));
}
