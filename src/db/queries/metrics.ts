import type { Queryable } from '../pool';

/** National record versions by adapter × interface × state; the result is bounded by those few labels. */
export async function recordCountsByState(db: Queryable): Promise<Array<{ adapterId: string; interface: string; state: string; n: number }>> {
  const r = await db.query(
    `SELECT adapter_id, interface, state, count(*)::bigint AS n FROM national_records GROUP BY adapter_id, interface, state ORDER BY 1, 2, 3 LIMIT 5000`,
  );
  return r.rows.map((row) => ({ adapterId: row.adapter_id, interface: row.interface, state: row.state, n: Number(row.n) }));
}

/** Open quarantine entries by adapter × interface × stage. */
export async function openQuarantineCounts(db: Queryable): Promise<Array<{ adapterId: string; interface: string | null; stage: string; n: number }>> {
  const r = await db.query(
    `SELECT adapter_id, interface, stage, count(*)::bigint AS n FROM quarantine WHERE resolved_at IS NULL GROUP BY adapter_id, interface, stage ORDER BY 1, 2, 3 LIMIT 5000`,
  );
  return r.rows.map((row) => ({ adapterId: row.adapter_id, interface: row.interface, stage: row.stage, n: Number(row.n) }));
}

/** Seconds since each adapter's last successful pull (null when it never succeeded), and its failure streak. */
export async function adapterPullState(db: Queryable): Promise<Array<{ adapterId: string; lagSeconds: number | null; consecutiveFailures: number; enabled: boolean }>> {
  const r = await db.query(
    `SELECT id, enabled, consecutive_failures, EXTRACT(EPOCH FROM (now() - last_success_at))::float8 AS lag FROM adapters ORDER BY id LIMIT 5000`,
  );
  return r.rows.map((row) => ({ adapterId: row.id, lagSeconds: row.lag === null ? null : Number(row.lag), consecutiveFailures: row.consecutive_failures, enabled: row.enabled }));
}

export async function pausedCredentials(db: Queryable): Promise<Array<{ appKey: string; paused: boolean }>> {
  const r = await db.query('SELECT app_key, paused FROM national_state ORDER BY app_key LIMIT 100');
  return r.rows.map((row) => ({ appKey: row.app_key, paused: row.paused }));
}
