import { randomBytes } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { bossDb, withTransaction, type Db, type Tx } from '../db/pool';
import { claimPendingRecords, insertBatch } from '../db/queries/batches';
import type { DirectBatch } from '../db/queries/staging-writes';
import { send } from '../queues/send';
import type { NationalInterface } from '../national/types';

export interface BatchLimits {
  maxRecords: number;
  maxBytes: number;
}

/**
 * A batchId is drawn once, when the batch is formed, and stored with it: every attempt sends the same
 * id, and no id is ever reused for other records, even by another gateway database (§7.6).
 */
export function newBatchId(iface: NationalInterface): string {
  return `tg-${iface}-${randomBytes(12).toString('hex')}`;
}

const envelope = (batchId: string) => `{"batchId":${JSON.stringify(batchId)},"records":[`;
/** The bytes of a batch's body around its records: the envelope and its closing `]}`. */
const envelopeBytes = (batchId: string) => Buffer.byteLength(envelope(batchId)) + 2;

/**
 * The exact request body of a batch, UTF-8: members' stored JSON in batch order. Each text is encoded
 * straight into a buffer of the body's size, without joining them into one string first.
 */
export function batchBody(batchId: string, bodies: readonly string[]): Buffer {
  const buf = Buffer.allocUnsafe(batchBodySize(batchId, bodies));
  let at = buf.write(envelope(batchId), 0);
  for (let i = 0; i < bodies.length; i++) {
    if (i > 0) at = buf.writeUInt8(0x2c, at);
    at += buf.write(bodies[i]!, at);
  }
  buf.write(']}', at);
  return buf;
}

/** The size in bytes of batchBody(batchId, bodies), without building it. */
export function batchBodySize(batchId: string, bodies: readonly string[]): number {
  let size = envelopeBytes(batchId) + Math.max(bodies.length - 1, 0);
  for (const b of bodies) size += Buffer.byteLength(b);
  return size;
}

/** A version to place in a batch: its id and its body's size in UTF-8 bytes. */
export interface BatchCandidate {
  id: number;
  bytes: number;
}

/**
 * A first version (`version` 1) written by a page, as a batch formed in a page's transaction holds it:
 * its body is what the batch sends, its record and source record what its receipt is matched and
 * quarantined against. One the page queued because it did not fill a batch may be taken out of the
 * queue by the next page of the same pull and batched with its own (StageOptions.batches.carry); its
 * record id keeps it queued when that page brings a newer version of the record.
 */
export interface CarriedVersion extends BatchCandidate {
  recordId: string;
  body: string;
  sourceRecordId: number;
}

/** A batch drawn up in the gateway: its id, members in batch order and body size (batchBody's length). */
export type PlannedBatch = Omit<DirectBatch, 'adapterId'>;

/**
 * The members of one batch from `candidates[start]` on, in order: up to the record limit, closed
 * early where the next one would pass the byte limit (a first member always fits: one too large for
 * any batch gets one of its own, and delivery reports it). Full: at either limit.
 */
function packBatch(
  batchId: string,
  candidates: readonly BatchCandidate[],
  start: number,
  limits: BatchLimits,
): { members: number[]; bytes: number; full: boolean; next: number } {
  let bytes = envelopeBytes(batchId);
  const members: number[] = [];
  let i = start;
  for (; i < candidates.length && members.length < limits.maxRecords; i++) {
    const size = candidates[i]!.bytes + (members.length ? 1 : 0);
    if (members.length > 0 && bytes + size > limits.maxBytes) return { members, bytes, full: true, next: i };
    bytes += size;
    members.push(candidates[i]!.id);
  }
  return { members, bytes, full: members.length === limits.maxRecords, next: i };
}

/**
 * The full batches that can be made of `candidates`, in their order, each with its candidates
 * (`members`), and what is left that cannot fill one (`rest`, in order).
 */
export function fullBatches<C extends BatchCandidate>(
  iface: NationalInterface,
  candidates: readonly C[],
  limits: BatchLimits,
): { batches: Array<PlannedBatch & { members: C[] }>; rest: C[] } {
  const batches: Array<PlannedBatch & { members: C[] }> = [];
  let start = 0;
  for (;;) {
    const batchId = newBatchId(iface);
    const packed = packBatch(batchId, candidates, start, limits);
    if (!packed.full) return { batches, rest: candidates.slice(start) };
    batches.push({ batchId, iface, recordIds: packed.members, bodyBytes: packed.bytes, members: candidates.slice(start, packed.next) });
    start = packed.next;
  }
}

export interface FormOptions {
  /** Only batches at one of the limits: while a pull is still staging, a smaller batch would waste a request of the rate limit. */
  fullOnly?: boolean;
}

/**
 * Forms and enqueues one batch in the caller's transaction from the pending versions after \`afterId\`.
 * Returns its size and the id to go on after (null = nothing more to form now).
 */
export async function formOneBatch(
  tx: Tx,
  boss: PgBoss,
  iface: NationalInterface,
  limits: BatchLimits,
  afterId = 0,
  opts: FormOptions = {},
): Promise<{ size: number; lastId: number | null }> {
  const claim = await claimPendingRecords(tx, iface, limits.maxRecords, afterId);
  const pending = claim.records;
  if (pending.length === 0) return { size: 0, lastId: claim.beyond > 0 ? claim.lastId : null };
  const batchId = newBatchId(iface);
  const { members, bytes, full } = packBatch(batchId, pending, 0, limits);
  if (opts.fullOnly && !full) return { size: 0, lastId: null };
  await insertBatch(tx, { batchId, iface, recordIds: members, bodyBytes: bytes });
  await send(boss, 'deliver', { batchId, interface: iface }, { db: bossDb(tx) });
  // Claimed rows left out by the byte limit come first in the next batch. Otherwise the next claim
  // is made only if it can find a batch: one at the limit while a pull runs, any batch after it (a
  // claim that finds none still locks and reads every row it looks at).
  if (members.length < pending.length) return { size: members.length, lastId: members[members.length - 1]! };
  const another = claim.beyond >= (opts.fullOnly ? limits.maxRecords : 1);
  return { size: members.length, lastId: another ? claim.lastId : null };
}

/**
 * Groups pending versions of an interface into batches (≤ maxRecords, ≤ maxBytes), each formed and
 * enqueued in one transaction. Several processes may run this at once: rows are claimed with SKIP LOCKED.
 */
export async function formBatches(
  db: Db,
  boss: PgBoss,
  iface: NationalInterface,
  limits: BatchLimits,
  onFormed?: () => void,
  opts: FormOptions = {},
): Promise<number> {
  let total = 0;
  let afterId = 0;
  for (;;) {
    const formed = await withTransaction(db, (tx) => formOneBatch(tx, boss, iface, limits, afterId, opts));
    total += formed.size;
    // Each batch can leave as soon as it is committed, while the next one is formed.
    if (formed.size > 0) onFormed?.();
    if (formed.lastId === null) return total;
    afterId = formed.lastId;
  }
}

/** formBatches for each interface that received new versions; returns the records batched. */
export async function formBatchesFor(
  db: Db,
  boss: PgBoss,
  interfaces: Iterable<NationalInterface>,
  limits: BatchLimits,
  onFormed?: () => void,
  opts: FormOptions = {},
): Promise<number> {
  let total = 0;
  for (const iface of interfaces) total += await formBatches(db, boss, iface, limits, onFormed, opts);
  return total;
}
