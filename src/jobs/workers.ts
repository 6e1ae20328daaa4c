import type PgBoss from 'pg-boss';
import type { Logger } from '../log';
import type { QueuePayloads } from './queues';

export interface WorkerSet {
  /** Wakes the delivery workers at once (new batches were formed). */
  notifyDeliver(): void;
  stop(): Promise<void>;
}

/**
 * Registers the job handlers. Each handler settles its own outcome (delivery schedules its own retries);
 * a throw here means a defect or a lost database, and pg-boss retries the job.
 */
export async function startWorkers(
  boss: PgBoss,
  log: Logger,
  handlers: {
    pull(data: QueuePayloads['pull']): Promise<unknown>;
    deliver(data: QueuePayloads['deliver']): Promise<void>;
    backfill?(data: QueuePayloads['backfill']): Promise<unknown>;
  },
  opts: { deliverWorkers: number },
): Promise<WorkerSet> {
  const deliverIds: string[] = [];
  const wrap = <T>(queue: string, fn: (d: T) => Promise<unknown>) =>
    async (jobs: PgBoss.Job<T>[]) => {
      for (const job of jobs) {
        const jobLog = log.child({ jobId: job.id, queue });
        try {
          await fn(job.data);
        } catch (err) {
          jobLog.error('job failed; pg-boss will retry it', { event: 'job:failed', error: (err as Error).message });
          throw err;
        }
      }
    };
  await boss.work<QueuePayloads['pull']>('pull', { batchSize: 1, pollingIntervalSeconds: 0.5 }, wrap('pull', handlers.pull));
  if (handlers.backfill) await boss.work<QueuePayloads['backfill']>('backfill', { batchSize: 1, pollingIntervalSeconds: 2 }, wrap('backfill', handlers.backfill));
  for (let i = 0; i < opts.deliverWorkers; i++) {
    let id = '';
    const run = wrap<QueuePayloads['deliver']>('deliver', handlers.deliver);
    id = await boss.work<QueuePayloads['deliver']>('deliver', { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      await run(jobs);
      // A worker that just finished a job looks for the next one at once instead of waiting a poll interval.
      if (jobs.length > 0) setImmediate(() => boss.notifyWorker(id));
    });
    deliverIds.push(id);
  }
  return {
    notifyDeliver() {
      for (const id of deliverIds) boss.notifyWorker(id);
    },
    async stop() {
      await boss.offWork('pull').catch(() => undefined);
      await boss.offWork('deliver').catch(() => undefined);
      if (handlers.backfill) await boss.offWork('backfill').catch(() => undefined);
    },
  };
}
