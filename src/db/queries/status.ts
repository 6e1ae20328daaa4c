import type { Queryable } from '../pool';

export async function adapterRows(db: Queryable) {
  const r = await db.query(
    `SELECT a.id, a.kind, a.origin, a.enabled, a.state, a.last_pull_at, a.last_success_at, a.last_outcome, a.last_error, a.last_error_at,
            a.consecutive_failures, a.declaration->>'schedule' AS schedule, a.declaration->>'sourceSystem' AS source_system,
            (SELECT json_object_agg(c.stream, json_build_object('cursor', c.cursor, 'updatedAt', c.updated_at)) FROM cursors c WHERE c.adapter_id = a.id) AS cursors,
            (SELECT json_build_object('id', p.id, 'mode', p.mode, 'startedAt', p.started_at, 'finishedAt', p.finished_at, 'outcome', p.outcome,
                                      'pages', p.pages, 'records', p.records, 'newRecords', p.new_records, 'error', p.error)
               FROM pulls p WHERE p.adapter_id = a.id ORDER BY p.id DESC LIMIT 1) AS last_pull
       FROM adapters a ORDER BY a.id`,
  );
  return r.rows;
}

export async function sourceCounts(db: Queryable): Promise<Array<{ adapter_id: string; outcome: string; n: number }>> {
  const r = await db.query('SELECT adapter_id, outcome, count(*)::int AS n FROM source_records GROUP BY adapter_id, outcome');
  return r.rows;
}

export async function nationalCounts(db: Queryable): Promise<Array<{ interface: string; state: string; n: number; oldest_pending: Date | null }>> {
  const r = await db.query(
    `SELECT interface, state, count(*)::int AS n, min(created_at) FILTER (WHERE state IN ('pending', 'batched')) AS oldest_pending
       FROM national_records GROUP BY interface, state`,
  );
  return r.rows;
}

export async function quarantineCounts(db: Queryable): Promise<Array<{ interface: string | null; adapter_id: string; stage: string; n: number }>> {
  const r = await db.query(
    `SELECT interface, adapter_id, stage, count(*)::int AS n FROM quarantine WHERE resolved_at IS NULL GROUP BY interface, adapter_id, stage`,
  );
  return r.rows;
}

export async function deliveredLastMinutes(db: Queryable, minutes: number): Promise<Array<{ interface: string; n: number }>> {
  const r = await db.query(
    `SELECT interface, count(*)::int AS n FROM national_records
      WHERE delivered_at > now() - make_interval(mins => $1) GROUP BY interface`,
    [minutes],
  );
  return r.rows;
}

export async function batchCounts(db: Queryable): Promise<Array<{ interface: string; state: string; n: number }>> {
  const r = await db.query(`SELECT interface, state, count(*)::int AS n FROM batches WHERE state NOT IN ('delivered', 'split') GROUP BY interface, state`);
  return r.rows;
}
