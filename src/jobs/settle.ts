import type PgBoss from 'pg-boss';
import { isConnectionLoss } from '../db/connection-loss';
import type { Logger } from '../log';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Marks a job completed (or failed, for a retry) and waits until the database has it. pg-boss 10's
 * own workers do this after a handler returns without awaiting the statement (manager.js, `watch`):
 * when the connection is lost at that moment the job stays `active` until it expires (two minutes by
 * default), and on a stately queue such as `pull` it holds back the next job of its key as long. The
 * gateway's workers (JobLoop) fetch with pg-boss and settle here instead, once: the statement is
 * repeated while the database is away, up to the job's expiry.
 */
export async function settleJob(
  boss: PgBoss,
  job: { name: string; id: string; expireInSeconds?: number },
  outcome: { failed: Error | null },
  opts: { log: Logger; stopping: () => boolean },
): Promise<void> {
  const deadline = Date.now() + (job.expireInSeconds ?? 60) * 1000;
  for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
    try {
      if (outcome.failed) await boss.fail(job.name, job.id, { message: outcome.failed.message });
      else await boss.complete(job.name, job.id);
      return;
    } catch (err) {
      if (!isConnectionLoss(err) || opts.stopping() || Date.now() + wait > deadline) {
        opts.log.warn('a job could not be marked done; pg-boss runs it again after its expiry', {
          event: 'job:unsettled',
          queue: job.name,
          jobId: job.id,
          error: (err as Error).message,
        });
        return;
      }
      await sleep(wait);
    }
  }
}
