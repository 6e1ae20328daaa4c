import type PgBoss from 'pg-boss';
import { withLogContext, type Logger } from '../log';
import { JobLoop, type FetchedJob } from './job-loop';
import { settleJob } from './settle';
import type { QueueName, QueuePayloads } from '../queues/payloads';

export type Handlers = { [Q in QueueName]?: (data: QueuePayloads[Q]) => Promise<unknown> };

export interface WorkerSet {
  /**
   * Tells the delivery workers that `count` batches (one by default) were formed or queued again:
   * one idle worker is woken at once for each. With every worker busy none is woken: a worker that
   * finishes a job looks for the next one at once while batches so announced are left.
   */
  notifyDeliver(count?: number): void;
  /** Wakes this process's pull worker at once (a pull was just enqueued). */
  notifyPull(): void;
  /** Wakes this process's workers of one queue at once. */
  notifyQueue(queue: QueueName): void;
  /**
   * Stops fetching jobs and waits (up to ten seconds) for the jobs in hand and for the looks under
   * way; a job such a look fetches is left to a retry, and so is a job still running when the wait
   * ends. Once it returns, no worker of the set takes a job.
   */
  stop(): Promise<void>;
}

/** How long stopping waits for the jobs in hand and the looks under way (pg-boss's own graceful stop waits as long). */
const STOP_WAIT_MS = 10_000;
export const STOPPED_BEFORE_START = 'the process was stopping when this job was fetched; pg-boss runs it again';

const POLL_SECONDS: Partial<Record<QueueName, number>> = { pull: 0.5, deliver: 0.5, replay: 1, notices: 0.5 };

export const STILL_RUNNING_AT_STOP = 'the process stopped while this job ran; pg-boss runs it again';

export interface WorkerOptions {
  deliverWorkers: number;
  /** Poll intervals by queue, in place of the defaults (tests). */
  pollSeconds?: Partial<Record<QueueName, number>>;
  /** How long stopping waits for the jobs in hand and the looks under way (ten seconds by default). */
  stopWaitMs?: number;
}

/**
 * Registers the job handlers, each queue's workers a JobLoop. Each handler settles its own outcome
 * (delivery schedules its own retries); a throw here means a defect or a lost database, and pg-boss
 * retries the job. Each job is marked done here, once, so a connection lost at that moment does not
 * hold it back (see settleJob).
 */
export function startWorkers(boss: PgBoss, log: Logger, handlers: Handlers, opts: WorkerOptions): WorkerSet {
  let stopping = false;
  const loopsByQueue = new Map<QueueName, JobLoop[]>();
  let nextDeliver = 0;
  /**
   * Batches announced by notifyDeliver that no delivery worker has fetched yet. After a job, a worker
   * looks again at once only while some are left, or when its job was not announced (another
   * process's batch, a retry come due: more may be waiting); otherwise it waits for the next
   * announcement or its poll. Looking again after every job found nothing about half the time while
   * delivery kept up with batching. A look that finds nothing resets it.
   */
  let announced = 0;

  async function runJob(queue: QueueName, fn: (d: unknown) => Promise<unknown>, job: FetchedJob): Promise<void> {
    let failed: Error | null = null;
    try {
      await withinExpiry(
        withLogContext({ jobId: job.id, queue }, () => fn(job.data)),
        Number(job.expireInSeconds ?? 0),
      );
    } catch (err) {
      log.error('job failed; pg-boss will retry it', { event: 'job:failed', queue, jobId: job.id, error: (err as Error).message });
      failed = err as Error;
    }
    await settleJob(boss, job, { failed }, { log, stopping: () => stopping });
  }

  const queues = Object.keys(handlers) as QueueName[];
  for (const queue of queues) {
    const fn = handlers[queue] as (d: unknown) => Promise<unknown>;
    const count = queue === 'deliver' ? opts.deliverWorkers : 1;
    const loops: JobLoop[] = [];
    for (let i = 0; i < count; i++) {
      let unannounced = false;
      loops.push(
        new JobLoop({
          boss,
          queue,
          pollMs: (opts.pollSeconds?.[queue] ?? POLL_SECONDS[queue] ?? 2) * 1000,
          run: (job) => runJob(queue, fn, job),
          // A fetch already under way when the process began to stop still hands its job over: run
          // now, it would find the database closed under it.
          defer: async (job) => {
            log.info('a job fetched while the process stopped is left to a retry', { event: 'job:deferred', queue, jobs: 1 });
            await settleJob(boss, job, { failed: new Error(STOPPED_BEFORE_START) }, { log, stopping: () => true });
          },
          onFetched:
            queue === 'deliver'
              ? (found) => {
                  unannounced = found && announced === 0;
                  announced = found ? Math.max(0, announced - 1) : 0;
                }
              : undefined,
          lookAgainAtOnce: () => queue === 'deliver' && (unannounced || announced > 0),
        }),
      );
    }
    loopsByQueue.set(queue, loops);
  }
  const all = [...loopsByQueue.values()].flat();
  const deliverLoops = loopsByQueue.get('deliver') ?? [];
  return {
    // One batch is one job: waking every worker for it would send all but one to find nothing, a
    // round trip and a locking scan of the job table each. Taken in turn, so batches formed one after
    // another wake different workers.
    notifyDeliver(count = 1) {
      announced += count;
      const start = nextDeliver;
      for (let woken = 0, i = 0; woken < count && i < deliverLoops.length; i++) {
        const at = (start + i) % deliverLoops.length;
        const loop = deliverLoops[at]!;
        if (loop.running) continue;
        loop.notify();
        woken++;
        nextDeliver = (at + 1) % deliverLoops.length;
      }
    },
    notifyPull() {
      for (const loop of loopsByQueue.get('pull') ?? []) loop.notify();
    },
    notifyQueue(queue) {
      for (const loop of loopsByQueue.get(queue) ?? []) loop.notify();
    },
    async stop() {
      stopping = true;
      for (const loop of all) loop.stop();
      // Each loop ends once its job in hand is settled, or its fetch under way has answered and what
      // it fetched is deferred (left to a retry): a job sent once stop has returned is not taken by this set.
      let timer: NodeJS.Timeout | undefined;
      const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.stopWaitMs ?? STOP_WAIT_MS)));
      await Promise.race([Promise.allSettled(all.map((loop) => loop.finished)), timeUp]);
      clearTimeout(timer);
      // Still running: failed now, so that pg-boss runs it again soon rather than after its expiry.
      for (const loop of all) {
        const job = loop.running?.job;
        if (job) await boss.fail(job.name, job.id, { message: STILL_RUNNING_AT_STOP }).catch(() => undefined);
      }
    },
  };
}

/** The job's run, or an error once the job's expiry has passed (the run goes on, unowned), as pg-boss's workers do. */
function withinExpiry<T>(run: Promise<T>, seconds: number): Promise<T> {
  if (!(seconds > 0)) return run;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the job ran longer than its expiry of ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([run, expired]).finally(() => clearTimeout(timer));
}
