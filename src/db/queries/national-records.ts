import type { Queryable } from '../pool';
import { addRecordCounts, moveRecordCounts } from './counters';

export interface LatestVersion {
  id: number;
  recordId: string;
  version: number;
  contentHash: string;
  /** Only what staging needs: still queued, refused by the platform, or sent (batched or delivered). */
  state: 'pending' | 'rejected' | 'sent';
}

export async function latestVersions(db: Queryable, iface: string, recordIds: readonly string[]): Promise<Map<string, LatestVersion>> {
  if (recordIds.length === 0) return new Map();
  // One index probe per record id, whatever the table's statistics say: a plan that filtered the
  // interface's rows by the id list read every record of the interface, on every page.
  const r = await db.query(
    `SELECT v.id, v.record_id, v.version, v.content_hash,
            CASE WHEN EXISTS (SELECT 1 FROM pending_records p WHERE p.interface = $1 AND p.id = v.id) THEN 'pending'
                 WHEN EXISTS (SELECT 1 FROM record_outcomes o WHERE o.id = v.id AND o.state = 'rejected') THEN 'rejected'
                 ELSE 'sent' END AS state
       FROM unnest($2::text[]) AS k(record_id)
       CROSS JOIN LATERAL (SELECT id, record_id, version, content_hash FROM national_records n
                            WHERE n.record_id = k.record_id AND n.interface = $1
                            ORDER BY n.version DESC LIMIT 1) v`,
    [iface, [...new Set(recordIds)]],
  );
  return new Map(
    r.rows.map((row) => [row.record_id as string, { id: row.id, recordId: row.record_id, version: row.version, contentHash: row.content_hash, state: row.state }]),
  );
}

export interface NewNationalRecord {
  recordId: string;
  version: number;
  body: string;
  contentHash: string;
  traceCode: string | null;
  sourceRecordId: number;
}

/**
 * Inserts new versions and queues them for batching, in one statement; returns their ids in input
 * order. The rows go as one JSON document in which each body is embedded as written: the `json` type
 * keeps that text byte for byte.
 */
export async function insertNationalRecords(db: Queryable, iface: string, adapterId: string, rows: readonly NewNationalRecord[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const parts = rows.map(
    (x) =>
      `{"r":${JSON.stringify(x.recordId)},"v":${x.version},"b":${x.body},"h":${JSON.stringify(x.contentHash)},` +
      `"t":${x.traceCode === null ? 'null' : JSON.stringify(x.traceCode)},"s":${x.sourceRecordId}}`,
  );
  const r = await db.query(
    `WITH ins AS (
       INSERT INTO national_records (interface, adapter_id, record_id, version, body, content_hash, trace_code, source_record_id)
       SELECT $1, $2, r, v, b::text, h, t, s
         FROM ROWS FROM (json_to_recordset($3::json) AS (r text, v int, b json, h text, t text, s bigint)) WITH ORDINALITY AS u(r, v, b, h, t, s, n)
        ORDER BY n
       RETURNING id, record_id
     ), queued AS (INSERT INTO pending_records (interface, id, adapter_id) SELECT $1, id, $2 FROM ins),
     counted AS (${addRecordCounts(`SELECT $2::text, $1::text, 'pending', count(*) FROM ins`)})
     SELECT id, record_id FROM ins`,
    [iface, adapterId, `[${parts.join(',')}]`],
  );
  const byRecord = new Map(r.rows.map((row) => [row.record_id as string, row.id as number]));
  return rows.map((x) => byRecord.get(x.recordId)!);
}

/** A pending version that a newer one replaces before it was ever batched leaves the queue: it is never sent. */
export async function supersedePending(db: Queryable, iface: string, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const r = await db.query(
    `WITH gone AS (DELETE FROM pending_records WHERE interface = $1 AND id = ANY($2::bigint[]) RETURNING id, adapter_id),
     counted AS (${moveRecordCounts('gone', '$1', 'pending', 'superseded')})
     SELECT id FROM gone`,
    [iface, ids],
  );
  return r.rows.map((row) => row.id as number);
}

/** Inspections among the versions `ids` that the platform accepted (or found duplicate), with their bodies as stored (JSON text). */
export async function acceptedInspections(db: Queryable, ids: readonly number[]): Promise<Array<{ recordId: string; body: string }>> {
  if (ids.length === 0) return [];
  const r = await db.query(
    `SELECT record_id, version, body FROM national_record_states
      WHERE id = ANY($1::bigint[]) AND interface = 'inspections' AND state IN ('accepted', 'duplicate')`,
    [[...ids]],
  );
  return r.rows.map((row) => ({ recordId: row.record_id as string, body: row.body as string }));
}
