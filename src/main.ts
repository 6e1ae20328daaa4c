import path from 'node:path';
import { serveSurfaces } from './api/serve';
import type { Config } from './config';
import type { Gateway, StartOptions } from './gateway';
import { createPool } from './db/pool';
import { migrate } from './db/migrate';
import { holdInitLock } from './db/queries/advisory-locks';
import { openDatabase } from './db/open-database';
import { guardConnectionLossRejections } from './db/connection-loss';
import { DatabaseWatch } from './db/database-watch';
import { registerDatabaseMetrics } from './db/database-metrics';
import type { DemoHandle } from './demo/start-demo';
import { startBoss, stopBoss } from './jobs/boss';
import { PullScheduler } from './jobs/schedule';
import { startJobs } from './jobs/start-jobs';
import { startSweep } from './jobs/sweep';
import { registerSecret } from './log';
import { TranslationTableSource } from './mappings/table-watch';
import { CodeListStore } from './national/codelist-store';
import { connectNational } from './national/connection';
import type { PipelineDeps } from './pipeline/types';
import { AdapterInstances } from './runtime/instances';
import { setHeapGrowth } from './runtime/heap-growth';
import { startAdapterInstances } from './runtime/load-instances';
import { createMetrics } from './metrics/metrics';

export type { Gateway, StartOptions } from './gateway';

export async function startGateway(config: Config, opts: StartOptions): Promise<Gateway> {
  const log = opts.log;
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err) => log.warn('shutdown step failed', { error: String(err) }));
  };
  try {
    setHeapGrowth(config.memory.heapGrowthPercent);
    registerSecret(config.national.appSecret ?? undefined);
    const metricsToken = process.env.METRICS_TOKEN?.trim() || undefined;
    registerSecret(metricsToken);
    const metricsAccess = { token: metricsToken, cacheMs: config.api.metrics.cacheSeconds * 1000 };
    // Losing the database (a restart, kill -9 of the embedded server) must not end the process: the
    // embedded server is restarted, the pools reconnect, pg-boss's workers keep polling (docs/operations.md).
    const removeRejectionGuard = guardConnectionLossRejections(log);
    cleanups.push(async () => removeRejectionGuard());
    const { url, embedded } = await openDatabase(config, log);
    if (embedded) cleanups.push(() => embedded.stop());
    const watch = new DatabaseWatch({ url, log });
    watch.start();
    cleanups.push(() => watch.stop());
    const db = createPool({ url, schema: config.database.schema, max: config.database.poolSize, keepIdle: true });
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
    const boss = await startBoss(config, url, log);
    cleanups.push(() => stopBoss(boss));
    const metrics = createMetrics({ db, boss, log });
    registerDatabaseMetrics(metrics.registry, { watch, embeddedRestarts: embedded ? () => embedded.restarts() : undefined });
    const national = connectNational(config, db, demo);

    const tables = new TranslationTableSource(path.resolve(config.translationsDir));
    const codeLists = new CodeListStore(db, { dir: path.resolve(config.codelistsDir), regionScope: config.national.regionScope, log });
    await codeLists.syncFromDb();
    const pipeline: PipelineDeps = { tables: () => tables.current(), validator: () => codeLists.validator(), now: () => Date.now(), log };
    const limits = { maxRecords: config.delivery.batchMaxRecords, maxBytes: config.delivery.batchMaxBytes };

    const instances = new AdapterInstances(log);
    cleanups.push(() => instances.closeAll());
    await startAdapterInstances(instances, { db, config, extra: opts.declarations, log });
    const shutdown = new AbortController();
    const jobs = await startJobs({
      config,
      db,
      boss,
      instances,
      pipeline,
      limits,
      codeLists,
      national,
      metrics,
      log,
      signal: shutdown.signal,
    });
    cleanups.push(() => jobs.stop());
    await releaseInit();
    const sweepDeps = { db, boss, limits, appKey: national.appKey, notifyDeliver: jobs.notifyDeliver, codeLists, tables, log };
    cleanups.push(startSweep(sweepDeps, config.delivery.sweepSeconds));

    const scheduler = new PullScheduler(boss, log, jobs.notifyPull);
    cleanups.push(async () => scheduler.stopAll());
    if (opts.schedules !== false) for (const inst of instances.all()) scheduler.set(inst.decl.id, inst.decl.schedule);

    const { port, metricsUrl } = await serveSurfaces(
      {
        config,
        opts,
        db,
        boss,
        log,
        watch,
        national,
        codeLists,
        tables,
        instances,
        scheduler,
        pipeline,
        limits,
        jobs,
        metrics,
        metricsAccess,
      },
      cleanups,
    );
    // Runs first on stop: pulls in progress end at once, from their last stored cursor.
    cleanups.push(async () => shutdown.abort());
    log.info('gateway started', {
      event: 'gateway:started',
      url: `http://localhost:${port}`,
      adapters: instances.all().map((i) => i.decl.id),
      national: national.url,
    });
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      db,
      boss,
      instances,
      nationalUrl: national.url,
      metricsUrl,
      pullNow: (adapterId) => jobs.pull({ adapterId, mode: 'manual' }),
      backfillNow: (adapterId, window) => jobs.pull({ adapterId, mode: 'backfill', window }),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
