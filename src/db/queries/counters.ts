import type { Queryable } from '../pool';

/**
 * Counts kept by the transactions that change them (migration 0106). Writers add deltas to their
 * connection's shard; readers add the shards up, so a read costs a few rows whatever the table sizes.
 */

/** An upsert adding `select`'s rows (adapter_id, interface, state, n) to the national record counts. */
export function addRecordCounts(select: string): string {
  return `INSERT INTO record_counts (adapter_id, interface, state, shard, n)
          SELECT a, i, s, count_shard(), n FROM (${select}) AS d(a, i, s, n) WHERE n <> 0 ORDER BY a, i, s
          ON CONFLICT (adapter_id, interface, state, shard) DO UPDATE SET n = record_counts.n + excluded.n`;
}

/** Moves the rows of `source` (which has an adapter_id column) from one state to another, for interface `iface` (an SQL expression). */
export function moveRecordCounts(source: string, iface: string, from: string, to: string): string {
  return addRecordCounts(movedRecordDeltas(source, iface, from, to));
}

/**
 * The deltas of moveRecordCounts, (adapter_id, interface, state, n), to combine with others in one
 * upsert; `iface` may be a value or a column of `source`.
 */
export function movedRecordDeltas(source: string, iface: string, from: string, to: string): string {
  return `SELECT adapter_id, ${iface}::text, x.state, x.sign * count(*) FROM ${source}
            CROSS JOIN (VALUES ('${from}', -1), ('${to}', 1)) AS x(state, sign) GROUP BY 1, 2, 3, x.sign`;
}

/** The same for delivery outcomes of today (Beijing date). */
export function addDailyRecordCounts(select: string): string {
  return `INSERT INTO daily_record_counts (day, adapter_id, interface, state, shard, n)
          SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date, a, i, s, count_shard(), n FROM (${select}) AS d(a, i, s, n) WHERE n <> 0 ORDER BY a, i, s
          ON CONFLICT (day, interface, adapter_id, state, shard) DO UPDATE SET n = daily_record_counts.n + excluded.n`;
}

/** The same for source revisions by outcome; `select` gives (adapter_id, stream, outcome, n). */
export function addSourceCounts(select: string): string {
  return `INSERT INTO source_counts (adapter_id, stream, outcome, shard, n)
          SELECT a, st, o, count_shard(), n FROM (${select}) AS d(a, st, o, n) WHERE n <> 0 ORDER BY a, st, o
          ON CONFLICT (adapter_id, stream, outcome, shard) DO UPDATE SET n = source_counts.n + excluded.n`;
}

export interface RecordCountDelta {
  adapterId: string;
  iface: string;
  state: string;
  n: number;
}

export interface RecordCountRow {
  adapterId: string;
  interface: string;
  state: string;
  n: number;
}

export async function recordCountTotals(db: Queryable): Promise<RecordCountRow[]> {
  const r = await db.query(
    `SELECT adapter_id, interface, state, sum(n)::bigint AS n FROM record_counts GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`,
  );
  return r.rows.map((row) => ({ adapterId: row.adapter_id, interface: row.interface, state: row.state, n: Number(row.n) }));
}

export async function sourceCountTotals(db: Queryable): Promise<Array<{ adapterId: string; stream: string; outcome: string; n: number }>> {
  const r = await db.query(
    `SELECT adapter_id, stream, outcome, sum(n)::bigint AS n FROM source_counts GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`,
  );
  return r.rows.map((row) => ({ adapterId: row.adapter_id, stream: row.stream, outcome: row.outcome, n: Number(row.n) }));
}

export async function openQuarantineTotals(
  db: Queryable,
): Promise<Array<{ adapterId: string; stream: string; interface: string | null; stage: string; n: number }>> {
  const r = await db.query(
    `SELECT adapter_id, stream, interface, stage, sum(n)::bigint AS n FROM quarantine_counts GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4`,
  );
  return r.rows.map((row) => ({
    adapterId: row.adapter_id,
    stream: row.stream,
    interface: row.interface === '' ? null : row.interface,
    stage: row.stage,
    n: Number(row.n),
  }));
}

/** Delivery outcomes counted on one Beijing date, per interface and state. */
export async function dailyRecordCounts(db: Queryable, date: string): Promise<Array<{ interface: string; state: string; n: number }>> {
  const r = await db.query(
    `SELECT interface, state, sum(n)::bigint AS n FROM daily_record_counts WHERE day = $1::date GROUP BY 1, 2 ORDER BY 1, 2`,
    [date],
  );
  return r.rows.map((row) => ({ interface: row.interface, state: row.state, n: Number(row.n) }));
}
