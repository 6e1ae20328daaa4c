import type { Queryable } from '../pool';

/** A source record's identity: every revision of it shares these three. */
export interface SourceKey {
  adapterId: string;
  stream: string;
  sourceKey: string;
}

const keyParams = (keys: readonly SourceKey[]) => [keys.map((k) => k.adapterId), keys.map((k) => k.stream), keys.map((k) => k.sourceKey)];
const KEY_MATCH = '(adapter_id, stream, source_key) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))';

function toKeys(rows: Array<Record<string, any>>): SourceKey[] {
  return rows.map((r) => ({ adapterId: r.adapter_id, stream: r.stream, sourceKey: r.source_key }));
}

/** Source keys behind national records (by recordId), including quarantined ones that never got a version. */
export async function sourceKeysOfRecords(db: Queryable, recordIds: readonly string[], limit: number): Promise<SourceKey[]> {
  const r = await db.query(
    `SELECT adapter_id, stream, source_key FROM (
        SELECT s.adapter_id, s.stream, s.source_key FROM national_records n JOIN source_records s ON s.id = n.source_record_id WHERE n.record_id = ANY($1::text[])
        UNION
        SELECT adapter_id, stream, source_key FROM quarantine WHERE record_id = ANY($1::text[])
     ) k ORDER BY adapter_id, stream, source_key LIMIT $2`,
    [recordIds, limit],
  );
  return toKeys(r.rows);
}

export async function sourceKeysOf(db: Queryable, adapterId: string, sourceKey: string, limit: number): Promise<SourceKey[]> {
  const r = await db.query(
    'SELECT DISTINCT adapter_id, stream, source_key FROM source_records WHERE adapter_id = $1 AND source_key = $2 ORDER BY stream LIMIT $3',
    [adapterId, sourceKey, limit],
  );
  return toKeys(r.rows);
}

export async function recordIdsWithTraceCode(db: Queryable, traceCode: string, limit: number): Promise<string[]> {
  const r = await db.query('SELECT DISTINCT record_id FROM national_records WHERE trace_code = $1 ORDER BY record_id LIMIT $2', [
    traceCode,
    limit,
  ]);
  return r.rows.map((row) => row.record_id as string);
}

export async function recordIdsInBatch(db: Queryable, batchId: string, limit: number): Promise<string[]> {
  const r = await db.query(
    `SELECT n.record_id FROM batches b CROSS JOIN LATERAL unnest(b.record_ids) WITH ORDINALITY AS u(id, pos) JOIN national_records n ON n.id = u.id
      WHERE b.batch_id = $1 ORDER BY u.pos LIMIT $2`,
    [batchId, limit],
  );
  return r.rows.map((row) => row.record_id as string);
}

export interface RevisionRow extends SourceKey {
  id: number;
  contentHash: string;
  orderingKey: string;
  payload: unknown;
  rawText: string | null;
  deleted: boolean;
  pulledAt: Date;
  outcome: string;
  warnings: unknown;
  nationalRecordId: number | null;
}

/** The newest revisions of each key (at most `perKey` each), newest first. */
export async function revisionsOf(db: Queryable, keys: readonly SourceKey[], perKey: number): Promise<RevisionRow[]> {
  if (keys.length === 0) return [];
  const r = await db.query(
    `SELECT * FROM (
        SELECT id, adapter_id, stream, source_key, content_hash, ordering_key, payload, raw_text, deleted, pulled_at, outcome, warnings, national_record_id,
               row_number() OVER (PARTITION BY adapter_id, stream, source_key ORDER BY ordering_key DESC, id DESC) AS rn
          FROM source_records WHERE ${KEY_MATCH}
     ) x WHERE rn <= $4 ORDER BY adapter_id, stream, source_key, rn`,
    [...keyParams(keys), perKey],
  );
  return r.rows.map((row) => ({
    id: row.id,
    adapterId: row.adapter_id,
    stream: row.stream,
    sourceKey: row.source_key,
    contentHash: row.content_hash,
    orderingKey: row.ordering_key,
    payload: row.payload,
    rawText: row.raw_text,
    deleted: row.deleted,
    pulledAt: row.pulled_at,
    outcome: row.outcome,
    warnings: row.warnings,
    nationalRecordId: row.national_record_id,
  }));
}

export interface VersionRow {
  id: number;
  interface: string;
  recordId: string;
  version: number;
  state: string;
  body: string;
  traceCode: string | null;
  sourceRecordId: number;
  batchId: string | null;
  batchPosition: number | null;
  errors: unknown;
  createdAt: Date;
  deliveredAt: Date | null;
  /** The source key of the revision this version was mapped from. */
  source: SourceKey;
}

/** Every version (newest first, at most `perRecord`) of every national record mapped from these keys. */
export async function versionsOfKeys(db: Queryable, keys: readonly SourceKey[], perRecord: number): Promise<VersionRow[]> {
  if (keys.length === 0) return [];
  const r = await db.query(
    `WITH recs AS (
        SELECT DISTINCT n.interface, n.record_id FROM source_records s JOIN national_records n ON n.source_record_id = s.id
         WHERE (s.adapter_id, s.stream, s.source_key) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))
     )
     SELECT * FROM (
        SELECT n.id, n.interface, n.record_id, n.version, n.state, n.body, n.trace_code, n.source_record_id, n.batch_id, n.batch_position, n.errors,
               n.created_at, n.delivered_at, s.adapter_id, s.stream, s.source_key,
               row_number() OVER (PARTITION BY n.interface, n.record_id ORDER BY n.version DESC) AS rn
          FROM national_record_states n JOIN recs USING (interface, record_id) JOIN source_records s ON s.id = n.source_record_id
     ) x WHERE rn <= $4 ORDER BY interface, record_id, version DESC`,
    [...keyParams(keys), perRecord],
  );
  return r.rows.map((row) => ({
    id: row.id,
    interface: row.interface,
    recordId: row.record_id,
    version: row.version,
    state: row.state,
    body: row.body,
    traceCode: row.trace_code,
    sourceRecordId: row.source_record_id,
    batchId: row.batch_id,
    batchPosition: row.batch_position,
    errors: row.errors,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    source: { adapterId: row.adapter_id, stream: row.stream, sourceKey: row.source_key },
  }));
}

export interface LineageBatchRow {
  batchId: string;
  interface: string;
  state: string;
  recordCount: number;
  bodyBytes: number;
  attempts: number;
  lastStatus: number | null;
  lastCode: string | null;
  lastError: string | null;
  receiptId: string | null;
  receipt: Record<string, any> | null;
  parentBatchId: string | null;
  createdAt: Date;
  firstSentAt: Date | null;
  deliveredAt: Date | null;
}

export async function batchesById(db: Queryable, batchIds: readonly string[]): Promise<LineageBatchRow[]> {
  if (batchIds.length === 0) return [];
  const r = await db.query(
    `SELECT batch_id, interface, state, record_count, body_bytes, attempts, last_status, last_code, last_error, receipt_id, receipt, parent_batch_id,
            created_at, first_sent_at, delivered_at
       FROM batches WHERE batch_id = ANY($1::text[])`,
    [batchIds],
  );
  return r.rows.map((row) => ({
    batchId: row.batch_id,
    interface: row.interface,
    state: row.state,
    recordCount: row.record_count,
    bodyBytes: row.body_bytes,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastCode: row.last_code,
    lastError: row.last_error,
    receiptId: row.receipt_id,
    receipt: row.receipt,
    parentBatchId: row.parent_batch_id,
    createdAt: row.created_at,
    firstSentAt: row.first_sent_at,
    deliveredAt: row.delivered_at,
  }));
}

export interface LineageQuarantineRow extends SourceKey {
  id: number;
  sourceRecordId: number;
  interface: string | null;
  recordId: string | null;
  nationalRecordId: number | null;
  stage: string;
  reasons: string[];
  errors: unknown;
  createdAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
}

/** Every quarantine entry (open or resolved) of these keys, newest first. */
export async function quarantineOfKeys(db: Queryable, keys: readonly SourceKey[], limit: number): Promise<LineageQuarantineRow[]> {
  if (keys.length === 0) return [];
  const r = await db.query(
    `SELECT id, adapter_id, stream, source_key, source_record_id, interface, record_id, national_record_id, stage, reasons, errors, created_at, resolved_at, resolution
       FROM quarantine WHERE ${KEY_MATCH} ORDER BY id DESC LIMIT $4`,
    [...keyParams(keys), limit],
  );
  return r.rows.map((row) => ({
    id: row.id,
    adapterId: row.adapter_id,
    stream: row.stream,
    sourceKey: row.source_key,
    sourceRecordId: row.source_record_id,
    interface: row.interface,
    recordId: row.record_id,
    nationalRecordId: row.national_record_id,
    stage: row.stage,
    reasons: row.reasons,
    errors: row.errors,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
  }));
}
