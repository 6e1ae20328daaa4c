import type PgBoss from 'pg-boss';
import { unparkBatches } from '../db/queries/batches';
import { bossDb, type Tx } from '../db/pool';
import type { NationalInterface } from '../national/types';
import type { QueuePayloads } from '../queues/payloads';

/** Jobs per statement: a long pause can park many thousands of batches. */
const JOBS_PER_INSERT = 1000;

/**
 * Gives every batch parked while delivery was paused its deliver job again, in the caller's
 * transaction, once the credential is no longer paused; a batch waiting out a retry delay keeps it.
 * Returns how many batches were requeued (none while the credential is still paused).
 */
export async function requeueParkedBatches(tx: Tx, boss: PgBoss, appKey: string): Promise<number> {
  const parked = await unparkBatches(tx, appKey);
  if (parked.length === 0) return 0;
  const now = Date.now();
  const jobs = parked.map((b) => {
    const data: QueuePayloads['deliver'] = { batchId: b.batchId, interface: b.interface as NationalInterface };
    const later = b.nextAttemptAt && b.nextAttemptAt.getTime() > now ? { startAfter: b.nextAttemptAt.toISOString() } : {};
    return { name: 'deliver', data, ...later };
  });
  for (let start = 0; start < jobs.length; start += JOBS_PER_INSERT) {
    await boss.insert(jobs.slice(start, start + JOBS_PER_INSERT), { db: bossDb(tx) });
  }
  return parked.length;
}
