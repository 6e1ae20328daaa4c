import { copyInto, CopyRows } from '../copy';
import { drawIds, drawnIds } from './sequence-ids';
import type { Queryable, Tx } from '../pool';
import { addRecordCounts, movedRecordDeltas } from './counters';

export interface LatestVersion {
  id: number;
  recordId: string;
  version: number;
  contentHash: string;
  /** Only what staging needs: still queued, refused by the platform, or sent (batched or delivered). */
  state: 'pending' | 'rejected' | 'sent';
}

/**
 * The latest version of each record id, and `newIds` ids drawn from the versions' sequence for the
 * versions about to be written (ascending), in one round trip.
 */
export async function latestVersions(
  db: Queryable,
  iface: string,
  recordIds: readonly string[],
  newIds = 0,
): Promise<{ latest: Map<string, LatestVersion>; ids: number[] }> {
  if (recordIds.length === 0 && newIds === 0) return { latest: new Map(), ids: [] };
  // One index probe per record id, whatever the table's statistics say: a plan that filtered the
  // interface's rows by the id list read every record of the interface, on every page.
  const r = await db.query({
    name: 'national-latest-versions',
    text: `SELECT (SELECT coalesce(json_agg(json_build_array(v.id, v.record_id, v.version, v.content_hash,
                     CASE WHEN EXISTS (SELECT 1 FROM pending_records p WHERE p.interface = $1 AND p.id = v.id) THEN 'pending'
                          WHEN EXISTS (SELECT 1 FROM record_outcomes o WHERE o.id = v.id AND o.state = 'rejected') THEN 'rejected'
                          ELSE 'sent' END)), '[]'::json)
               FROM unnest($2::text[]) AS k(record_id)
               CROSS JOIN LATERAL (SELECT id, record_id, version, content_hash FROM national_records n
                                    WHERE n.record_id = k.record_id AND n.interface = $1
                                    ORDER BY n.version DESC LIMIT 1) v) AS latest,
            ${drawIds('national_records_id_seq', '$3')} AS ids`,
    values: [iface, [...new Set(recordIds)], newIds],
  });
  const latest = new Map<string, LatestVersion>();
  for (const [id, recordId, version, contentHash, state] of r.rows[0].latest as Array<
    [number, string, number, string, LatestVersion['state']]
  >) {
    latest.set(recordId, { id, recordId, version, contentHash, state });
  }
  const ids = drawnIds(r.rows[0].ids);
  return { latest, ids };
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
 * Writes new versions with the ids drawn for them (latestVersions), by COPY, each body as written;
 * then, in one statement, queues them for batching and takes the versions they replace before they
 * were ever batched out of the queue (those are never sent).
 */
export async function insertNationalRecords(
  tx: Tx,
  iface: string,
  adapterId: string,
  rows: ReadonlyArray<NewNationalRecord & { id: number }>,
  superseded: readonly number[] = [],
): Promise<void> {
  if (rows.length === 0 && superseded.length === 0) return;
  const copy = new CopyRows();
  for (const x of rows) copy.add([x.id, iface, adapterId, x.recordId, x.version, x.body, x.contentHash, x.traceCode, x.sourceRecordId]);
  await copyInto(
    tx,
    'national_records (id, interface, adapter_id, record_id, version, body, content_hash, trace_code, source_record_id)',
    copy,
  );
  await tx.query({
    name: 'national-queue',
    text: `WITH gone AS (DELETE FROM pending_records WHERE interface = $1 AND id = ANY($4::bigint[]) RETURNING id, adapter_id),
           queued AS (INSERT INTO pending_records (interface, id, adapter_id) SELECT $1, unnest($3::bigint[]), $2)
           ${addRecordCounts(`SELECT a, i, s, sum(n)::bigint FROM (
                                ${movedRecordDeltas('gone', '$1', 'pending', 'superseded')}
                                UNION ALL SELECT $2::text, $1::text, 'pending', cardinality($3::bigint[])) AS d(a, i, s, n)
                              GROUP BY a, i, s`)}`,
    values: [iface, adapterId, rows.map((x) => x.id), superseded],
  });
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
