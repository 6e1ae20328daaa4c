import type { Queryable } from '../pool';
import { openQuarantineTotals, recordCountTotals } from './counters';

/** National record versions by adapter × interface × state, from the kept counts. */
export async function recordCountsByState(
  db: Queryable,
): Promise<Array<{ adapterId: string; interface: string; state: string; n: number }>> {
  return recordCountTotals(db);
}

/** Open quarantine entries by adapter × interface × stage, from the kept counts. */
export async function openQuarantineCounts(
  db: Queryable,
): Promise<Array<{ adapterId: string; interface: string | null; stage: string; n: number }>> {
  const rows = await openQuarantineTotals(db);
  const byKey = new Map<string, { adapterId: string; interface: string | null; stage: string; n: number }>();
  for (const r of rows) {
    const key = `${r.adapterId}\u0000${r.interface ?? ''}\u0000${r.stage}`;
    const cur = byKey.get(key) ?? { adapterId: r.adapterId, interface: r.interface, stage: r.stage, n: 0 };
    cur.n += r.n;
    byKey.set(key, cur);
  }
  return [...byKey.values()];
}

/** Seconds since each adapter's last successful pull (null when it never succeeded), and its failure streak. */
export async function adapterPullState(
  db: Queryable,
): Promise<Array<{ adapterId: string; lagSeconds: number | null; consecutiveFailures: number; enabled: boolean }>> {
  const r = await db.query(
    `SELECT id, enabled, consecutive_failures, EXTRACT(EPOCH FROM (now() - last_success_at))::float8 AS lag FROM adapters ORDER BY id LIMIT 5000`,
  );
  return r.rows.map((row) => ({
    adapterId: row.id,
    lagSeconds: row.lag === null ? null : Number(row.lag),
    consecutiveFailures: row.consecutive_failures,
    enabled: row.enabled,
  }));
}

export async function pausedCredentials(db: Queryable): Promise<Array<{ appKey: string; paused: boolean }>> {
  const r = await db.query('SELECT app_key, paused FROM national_state ORDER BY app_key LIMIT 100');
  return r.rows.map((row) => ({ appKey: row.app_key, paused: row.paused }));
}
