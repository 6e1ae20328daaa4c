import type PgBoss from 'pg-boss';
import { withLogContext, type Logger } from '../log';
import { settleJob } from './settle';
import type { QueueName, QueuePayloads } from '../queues/payloads';

export type Handlers = { [Q in QueueName]?: (data: QueuePayloads[Q]) => Promise<unknown> };

export interface WorkerSet {
  /**
   * Wakes one idle delivery worker at once (a batch was formed). With every worker busy none is
   * woken: each looks for the next job as soon as it has finished its own.
   */
  notifyDeliver(): void;
  /** Wakes this process's pull worker at once (a pull was just enqueued). */
  notifyPull(): void;
  /** Wakes this process's workers of one queue at once. */
  notifyQueue(queue: QueueName): void;
  /** Stops fetching jobs and waits (up to ten seconds) for the jobs in hand; a job fetched meanwhile is left to a retry. */
  stop(): Promise<void>;
}

/** How long stopping waits for the jobs in hand (pg-boss's own graceful stop waits as long). */
const STOP_WAIT_MS = 10_000;
export const STOPPED_BEFORE_START = 'the process was stopping when this job was fetched; pg-boss runs it again';

const POLL_SECONDS: Partial<Record<QueueName, number>> = { pull: 0.5, deliver: 0.5, replay: 1, notices: 0.5 };

/**
 * Registers the job handlers. Each handler settles its own outcome (delivery schedules its own retries);
 * a throw here means a defect or a lost database, and pg-boss retries the job. Each job is marked
 * done here rather than by pg-boss alone, so a connection lost at that moment does not hold it back.
 */
export async function startWorkers(boss: PgBoss, log: Logger, handlers: Handlers, opts: { deliverWorkers: number }): Promise<WorkerSet> {
  let stopping = false;
  /** The jobs being run, which stopping waits for. */
  const inHand = new Set<Promise<void>>();
  const deliverIds: string[] = [];
  const busy = new Set<string>();
  let nextDeliver = 0;
  const pullIds: string[] = [];
  const idsByQueue = new Map<QueueName, string[]>();
  const queues = Object.keys(handlers) as QueueName[];
  for (const queue of queues) {
    const fn = handlers[queue] as (d: unknown) => Promise<unknown>;
    const count = queue === 'deliver' ? opts.deliverWorkers : 1;
    for (let i = 0; i < count; i++) {
      let id = '';
      id = await boss.work<unknown>(queue, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS[queue] ?? 2 }, async (jobs) => {
        // A fetch already under way when the process began to stop still hands its job over, after
        // pg-boss has looked for work in progress: run now, it would find the database closed under it.
        if (stopping) {
          log.info('a job fetched while the process stopped is left to a retry', { event: 'job:deferred', queue, jobs: jobs.length });
          for (const job of jobs) await settleJob(boss, job, { failed: new Error(STOPPED_BEFORE_START) }, { log, stopping: () => true });
          return;
        }
        busy.add(id);
        const run = (async () => {
          for (const job of jobs) {
            let failed: Error | null = null;
            try {
              await withLogContext({ jobId: job.id, queue }, () => fn(job.data));
            } catch (err) {
              log.error('job failed; pg-boss will retry it', { event: 'job:failed', queue, jobId: job.id, error: (err as Error).message });
              failed = err as Error;
            }
            // Settled here, surviving a lost connection (see settleJob); a failed job is retried by pg-boss.
            await settleJob(boss, job, { failed }, { log, stopping: () => stopping });
          }
        })();
        inHand.add(run);
        try {
          await run;
        } finally {
          busy.delete(id);
          inHand.delete(run);
        }
        // A worker that just finished a job looks for the next one at once instead of waiting a poll interval.
        if (jobs.length > 0 && queue === 'deliver') setImmediate(() => boss.notifyWorker(id));
      });
      idsByQueue.set(queue, [...(idsByQueue.get(queue) ?? []), id]);
      if (queue === 'deliver') deliverIds.push(id);
      if (queue === 'pull') pullIds.push(id);
    }
  }
  return {
    // One batch is one job: waking every worker for it would send all but one to find nothing, a
    // round trip and a locking scan of the job table each. Taken in turn, so batches formed one after
    // another wake different workers.
    notifyDeliver() {
      for (let i = 0; i < deliverIds.length; i++) {
        const id = deliverIds[(nextDeliver + i) % deliverIds.length]!;
        if (busy.has(id)) continue;
        nextDeliver = (nextDeliver + i + 1) % deliverIds.length;
        boss.notifyWorker(id);
        return;
      }
    },
    notifyPull() {
      for (const id of pullIds) boss.notifyWorker(id);
    },
    notifyQueue(queue) {
      for (const id of idsByQueue.get(queue) ?? []) boss.notifyWorker(id);
    },
    async stop() {
      stopping = true;
      for (const queue of queues) await boss.offWork(queue).catch(() => undefined);
      // pg-boss's offWork does not wait for the jobs in hand; the database they use closes after this.
      let timer: NodeJS.Timeout | undefined;
      const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
      await Promise.race([Promise.allSettled(inHand), timeUp]);
      clearTimeout(timer);
    },
  };
}
