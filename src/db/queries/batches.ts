import { RELAXED_COMMIT, type Queryable } from '../pool';
import { addDailyRecordCounts, addRecordCounts, moveRecordCounts, type RecordCountDelta } from './counters';

export interface PendingRecord {
  id: number;
  /** The body's length in UTF-8 bytes: forming a batch needs its size, not its text. */
  bytes: number;
}

export interface PendingClaim {
  /** Claimed rows that may go into a batch now, oldest first. */
  records: PendingRecord[];
  /** The greatest id looked at (claimable or not): the next claim starts after it. */
  lastId: number | null;
  /** Queued rows after \`lastId\`, counted up to the claim's limit (locked ones too): whether another claim can find a batch. */
  beyond: number;
}

/**
 * The ids of the versions in batches under way, of one interface when `iface` (an SQL expression) is
 * given: every open batch's members, unnested in one pass. Callers join or anti-join them with the
 * versions they ask about. A containment test per version (`record_ids @> ARRAY[id]`) was planned, on
 * tables not analyzed yet, as a scan of every open batch's array for every version: seconds a claim
 * and 31 s a retention chunk beside 2,000 open batches (docs/benchmark.md, round 18).
 */
export function versionsUnderWay(iface?: string): string {
  return `SELECT m.id FROM batches b CROSS JOIN LATERAL unnest(b.record_ids) AS m(id)
           WHERE b.state NOT IN ('delivered', 'split')${iface ? ` AND b.interface = ${iface}` : ''}`;
}

/** The earliest version of each given record that is in one of the interface's batches under way. */
const EARLIEST_IN_FLIGHT = `WITH versions AS MATERIALIZED (
       SELECT n.id, n.record_id, n.version FROM unnest($1::text[]) AS k(record_id)
         JOIN national_records n ON n.record_id = k.record_id AND n.interface = $2)
     SELECT v.record_id, min(v.version) AS version
       FROM (${versionsUnderWay('$2')}) u JOIN versions v ON v.id = u.id
      GROUP BY v.record_id`;

/**
 * Oldest queued versions of an interface after \`afterId\`, leaving out any whose earlier version is
 * still in a batch under way (so versions reach the platform in order and it never answers E4009).
 * Queue rows are locked (SKIP LOCKED), so several processes form batches at once without sharing a row.
 * Only a version after the first can have an earlier one under way: that check runs for those alone.
 */
export async function claimPendingRecords(db: Queryable, iface: string, limit: number, afterId = 0): Promise<PendingClaim> {
  const r = await db.query({
    name: 'batch-claim',
    text: `WITH q AS (SELECT id FROM pending_records WHERE interface = $1 AND id > $3 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
     SELECT n.id, n.record_id, n.version, octet_length(n.body) AS bytes,
            (SELECT count(*) FROM (SELECT 1 FROM pending_records WHERE interface = $1 AND id > $3 ORDER BY id LIMIT 2 * $2) s) AS queued
       FROM q JOIN national_records n ON n.id = q.id ORDER BY n.id`,
    values: [iface, limit, afterId],
  });
  if (r.rows.length === 0) return { records: [], lastId: null, beyond: 0 };
  const later = [...new Set(r.rows.filter((row) => row.version > 1).map((row) => row.record_id as string))];
  const earliestInFlight = new Map<string, number>();
  if (later.length > 0) {
    const inFlight = await db.query({ name: 'batch-claim-in-flight', text: EARLIEST_IN_FLIGHT, values: [later, iface] });
    for (const v of inFlight.rows) earliestInFlight.set(v.record_id, v.version);
  }
  const records: PendingRecord[] = [];
  for (const row of r.rows) {
    const v = earliestInFlight.get(row.record_id);
    if (v === undefined || v >= row.version) records.push({ id: row.id, bytes: row.bytes });
  }
  return { records, lastId: r.rows[r.rows.length - 1].id as number, beyond: Math.max(0, (r.rows[0].queued as number) - r.rows.length) };
}

/**
 * A batch with its members in batch order; the members leave the queue, and are counted as batched, in
 * the same statement (the halves of a split batch were counted with it).
 */
export async function insertBatch(
  db: Queryable,
  b: { batchId: string; iface: string; recordIds: readonly number[]; bodyBytes: number; parentBatchId?: string },
): Promise<void> {
  await db.query({
    name: 'batch-insert',
    text: `WITH dequeued AS (DELETE FROM pending_records WHERE interface = $2 AND id = ANY($3::bigint[]) RETURNING adapter_id),
     counted AS (${moveRecordCounts('dequeued', '$2', 'pending', 'batched')})
     INSERT INTO batches (batch_id, interface, record_count, body_bytes, parent_batch_id, record_ids) VALUES ($1, $2, cardinality($3::bigint[]), $4, $5, $3::bigint[])`,
    values: [b.batchId, b.iface, b.recordIds, b.bodyBytes, b.parentBatchId ?? null],
  });
}

export interface BatchRow {
  batchId: string;
  interface: string;
  state: string;
  attempts: number;
  recordCount: number;
}

export async function getBatch(db: Queryable, batchId: string): Promise<BatchRow | undefined> {
  const r = await db.query({
    name: 'batch-get',
    text: 'SELECT batch_id, interface, state, attempts, record_count FROM batches WHERE batch_id = $1',
    values: [batchId],
  });
  const row = r.rows[0];
  return (
    row && { batchId: row.batch_id, interface: row.interface, state: row.state, attempts: row.attempts, recordCount: row.record_count }
  );
}

export interface BatchMember {
  id: number;
  recordId: string;
  version: number;
  body: string;
  adapterId: string;
  sourceRecordId: number;
}

const MEMBERS = `SELECT n.id, n.record_id, n.version, n.body, n.adapter_id, n.source_record_id, u.pos
       FROM batches b CROSS JOIN LATERAL unnest(b.record_ids) WITH ORDINALITY AS u(id, pos)
       JOIN national_records n ON n.id = u.id
      WHERE b.batch_id = $1 ORDER BY u.pos`;

/** A batch's records in batch order: what is sent, and what its receipt is matched against. */
export async function batchMembers(db: Queryable, batchId: string): Promise<BatchMember[]> {
  const r = await db.query({ name: 'batch-members', text: MEMBERS, values: [batchId] });
  return r.rows.map(toMember);
}

/** States in which a batch is not sent: delivered, split into two new batches, or held for an operator. */
const UNSENDABLE_STATES = ['delivered', 'split', 'blocked'];

function isSendable(state: string): boolean {
  return !UNSENDABLE_STATES.includes(state);
}

/**
 * Parks a batch while delivery is paused for the credential: it keeps its state and waits without a
 * job. False when the batch is no longer sendable or the credential is no longer paused. The
 * credential's row is read FOR SHARE, so a resume under way is waited for and then seen: either the
 * batch is parked before the resume looks for parked batches, or it is not parked at all.
 */
export async function parkBatch(db: Queryable, batchId: string, appKey: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE batches SET parked_at = now()
      WHERE batch_id = $1 AND state <> ALL($2::text[])
        AND EXISTS (SELECT 1 FROM national_state s WHERE s.app_key = $3 AND s.paused FOR SHARE)`,
    [batchId, UNSENDABLE_STATES, appKey],
  );
  return (r.rowCount ?? 0) > 0;
}

export interface ParkedBatch {
  batchId: string;
  interface: string;
  nextAttemptAt: Date | null;
}

/** Takes the parked batches out of the parking when the credential is not paused (the caller then gives each a job). */
export async function unparkBatches(db: Queryable, appKey: string): Promise<ParkedBatch[]> {
  const r = await db.query(
    `UPDATE batches SET parked_at = NULL
      WHERE parked_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM national_state s WHERE s.app_key = $1 AND s.paused FOR SHARE)
      RETURNING batch_id, interface, state, next_attempt_at`,
    [appKey],
  );
  return r.rows
    .filter((row) => isSendable(row.state))
    .map((row) => ({ batchId: row.batch_id, interface: row.interface, nextAttemptAt: row.next_attempt_at }));
}

export type BatchAttempt =
  | { kind: 'started'; attempts: number; members: BatchMember[] }
  /** Delivery is paused for the credential: nothing was counted, the caller parks the batch. */
  | { kind: 'paused' }
  /** Delivered, split or held meanwhile (another run of its job got there first), or gone. */
  | { kind: 'unsendable' };

const ATTEMPT = `WITH relaxed AS (SELECT ${RELAXED_COMMIT}),
            paused AS (SELECT COALESCE((SELECT s.paused FROM national_state s WHERE s.app_key = $3), false) AS paused),
            attempt AS (
              UPDATE batches SET state = 'sending', attempts = attempts + 1, first_sent_at = COALESCE(first_sent_at, now())
               WHERE batch_id = $1 AND state <> ALL($2::text[]) AND NOT (SELECT paused FROM paused) AND EXISTS (SELECT 1 FROM relaxed)
               RETURNING attempts)`;

const ATTEMPT_ONLY = {
  name: 'batch-attempt-only',
  text: `${ATTEMPT} SELECT p.paused, a.attempts, NULL::bigint AS id FROM paused p LEFT JOIN attempt a ON true`,
};

const ATTEMPT_WITH_MEMBERS = {
  name: 'batch-attempt',
  text: `${ATTEMPT}
       SELECT p.paused, a.attempts, m.*
         FROM paused p LEFT JOIN attempt a ON true
         LEFT JOIN LATERAL (${MEMBERS}) m ON a.attempts IS NOT NULL
        ORDER BY m.pos`,
};

/**
 * Starts an attempt at a batch in one statement: whether delivery is paused for the credential, the
 * attempt counted (state \`sending\`) unless it is paused or the batch is no longer sendable, and
 * then the members to send. The count is bookkeeping only, so the commit does not wait for the disk:
 * a crash of the database server could forget it, never a record or a receipt. With `members: false`
 * (the caller holds the batch's members already) the members are not read: \`started\` then has none.
 */
export async function startBatchAttempt(
  db: Queryable,
  batchId: string,
  appKey: string,
  opts: { members?: boolean } = {},
): Promise<BatchAttempt> {
  const r = await db.query({
    ...(opts.members === false ? ATTEMPT_ONLY : ATTEMPT_WITH_MEMBERS),
    values: [batchId, UNSENDABLE_STATES, appKey],
  });
  const first = r.rows[0];
  if (first.attempts !== null)
    return { kind: 'started', attempts: first.attempts, members: r.rows.filter((row) => row.id !== null).map(toMember) };
  return first.paused ? { kind: 'paused' } : { kind: 'unsendable' };
}

function toMember(row: any): BatchMember {
  return {
    id: row.id,
    recordId: row.record_id,
    version: row.version,
    body: row.body,
    adapterId: row.adapter_id,
    sourceRecordId: row.source_record_id,
  };
}

/** Stream and source key of source records (for quarantine entries of refused records). */
export async function sourceKeysOf(db: Queryable, ids: readonly number[]): Promise<Map<number, { stream: string; sourceKey: string }>> {
  if (ids.length === 0) return new Map();
  const r = await db.query('SELECT id, stream, source_key FROM source_records WHERE id = ANY($1::bigint[])', [ids]);
  return new Map(r.rows.map((row) => [row.id as number, { stream: row.stream as string, sourceKey: row.source_key as string }]));
}

/** Schedules a batch's next attempt (or holds it); a batch delivered meanwhile by another run of its job stays delivered. */
export async function markBatchRetry(
  db: Queryable,
  b: {
    batchId: string;
    state: 'queued' | 'failing' | 'blocked';
    nextAttemptAt: Date | null;
    status: number | null;
    code: string | null;
    error: string;
    countAttempt: boolean;
  },
): Promise<void> {
  await db.query(
    `UPDATE batches SET state = $2, next_attempt_at = $3, last_status = $4, last_code = $5, last_error = $6,
            attempts = CASE WHEN $7 THEN attempts ELSE GREATEST(attempts - 1, 0) END
      WHERE batch_id = $1 AND state <> 'delivered'`,
    [b.batchId, b.state, b.nextAttemptAt, b.status, b.code, b.error, b.countAttempt],
  );
}

export interface ReceiptWrite {
  batchId: string;
  receipt: { receiptId: string } & Record<string, unknown>;
  /** Records answered DUPLICATE or REJECTED, or ACCEPTED with remarks; a plain ACCEPTED record writes nothing, its batch being delivered says it. */
  exceptions: ReadonlyArray<{ id: number; state: 'accepted' | 'duplicate' | 'rejected'; errors: unknown[] | null }>;
  /** Records answered, per adapter and outcome: each moves from \`batched\` to its outcome, and counts for today. */
  answered: readonly RecordCountDelta[];
}

/**
 * Stores a batch's receipt in one statement unless the batch is already delivered: the batch
 * delivered with its receipt, the exceptions, and the counts. False when the batch was delivered
 * already (another run of its job stored a receipt first) or is gone: then nothing is written. The
 * batch's row stays locked until the statement's transaction ends; a concurrent delivery waits for
 * it, then finds the batch delivered.
 */
export async function storeBatchReceipt(db: Queryable, w: ReceiptWrite): Promise<boolean> {
  const r = await db.query({
    name: 'batch-receipt',
    text: `WITH delivered AS (
              UPDATE batches SET state = 'delivered', receipt_id = $2, receipt = $3, delivered_at = now(), next_attempt_at = NULL,
                     last_status = 200, last_code = '0', last_error = NULL
               WHERE batch_id = $1 AND state <> 'delivered' RETURNING 1),
            exceptions AS (
              INSERT INTO record_outcomes (id, batch_id, state, errors)
              SELECT u.id, $1, u.s, u.e::jsonb FROM unnest($4::bigint[], $5::text[], $6::text[]) AS u(id, s, e)
               WHERE EXISTS (SELECT 1 FROM delivered)),
            answered AS (
              SELECT a, i, s, sum(n)::bigint AS n FROM unnest($7::text[], $8::text[], $9::text[], $10::bigint[]) AS u(a, i, s, n)
               WHERE EXISTS (SELECT 1 FROM delivered) GROUP BY a, i, s),
            totals AS (${addRecordCounts(`SELECT a, i, s, n FROM answered UNION ALL SELECT a, i, 'batched', -sum(n) FROM answered GROUP BY a, i`)}),
            daily AS (${addDailyRecordCounts('SELECT a, i, s, n FROM answered')})
       SELECT count(*)::int AS delivered FROM delivered`,
    values: [
      w.batchId,
      w.receipt.receiptId,
      JSON.stringify(w.receipt),
      w.exceptions.map((x) => x.id),
      w.exceptions.map((x) => x.state),
      w.exceptions.map((x) => (x.errors ? JSON.stringify(x.errors) : null)),
      w.answered.map((d) => d.adapterId),
      w.answered.map((d) => d.iface),
      w.answered.map((d) => d.state),
      w.answered.map((d) => d.n),
    ],
  });
  return r.rows[0].delivered > 0;
}

/**
 * A split batch keeps its history; its records are delivered by the two halves formed from it. False
 * when the batch was delivered meanwhile (another run of its job): then it is not split.
 */
export async function splitBatch(db: Queryable, batchId: string, error: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE batches SET state = 'split', last_status = 413, last_code = 'E1002', last_error = $2 WHERE batch_id = $1 AND state <> 'delivered'`,
    [batchId, error],
  );
  return (r.rowCount ?? 0) > 0;
}

export interface OpenBatchRow {
  batchId: string;
  interface: string;
  state: string;
  recordCount: number;
  attempts: number;
  lastStatus: number | null;
  lastCode: string | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
}

/** Batches not yet delivered, oldest first. */
export async function listOpenBatches(db: Queryable, state: string | undefined, limit: number): Promise<OpenBatchRow[]> {
  const r = await db.query(
    `SELECT batch_id, interface, state, record_count, attempts, last_status, last_code, last_error, next_attempt_at, created_at
       FROM batches WHERE state NOT IN ('delivered', 'split') AND ($1::text IS NULL OR state = $1) ORDER BY created_at LIMIT $2`,
    [state ?? null, limit],
  );
  return r.rows.map((x) => ({
    batchId: x.batch_id,
    interface: x.interface,
    state: x.state,
    recordCount: x.record_count,
    attempts: x.attempts,
    lastStatus: x.last_status,
    lastCode: x.last_code,
    lastError: x.last_error,
    nextAttemptAt: x.next_attempt_at,
    createdAt: x.created_at,
  }));
}

/** A blocked or failing batch goes back to the queue now; returns false when it is not in such a state. */
export async function requeueBatch(db: Queryable, batchId: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE batches SET state = 'queued', next_attempt_at = now() WHERE batch_id = $1 AND state IN ('blocked', 'failing', 'queued') RETURNING batch_id`,
    [batchId],
  );
  return (r.rowCount ?? 0) > 0;
}
