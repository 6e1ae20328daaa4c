import http from 'node:http';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { adapterKinds } from './adapters/registry';
import { loadDeclarations } from './adapters/declaration';
import type { AdapterDeclaration } from './adapters/types';
import { createMetricsApp } from './api/metrics-endpoint';
import { startOperatorSurfaces } from './api/operator-surfaces';
import type { Config } from './config';
import { bossDb, createPool, type Db } from './db/pool';
import { migrate } from './db/migrate';
import { holdInitLock } from './db/queries/advisory-locks';
import { attachOrStartEmbedded, startEmbeddedPostgres, type EmbeddedServer } from './db/embedded';
import { connectionLossLimiter, guardConnectionLossRejections } from './db/connection-loss';
import { DatabaseWatch } from './db/database-watch';
import { registerDatabaseMetrics } from './db/database-metrics';
import { listApiAdapters, upsertAdapter } from './db/queries/adapters';
import type { DemoHandle } from './demo/start-demo';
import { createDeliverHandler } from './jobs/deliver';
import { createPullHandler, type PullSummary } from './jobs/pull';
import { createQueues } from './jobs/queues';
import { PullScheduler } from './jobs/schedule';
import { startWorkers, type WorkerSet } from './jobs/workers';
import { registerSecret, type Logger } from './log';
import { TranslationTableSource } from './mappings/table-watch';
import { createNationalClient } from './national/client';
import { CodeListStore } from './national/codelist-store';
import { createSharedRateLimiter } from './national/rate-limit';
import { withRateLimitedQueries } from './national/limited-client';
import { NATIONAL_INTERFACES, type NationalInterface } from './national/types';
import { formBatchesFor } from './pipeline/batch';
import { replayQuarantine } from './pipeline/replay';
import type { PipelineDeps } from './pipeline/types';
import { beijingYesterday, reconcile } from './jobs/reconcile';
import { prune } from './jobs/prune';
import { createReplayHandler } from './jobs/replay-job';
import { send } from './queues/send';
import { AdapterInstances, createInstance } from './runtime/instances';
import { directoryParties } from './public-trace/directory';
import { createMetrics } from './metrics/metrics';
import { startNoticeJobs, type NoticeJobs } from './notices/notice-jobs';
import { proposeFromInspections, sendConfirmedRaised } from './notices/raise';

export interface Gateway {
  readonly url: string;
  readonly port: number;
  readonly db: Db;
  readonly boss: PgBoss;
  readonly instances: AdapterInstances;
  readonly nationalUrl: string;
  /** Where /metrics is served when METRICS_PORT is set. */
  readonly metricsUrl: string | null;
  /** Runs a pull of one adapter now, in this process (tests, CLI). */
  pullNow(adapterId: string): Promise<PullSummary>;
  /** Re-pulls a window of one adapter now, in this process, without moving its live cursor. */
  backfillNow(adapterId: string, window: { stream?: string; from: string; until?: string }): Promise<PullSummary>;
  stop(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  /** Extra declarations (tests); added after the configured ones. */
  declarations?: AdapterDeclaration[];
  /** Start the HTTP API (default true). */
  api?: boolean;
  /** Register schedules (default true). */
  schedules?: boolean;
  /** Status reads within this many ms share one query round (default 2000; tests). */
  statusCacheMs?: number;
  /** /ready is checked at most once per this many ms (default 5000; tests). */
  readyCacheMs?: number;
}

/** Resolves the database: DATABASE_URL, or an embedded server under ./var/pg started with the gateway. */
export async function openDatabase(config: Config, log: Logger, mode: 'own' | 'attach' = 'own'): Promise<{ url: string; embedded: EmbeddedServer | null }> {
  if (config.database.url) return { url: config.database.url, embedded: null };
  const start = mode === 'attach' ? attachOrStartEmbedded : startEmbeddedPostgres;
  const embedded = await start({ dir: config.database.embedded.dir, port: config.database.embedded.port, log });
  return { url: embedded.url, embedded };
}

export async function startGateway(config: Config, opts: StartOptions): Promise<Gateway> {
  const log = opts.log;
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err) => log.warn('shutdown step failed', { error: String(err) }));
  };
  try {
    registerSecret(config.national.appSecret ?? undefined);
    const metricsToken = process.env.METRICS_TOKEN?.trim() || undefined;
    registerSecret(metricsToken);
    // Losing the database (a restart, kill -9 of the embedded server) must not end the process: the
    // embedded server is restarted, the pools reconnect, pg-boss's workers keep polling (docs/operations.md).
    const removeRejectionGuard = guardConnectionLossRejections(log);
    cleanups.push(async () => removeRejectionGuard());
    const { url, embedded } = await openDatabase(config, log);
    if (embedded) cleanups.push(() => embedded.stop());
    const watch = new DatabaseWatch({ url, log });
    watch.start();
    cleanups.push(() => watch.stop());
    const db = createPool({ url, schema: config.database.schema, max: config.database.poolSize });
    cleanups.push(() => db.end());
    // Several processes starting together set up queues, adapters and schedules one at a time.
    const releaseInit = await holdInitLock(db, config.database.schema);
    cleanups.push(releaseInit);
    await migrate(db, { schema: config.database.schema, log });

    // The simulators start before the job system and stop after it, so no pull outlives its source.
    let demo: DemoHandle | null = null;
    if (config.simulators) {
      // Loaded only when wanted: a production gateway never loads the simulators.
      const { startDemo } = require('./demo/start-demo') as typeof import('./demo/start-demo');
      demo = await startDemo(config, log);
      cleanups.push(() => demo!.stop());
    }
    const boss = new PgBoss({
      connectionString: url, schema: config.database.bossSchema, max: 6, application_name: 'trace-gateway-jobs', maintenanceIntervalSeconds: config.jobs.maintenanceIntervalSeconds,
      // Job bookkeeping commits without waiting for the disk: a job state forgotten by a crash of the
      // database server only runs an idempotent job again or skips one tick. Jobs that carry work are
      // created inside the gateway's own transactions, which commit normally.
      // Both are passed through to pg's pool; keepalive as in src/db/pool.ts.
      ...({ options: '-c synchronous_commit=off', keepAlive: true, keepAliveInitialDelayMillis: 10_000 } as object),
    });
    // While the database is away every worker's poll fails: one line per half minute says so.
    const bossErrors = connectionLossLimiter();
    boss.on('error', (err) => bossErrors(err, (suppressed) => log.error('job queue error', { event: 'jobs:error', error: err.message, ...(suppressed ? { suppressed } : {}) })));
    await boss.start();
    cleanups.push(() => boss.stop({ graceful: true, wait: true, timeout: 10_000 }));
    const metrics = createMetrics({ db, boss, log });
    registerDatabaseMetrics(metrics.registry, { watch, embeddedRestarts: embedded ? () => embedded.restarts() : undefined });
    await createQueues(boss, { pullExpireSeconds: config.pull.expireSeconds, deliverExpireSeconds: config.jobs.deliverExpireSeconds });

    const nationalUrl = config.national.baseUrl ?? demo?.nationalUrl;
    const appKey = config.national.appKey ?? demo?.appKey;
    const appSecret = config.national.appSecret ?? demo?.appSecret;
    if (!nationalUrl || !appKey || !appSecret) throw new Error('no national platform configured (NATIONAL_BASE_URL, NATIONAL_APP_KEY, NATIONAL_APP_SECRET)');

    const tables = new TranslationTableSource(path.resolve(config.translationsDir));
    const codeLists = new CodeListStore(db, { dir: path.resolve(config.codelistsDir), regionScope: config.national.regionScope, log });
    await codeLists.syncFromDb();
    const pipeline: PipelineDeps = { tables: () => tables.current(), validator: () => codeLists.validator(), now: () => Date.now(), log };

    const limiter = createSharedRateLimiter(db, { key: appKey, perSecond: config.national.rateLimitPerSecond });
    const client = withRateLimitedQueries(
      createNationalClient({ baseUrl: nationalUrl, appKey, appSecret, signMethod: config.national.signMethod, timeoutMs: config.national.timeoutMs, gzipAboveBytes: config.national.gzipAboveBytes }),
      limiter,
    );
    const limits = { maxRecords: config.delivery.batchMaxRecords, maxBytes: config.delivery.batchMaxBytes };

    const instances = new AdapterInstances(log);
    cleanups.push(() => instances.closeAll());
    const declared = [
      ...loadDeclarations(path.resolve(config.adaptersDir), adapterKinds).map((d) => ({ ...d, origin: 'config' as const })),
      ...(config.simulators ? loadDeclarations(path.resolve(config.demoAdaptersDir), adapterKinds).map((d) => ({ ...d, origin: 'demo' as const })) : []),
      ...(opts.declarations ?? []).map((decl) => ({ file: 'options', decl, origin: 'config' as const })),
    ];
    for (const { decl, origin } of declared) await upsertAdapter(db, decl, origin);
    for (const { decl } of declared) if (decl.enabled !== false) instances.set(createInstance(decl, adapterKinds[decl.kind]!, log));
    // Adapters registered through the API must not stop a start: one that cannot be built is reported and skipped.
    for (const decl of (await listApiAdapters(db)).filter((d) => !declared.some((x) => x.decl.id === d.id))) {
      if (decl.enabled === false) continue;
      try {
        instances.set(createInstance(decl, adapterKinds[decl.kind]!, log));
      } catch (err) {
        log.error('a registered adapter cannot run in this process', { event: 'adapter:skipped', adapterId: decl.id, error: (err as Error).message });
      }
    }

    let workers: WorkerSet | null = null;
    let notices: NoticeJobs | null = null;
    const shutdown = new AbortController();
    const pull = createPullHandler({ db, boss, instances, pipeline, limits, log, maxSeconds: config.pull.maxSeconds, signal: shutdown.signal, onBatchesFormed: () => workers?.notifyDeliver(), onPullRequested: () => workers?.notifyPull(), onPage: metrics.onPage });
    const deliver = createDeliverHandler({
      db, boss, client, limiter, appKey, log, onDelivered: metrics.onDelivered, onAnswer: metrics.onAnswer,
      // Accepted inspections are looked at for FAIL conclusions (notices.raise), in a job enqueued with the receipt.
      afterReceipt: async (tx, iface, ids) => {
        if (iface === 'inspections' && config.notices.raise !== 'off') await send(boss, 'notices-inspections', { nationalRecordIds: ids }, { db: bossDb(tx) });
      },
    });
    const formFor = (interfaces: Iterable<NationalInterface>) => formBatchesFor(db, boss, interfaces, limits, () => workers?.notifyDeliver());
    const replay = async (filter: Parameters<typeof replayQuarantine>[2]) => {
      const r = await replayQuarantine(db, (id) => instances.get(id), filter, pipeline);
      await formFor(r.interfaces);
      return r;
    };
    workers = await startWorkers(
      boss,
      log,
      {
        pull: (d) => pull({ adapterId: d.adapterId, mode: d.mode }),
        backfill: (d) => pull({ adapterId: d.adapterId, mode: 'backfill', window: { stream: d.stream, from: d.from, until: d.until } }),
        deliver,
        replay: createReplayHandler({ db, boss, instances, pipeline, limits, notifyDeliver: () => workers?.notifyDeliver(), log }),
        'refresh-codelists': async () => {
          const r = await codeLists.refreshFromPlatform((name) => client.getCodeList(name));
          if (r.errors.length) log.warn('some code lists could not be fetched', { event: 'codelists:errors', errors: r.errors });
          if (r.changed.length) await replay({ reason: 'E4003' });
        },
        reconcile: (d) => reconcile(db, (date) => client.getStats(date), d.date ?? beijingYesterday(), log),
        prune: () => prune(db, { days: config.retention.days, log }),
        notices: async () => {
          await notices?.round();
        },
        'notices-inspections': async (d) => {
          const raised = await proposeFromInspections(db, d.nationalRecordIds, { mode: config.notices.raise, regionScope: config.national.regionScope, log });
          if (raised.length > 0 && config.notices.raise === 'auto') await notices?.requestRound();
        },
      },
      { deliverWorkers: config.delivery.workers },
    );
    cleanups.push(() => workers!.stop());
    const tz = { tz: config.maintenance.timezone };
    await boss.schedule('reconcile', config.maintenance.reconcileCron, {}, tz);
    await boss.schedule('prune', config.maintenance.pruneCron, {}, tz);
    await boss.schedule('refresh-codelists', config.maintenance.codelistsCron, {}, tz);
    await send(boss, 'refresh-codelists', {}, { singletonKey: 'startup', singletonSeconds: 60 });
    notices = startNoticeJobs({
      db, boss, schema: config.database.schema, client, log, pollSeconds: config.notices.pollSeconds, onEnqueued: () => workers?.notifyQueue('notices'),
      more: async () => sendConfirmedRaised({ db, client, log }),
    });
    cleanups.push(async () => notices!.stop());
    await releaseInit();

    // Every few seconds: pending versions left by a crash between staging and batching (or held back
    // behind an earlier version), code lists refreshed by another process, edited translation tables.
    const sweepErrors = connectionLossLimiter();
    const sweep = setInterval(() => {
      void (async () => {
        await formFor(NATIONAL_INTERFACES);
        await codeLists.syncFromDb();
        const reloaded = tables.reloadIfChanged();
        if (reloaded === 'reloaded') {
          log.info('translation tables reloaded; replaying records quarantined for unknown codes and nodes', { event: 'tables:reloaded' });
          for (const reason of ['UNKNOWN_NODE', 'UNKNOWN_CODE']) {
            await send(boss, 'replay', { filter: { reason }, requestedBy: 'system:tables-changed' }, { singletonKey: `tables:${reason}`, singletonSeconds: 30 });
          }
        } else if (reloaded !== 'unchanged') {
          log.error('a translation table could not be loaded; the previous tables stay in force', { event: 'tables:invalid', error: reloaded.error });
        }
      })().catch((err) => sweepErrors(err, (suppressed) => log.warn('periodic sweep failed', { event: 'sweep:failed', error: String(err), ...(suppressed ? { suppressed } : {}) })));
    }, config.delivery.sweepSeconds * 1000);
    cleanups.push(async () => clearInterval(sweep));

    const scheduler = new PullScheduler(boss, log, () => workers?.notifyPull());
    cleanups.push(async () => scheduler.stopAll());
    if (opts.schedules !== false) for (const inst of instances.all()) scheduler.set(inst.decl.id, inst.decl.schedule);

    // The public pages' address: PUBLIC_BASE_URL, else the listening URL (known once the server listens).
    let listeningUrl = `http://localhost:${config.port}`;
    const publicTrace = { settings: config.publicTrace, codeLists: () => codeLists.codeLists(), directory: () => directoryParties(tables.current()), baseUrl: () => config.publicTrace.baseUrl ?? listeningUrl, onRequest: metrics.onPublicTrace };
    const surfaces = await startOperatorSurfaces({
      db, boss, log, env: process.env, dataDir: config.dataDir, appKey, nationalBaseUrl: nationalUrl, codeListVersions: () => codeLists.versions(), nextRun: (id) => scheduler.nextRun(id),
      kinds: adapterKinds, instances, scheduler, schedules: opts.schedules !== false, validateSchedule: PullScheduler.validate, pipeline, limits, notifyDeliver: () => workers?.notifyDeliver(), metrics,
      publicTrace, liveness: () => watch.liveness(config.health.databaseDownSeconds),
      notices: { requestRound: async () => notices?.requestRound(), isUnit: (code) => codeLists.codeLists().has('units', code) },
      statusCacheMs: opts.statusCacheMs,
      readyCacheMs: opts.readyCacheMs,
      rateLimit: config.api.rateLimit,
      metricsAccess: { token: metricsToken, cacheMs: config.api.metrics.cacheSeconds * 1000, ownPort: config.api.metrics.port !== null },
    });
    cleanups.push(() => surfaces.stop());

    const listen = async (app: http.RequestListener, wanted: number): Promise<number> => {
      const srv = http.createServer(app);
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(wanted, '0.0.0.0', () => resolve());
      });
      cleanups.push(() => new Promise<void>((r) => { srv.closeAllConnections(); srv.close(() => r()); }));
      return (srv.address() as { port: number }).port;
    };
    let metricsUrl: string | null = null;
    if (config.api.metrics.port !== null) {
      const metricsPort = await listen(createMetricsApp({ metrics, metricsAccess: { token: metricsToken, cacheMs: config.api.metrics.cacheSeconds * 1000, ownPort: true } }), config.api.metrics.port);
      metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    }
    let server: http.Server | null = null;
    let port = 0;
    if (opts.api !== false) {
      server = http.createServer(surfaces.app);
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(config.port, '0.0.0.0', () => resolve());
      });
      port = (server.address() as { port: number }).port;
      listeningUrl = `http://localhost:${port}`;
      cleanups.push(() => new Promise<void>((r) => { server!.closeAllConnections(); server!.close(() => r()); }));
    }
    // Runs first on stop: pulls in progress end at once, from their last stored cursor.
    cleanups.push(async () => shutdown.abort());
    log.info('gateway started', { event: 'gateway:started', url: `http://localhost:${port}`, adapters: instances.all().map((i) => i.decl.id), national: nationalUrl });
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      db,
      boss,
      instances,
      nationalUrl,
      metricsUrl,
      pullNow: (adapterId) => pull({ adapterId, mode: 'manual' }),
      backfillNow: (adapterId, window) => pull({ adapterId, mode: 'backfill', window }),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
