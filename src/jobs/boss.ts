import PgBoss from 'pg-boss';
import type { Config } from '../config';
import { createBossDb } from '../db/boss-db';
import { connectionLossLimiter } from '../db/connection-loss';
import type { Logger } from '../log';
import { createQueues } from './queues';

const poolEnded = new WeakMap<PgBoss, Promise<void>>();

/** Stops pg-boss (waiting up to ten seconds for the jobs in hand), then waits until its pool is ended. */
export async function stopBoss(boss: PgBoss): Promise<void> {
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  // Bounded: were 'stopped' never emitted, the stop would otherwise wait forever.
  await Promise.race([poolEnded.get(boss), new Promise((r) => setTimeout(r, 15_000).unref())]);
}

/** Starts pg-boss on the gateway's database and creates its queues; stopped again if the queues cannot be created. */
export async function startBoss(config: Config, url: string, log: Logger): Promise<PgBoss> {
  // Job bookkeeping commits without waiting for the disk: a job state forgotten by a crash of the
  // database server only runs an idempotent job again or skips one tick. Jobs that carry work are
  // created inside the gateway's own transactions, which commit normally.
  const { db, pool, endWhenQuiet } = createBossDb({ url, max: 6, applicationName: 'trace-gateway-jobs', relaxedCommit: true });
  const boss = new PgBoss({
    db,
    schema: config.database.bossSchema,
    maintenanceIntervalSeconds: config.jobs.maintenanceIntervalSeconds,
  });
  // pg-boss leaves a connection it was given open when it stops; stopBoss waits until it is ended.
  const ended = new Promise<void>((resolve) => boss.once('stopped', () => void endWhenQuiet(200, 10_000).then(resolve)));
  poolEnded.set(boss, ended);
  // While the database is away every worker's poll fails: one line per half minute says so.
  const bossErrors = connectionLossLimiter();
  boss.on('error', (err) =>
    bossErrors(err, (suppressed) =>
      log.error('job queue error', { event: 'jobs:error', error: err.message, ...(suppressed ? { suppressed } : {}) }),
    ),
  );
  await boss.start();
  try {
    await createQueues(boss, { pullExpireSeconds: config.pull.expireSeconds, deliverExpireSeconds: config.jobs.deliverExpireSeconds });
  } catch (err) {
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw err;
  }
  return boss;
}
