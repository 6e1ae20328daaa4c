import { randomBytes } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { bossDb, withTransaction, type Db, type Tx } from '../db/pool';
import { claimPendingRecords, insertBatch } from '../db/queries/batches';
import { send } from '../jobs/queues';
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

/** The exact request body of a batch: members' stored JSON in batch order. */
export function batchBody(batchId: string, bodies: readonly string[]): string {
  return `${envelope(batchId)}${bodies.join(',')}]}`;
}

/** Forms and enqueues one batch in the caller's transaction; returns its size (0 = nothing pending). */
export async function formOneBatch(tx: Tx, boss: PgBoss, iface: NationalInterface, limits: BatchLimits): Promise<number> {
  const pending = await claimPendingRecords(tx, iface, limits.maxRecords);
  if (pending.length === 0) return 0;
  const batchId = newBatchId(iface);
  let bytes = Buffer.byteLength(envelope(batchId)) + 2;
  const members: number[] = [];
  for (const p of pending) {
    const size = Buffer.byteLength(p.body) + (members.length ? 1 : 0);
    if (members.length > 0 && bytes + size > limits.maxBytes) break;
    bytes += size;
    members.push(p.id);
  }
  await insertBatch(tx, { batchId, iface, recordIds: members, bodyBytes: bytes });
  await send(boss, 'deliver', { batchId, interface: iface }, { db: bossDb(tx) });
  return members.length;
}

/**
 * Groups pending versions of an interface into batches (≤ maxRecords, ≤ maxBytes), each formed and
 * enqueued in one transaction. Several processes may run this at once: rows are claimed with SKIP LOCKED.
 */
export async function formBatches(db: Db, boss: PgBoss, iface: NationalInterface, limits: BatchLimits): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await withTransaction(db, (tx) => formOneBatch(tx, boss, iface, limits));
    total += n;
    if (n === 0) return total;
  }
}
