import type PgBoss from 'pg-boss';
import type { QueueName } from '../queues/payloads';

/** A job as pg-boss's fetch returns it. */
export interface FetchedJob {
  id: string;
  name: string;
  data: unknown;
  expireInSeconds?: number;
}

export interface JobLoopOptions {
  boss: PgBoss;
  queue: QueueName;
  /** How long an idle loop waits before it looks again, unless woken. */
  pollMs: number;
  /** Runs one job and settles it (completed or failed) in the database. */
  run(job: FetchedJob): Promise<void>;
  /** Settles a job fetched while the loop was stopping, without running it. */
  defer(job: FetchedJob): Promise<void>;
  /** Told what each look found: whether a job was fetched. */
  onFetched?(found: boolean): void;
  /** After a job, whether to look for the next one at once rather than after the rest of a poll interval. */
  lookAgainAtOnce(): boolean;
}

/**
 * One worker of a queue: fetches a job with pg-boss, runs it, looks again. pg-boss's own workers
 * (`work`) mark a job completed after the handler returns, without awaiting the statement; the
 * handlers here settle their jobs themselves and wait for it (see settleJob), so with pg-boss's
 * workers every job was completed twice. A loop fetches and settles through pg-boss's API; the job
 * table stays pg-boss's alone.
 */
export class JobLoop {
  private stopping = false;
  private woken = false;
  private wake: (() => void) | null = null;
  private inHand: { job: FetchedJob; done: Promise<void> } | null = null;
  /** Settles once the loop has stopped: after its last fetch, and the job it ran, if any. */
  readonly finished: Promise<void>;

  constructor(private readonly opts: JobLoopOptions) {
    this.finished = this.loop();
  }

  /** The job being run, if any, and the run, which settles once the job is settled. */
  get running(): { job: FetchedJob; done: Promise<void> } | null {
    return this.inHand;
  }

  /** Looks for a job at once: now if the loop waits, or right after what it is doing. */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Stops looking for jobs; the job in hand is finished (see `finished`). */
  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    const { boss, queue } = this.opts;
    while (!this.stopping) {
      const started = Date.now();
      this.woken = false;
      let jobs: FetchedJob[] = [];
      try {
        jobs = (await boss.fetch(queue, { batchSize: 1 })) as FetchedJob[];
      } catch (err) {
        boss.emit('error', err);
      }
      const job = jobs[0];
      this.opts.onFetched?.(job !== undefined);
      if (job && this.stopping) {
        await this.opts.defer(job);
        break;
      }
      if (job) {
        const done = this.opts.run(job).catch((err: unknown) => void boss.emit('error', err));
        this.inHand = { job, done };
        await done;
        this.inHand = null;
        if (this.opts.lookAgainAtOnce()) continue;
      }
      const rest = this.opts.pollMs - (Date.now() - started);
      if (!this.woken && !this.stopping && rest > 0) await this.sleep(rest);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
