import { textArrayLiteral } from '../array-literal';
import { copyInto, CopyRows } from '../copy';
import { drawIds, drawnIds } from './sequence-ids';
import type { Queryable, Tx } from '../pool';

export interface LatestVersion {
  id: number;
  recordId: string;
  version: number;
  contentHash: string;
  /** Only what staging needs: still queued, refused by the platform, or sent (batched or delivered). */
  state: 'pending' | 'rejected' | 'sent';
}

/**
 * A JSON array of [id, record id, version, content hash, state] for the latest version of each
 * record id in the array `ids` of interface `iface` (SQL expressions). One index probe per record
 * id, whatever the table's statistics say: a plan that filtered the interface's rows by the id list
 * read every record of the interface, on every page.
 */
export function latestVersionsJson(iface: string, ids: string): string {
  return `(SELECT coalesce(json_agg(json_build_array(v.id, v.record_id, v.version, v.content_hash,
              CASE WHEN EXISTS (SELECT 1 FROM pending_records p WHERE p.interface = ${iface} AND p.id = v.id) THEN 'pending'
                   WHEN EXISTS (SELECT 1 FROM record_outcomes o WHERE o.id = v.id AND o.state = 'rejected') THEN 'rejected'
                   ELSE 'sent' END)), '[]'::json)
        FROM unnest(${ids}) AS k(record_id)
        CROSS JOIN LATERAL (SELECT id, record_id, version, content_hash FROM national_records n
                             WHERE n.record_id = k.record_id AND n.interface = ${iface}
                             ORDER BY n.version DESC LIMIT 1) v)`;
}

/** latestVersionsJson's value, by record id. */
export function readLatestVersions(value: unknown): Map<string, LatestVersion> {
  const latest = new Map<string, LatestVersion>();
  for (const [id, recordId, version, contentHash, state] of value as Array<[number, string, number, string, LatestVersion['state']]>) {
    latest.set(recordId, { id, recordId, version, contentHash, state });
  }
  return latest;
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
  const r = await db.query({
    name: 'national-latest-versions',
    text: `SELECT ${latestVersionsJson('$1', '$2::text[]')} AS latest, ${drawIds('national_records_id_seq', '$3')} AS ids`,
    values: [iface, [...new Set(recordIds)], newIds],
  });
  return { latest: readLatestVersions(r.rows[0].latest), ids: drawnIds(r.rows[0].ids) };
}

/**
 * The codes of a version that trace lookups search by, written beside its body in columns of their
 * own: its trace code, a subject's code, the code a trade was sold from, the codes a transport carried.
 */
export interface TraceLinks {
  traceCode: string | null;
  /** subjects only: batches and certificates name their producer's subjectCode too, but no lookup asks for it. */
  subjectCode: string | null;
  /** trades only. */
  parentTraceCode: string | null;
  /** transports only. */
  carriedTraceCodes: string[] | null;
  /** entries only: the certificate the entry names, which the notice chain (§8.6 rule 4) searches by. */
  originCertificateNo: string | null;
}

export interface NewNationalRecord {
  recordId: string;
  version: number;
  body: string;
  contentHash: string;
  links: TraceLinks;
  sourceRecordId: number;
}

/** About the bytes of a version's row besides its body: ids, codes and its content hash. */
const ROW_BESIDE_BODY = 256;

/**
 * Writes new versions with the ids drawn for them (latestVersions), by COPY, each body as written.
 * Queueing them for batching is the caller's (StagingWrites.queue), in the same transaction.
 */
export async function copyNationalRecords(
  tx: Tx,
  iface: string,
  adapterId: string,
  rows: ReadonlyArray<NewNationalRecord & { id: number }>,
): Promise<void> {
  let expected = 0;
  for (const x of rows) expected += x.body.length + ROW_BESIDE_BODY;
  const copy = new CopyRows(expected);
  for (const x of rows) {
    const { traceCode, subjectCode, parentTraceCode, carriedTraceCodes, originCertificateNo } = x.links;
    copy.add([
      x.id,
      iface,
      adapterId,
      x.recordId,
      x.version,
      x.body,
      x.contentHash,
      traceCode,
      subjectCode,
      parentTraceCode,
      carriedTraceCodes && textArrayLiteral(carriedTraceCodes),
      originCertificateNo,
      x.sourceRecordId,
    ]);
  }
  await copyInto(
    tx,
    'national_records (id, interface, adapter_id, record_id, version, body, content_hash, trace_code, subject_code, parent_trace_code, carried_trace_codes, origin_certificate_no, source_record_id)',
    copy,
  );
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
