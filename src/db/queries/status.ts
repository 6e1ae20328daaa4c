import type { Queryable } from '../pool';

/** Resolves (true) when the database answers a query; rejects otherwise. */
export async function pingDatabase(db: Queryable): Promise<true> {
  await db.query('SELECT 1');
  return true;
}

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

/** Source revisions by adapter and outcome, from the kept counts. */
export async function sourceCounts(db: Queryable): Promise<Array<{ adapter_id: string; outcome: string; n: number }>> {
  const r = await db.query('SELECT adapter_id, outcome, sum(n)::int AS n FROM source_counts GROUP BY 1, 2 HAVING sum(n) <> 0');
  return r.rows;
}

/**
 * National record versions by interface and state, from the kept counts, with the creation time of the
 * oldest version still waiting (queued or in a batch under way): one index probe per interface.
 */
export async function nationalCounts(
  db: Queryable,
  interfaces: readonly string[],
): Promise<{ counts: Array<{ interface: string; state: string; n: number }>; oldestWaiting: Map<string, Date | null> }> {
  const [counts, oldest] = await Promise.all([
    db.query('SELECT interface, state, sum(n)::int AS n FROM record_counts GROUP BY 1, 2 HAVING sum(n) <> 0'),
    db.query(
      `SELECT i.interface,
              (SELECT min(n.created_at) FROM national_records n
                WHERE n.id IN ((SELECT p.id FROM pending_records p WHERE p.interface = i.interface ORDER BY p.id LIMIT 1),
                               (SELECT min(b.record_ids[1]) FROM batches b WHERE b.interface = i.interface AND b.state NOT IN ('delivered', 'split')))) AS oldest
         FROM unnest($1::text[]) AS i(interface)`,
      [interfaces],
    ),
  ]);
  return {
    counts: counts.rows.map((row) => ({ interface: row.interface as string, state: row.state as string, n: row.n as number })),
    oldestWaiting: new Map(oldest.rows.map((row) => [row.interface as string, row.oldest as Date | null])),
  };
}

/** Open quarantine entries by interface, adapter and stage, from the kept counts. */
export async function quarantineCounts(
  db: Queryable,
): Promise<Array<{ interface: string | null; adapter_id: string; stage: string; n: number }>> {
  const r = await db.query(
    `SELECT NULLIF(interface, '') AS interface, adapter_id, stage, sum(n)::int AS n FROM quarantine_counts GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
  );
  return r.rows;
}

/** Records in the batches delivered in the last minutes, per interface (refused ones included). */
export async function deliveredLastMinutes(db: Queryable, minutes: number): Promise<Array<{ interface: string; n: number }>> {
  const r = await db.query(
    `SELECT interface, sum(record_count)::int AS n FROM batches
      WHERE delivered_at > now() - make_interval(mins => $1) GROUP BY interface`,
    [minutes],
  );
  return r.rows;
}

export async function batchCounts(db: Queryable): Promise<Array<{ interface: string; state: string; n: number }>> {
  const r = await db.query(
    `SELECT interface, state, count(*)::int AS n FROM batches WHERE state NOT IN ('delivered', 'split') GROUP BY interface, state`,
  );
  return r.rows;
}
