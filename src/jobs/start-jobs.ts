import type PgBoss from 'pg-boss';
import { replayAndBatch } from '../pipeline/replay-and-batch';
import type { Config } from '../config';
import type { Db } from '../db/pool';
import type { Logger } from '../log';
import type { GatewayMetrics } from '../metrics/metrics';
import type { CodeListStore } from '../national/codelist-store';
import type { NationalConnection } from '../national/connection';
import { startNoticeJobs, type NoticeJobs } from '../notices/notice-jobs';
import { sendConfirmedRaised } from '../notices/raise';
import type { BatchLimits } from '../pipeline/batch';
import type { PipelineDeps } from '../pipeline/types';
import type { AdapterInstances } from '../runtime/instances';
import { createDeliverHandler } from './deliver';
import { createInspectionNoticesHandler, enqueueInspectionNotices } from './notices-inspections';
import { prune } from './prune';
import { createPullHandler, type PullRequest, type PullSummary } from './pull';
import type { QueueName } from '../queues/payloads';
import { FormedBatches } from '../pipeline/formed-batches';
import { send } from '../queues/send';
import { beijingYesterday, reconcile } from './reconcile';
import { createRefreshCodeListsHandler } from './refresh-codelists';
import { createReplayHandler } from './replay-job';
import { startWorkers, type WorkerSet } from './workers';

export interface JobsDeps {
  config: Config;
  db: Db;
  boss: PgBoss;
  instances: AdapterInstances;
  pipeline: PipelineDeps;
  limits: BatchLimits;
  codeLists: CodeListStore;
  national: NationalConnection;
  metrics: GatewayMetrics;
  log: Logger;
  /** Aborted when the process stops: a pull in progress ends at once, from its last stored cursor. */
  signal: AbortSignal;
}

export interface Jobs {
  /** Runs a pull in this process, outside the queue (tests, CLI). */
  pull(req: PullRequest): Promise<PullSummary>;
  /** Wakes the delivery workers at once (new batches were formed). */
  notifyDeliver(count?: number): void;
  /** Wakes this process's pull worker at once (a pull was just enqueued). */
  notifyPull(): void;
  /** Wakes this process's workers of one queue at once (a job was just enqueued). */
  notifyQueue(queue: QueueName): void;
  /** Asks for a notices round soon. */
  requestNoticeRound(): Promise<void>;
  stop(): Promise<void>;
}

/** This process's workers of every queue, the maintenance schedules and the notices rounds. */
export async function startJobs(deps: JobsDeps): Promise<Jobs> {
  const { config, db, boss, instances, pipeline, limits, codeLists, metrics, log } = deps;
  const { client, limiter, appKey } = deps.national;
  let workers: WorkerSet | null = null;
  let notices: NoticeJobs | null = null;
  const notifyDeliver = (count?: number) => workers?.notifyDeliver(count);
  const notifyPull = () => workers?.notifyPull();
  const notifyQueue = (queue: QueueName) => workers?.notifyQueue(queue);
  const requestNoticeRound = async () => notices?.requestRound();
  const formed = new FormedBatches();
  const pull = createPullHandler({
    db,
    boss,
    instances,
    pipeline,
    limits,
    log,
    maxSeconds: config.pull.maxSeconds,
    signal: deps.signal,
    onBatchesFormed: notifyDeliver,
    formed,
    onPullRequested: notifyPull,
    onPage: metrics.onPage,
  });
  const deliver = createDeliverHandler({
    db,
    boss,
    client,
    limiter,
    appKey,
    log,
    onDelivered: metrics.onDelivered,
    onAnswer: metrics.onAnswer,
    // Accepted inspections are looked at for FAIL conclusions (notices.raise), in a job enqueued with the receipt.
    afterReceipt: enqueueInspectionNotices(boss, config.notices.raise),
    formed,
  });
  const replayDeps = { db, boss, instances, pipeline, limits, notifyDeliver };
  workers = startWorkers(
    boss,
    log,
    {
      pull: (d) => pull({ adapterId: d.adapterId, mode: d.mode }),
      backfill: (d) => pull({ adapterId: d.adapterId, mode: 'backfill', window: { stream: d.stream, from: d.from, until: d.until } }),
      deliver,
      replay: createReplayHandler({ ...replayDeps, log }),
      'refresh-codelists': createRefreshCodeListsHandler({
        codeLists,
        client,
        log,
        replayQuarantined: (filter) => replayAndBatch(replayDeps, filter),
      }),
      reconcile: (d) => reconcile(db, (date) => client.getStats(date), d.date ?? beijingYesterday(), log),
      prune: () => prune(db, { days: config.retention.days, log }),
      notices: async () => {
        await notices?.round();
      },
      'notices-inspections': createInspectionNoticesHandler({
        db,
        mode: config.notices.raise,
        regionScope: config.national.regionScope,
        log,
        requestRound: requestNoticeRound,
      }),
    },
    { deliverWorkers: config.delivery.workers },
  );
  const stop = async () => {
    notices?.stop();
    await workers!.stop();
  };
  try {
    const tz = { tz: config.maintenance.timezone };
    await boss.schedule('reconcile', config.maintenance.reconcileCron, {}, tz);
    await boss.schedule('prune', config.maintenance.pruneCron, {}, tz);
    await boss.schedule('refresh-codelists', config.maintenance.codelistsCron, {}, tz);
    await send(boss, 'refresh-codelists', {}, { singletonKey: 'startup', singletonSeconds: 60 });
    notices = startNoticeJobs({
      db,
      boss,
      schema: config.database.schema,
      client,
      log,
      pollSeconds: config.notices.pollSeconds,
      onEnqueued: () => workers?.notifyQueue('notices'),
      more: async () => sendConfirmedRaised({ db, client, log }),
    });
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return { pull, notifyDeliver, notifyPull, notifyQueue, requestNoticeRound, stop };
}
