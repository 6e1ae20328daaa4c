import type { Config } from '../config';
import type { Db } from '../db/pool';
import type { DatabaseWatch } from '../db/database-watch';
import type PgBoss from 'pg-boss';
import type { startJobs } from '../jobs/start-jobs';
import type { Logger } from '../log';
import type { TranslationTableSource } from '../mappings/table-watch';
import type { createMetrics } from '../metrics/metrics';
import type { CodeListStore } from '../national/codelist-store';
import type { connectNational } from '../national/connection';
import type { PipelineDeps } from '../pipeline/types';
import { directoryParties } from '../public-trace/directory';
import type { AdapterInstances } from '../runtime/instances';
import type { StartOptions } from '../gateway';
import { adapterKinds } from '../adapters/registry';
import { PullScheduler } from '../jobs/schedule';
import { listen } from './listen';
import { createMetricsApp } from './metrics-endpoint';
import { startOperatorSurfaces } from './operator-surfaces';

export interface ServeDeps {
  config: Config;
  opts: StartOptions;
  db: Db;
  boss: PgBoss;
  log: Logger;
  watch: DatabaseWatch;
  national: ReturnType<typeof connectNational>;
  codeLists: CodeListStore;
  tables: TranslationTableSource;
  instances: AdapterInstances;
  scheduler: PullScheduler;
  pipeline: PipelineDeps;
  limits: { maxRecords: number; maxBytes: number };
  jobs: Awaited<ReturnType<typeof startJobs>>;
  metrics: ReturnType<typeof createMetrics>;
  metricsAccess: { token: string | undefined; cacheMs: number };
}

/**
 * The operator API with the dashboard and the public trace pages, and `/metrics` on a port of its own
 * when one is set. Each stop step joins `cleanups` as soon as there is something to stop.
 */
export async function serveSurfaces(
  d: ServeDeps,
  cleanups: Array<() => Promise<void>>,
): Promise<{ port: number; metricsUrl: string | null }> {
  const { config, opts, codeLists, metricsAccess } = d;
  // The public pages' address: PUBLIC_BASE_URL, else the listening URL (known once the server listens).
  let listeningUrl = `http://localhost:${config.port}`;
  const surfaces = await startOperatorSurfaces({
    db: d.db,
    boss: d.boss,
    log: d.log,
    env: process.env,
    dataDir: config.dataDir,
    appKey: d.national.appKey,
    nationalBaseUrl: d.national.url,
    codeListVersions: () => codeLists.versions(),
    nextRun: (id) => d.scheduler.nextRun(id),
    kinds: adapterKinds,
    instances: d.instances,
    scheduler: d.scheduler,
    schedules: opts.schedules !== false,
    validateSchedule: PullScheduler.validate,
    pipeline: d.pipeline,
    limits: d.limits,
    notifyDeliver: d.jobs.notifyDeliver,
    notifyQueue: d.jobs.notifyQueue,
    metrics: d.metrics,
    publicTrace: {
      settings: config.publicTrace,
      codeLists: () => codeLists.codeLists(),
      directory: () => directoryParties(d.tables.current()),
      baseUrl: () => config.publicTrace.baseUrl ?? listeningUrl,
      onRequest: d.metrics.onPublicTrace,
    },
    liveness: () => d.watch.liveness(config.health.databaseDownSeconds),
    notices: { requestRound: d.jobs.requestNoticeRound, isUnit: (code) => codeLists.codeLists().has('units', code) },
    statusCacheMs: opts.statusCacheMs,
    readyCacheMs: opts.readyCacheMs,
    rateLimit: config.api.rateLimit,
    metricsAccess: { ...metricsAccess, ownPort: config.api.metrics.port !== null },
  });
  cleanups.push(() => surfaces.stop());

  const metricsServer =
    config.api.metrics.port === null
      ? null
      : await listen(createMetricsApp({ metrics: d.metrics, metricsAccess: { ...metricsAccess, ownPort: true } }), config.api.metrics.port);
  if (metricsServer) cleanups.push(metricsServer.close);
  const apiServer = opts.api === false ? null : await listen(surfaces.app, config.port);
  if (apiServer) cleanups.push(apiServer.close);
  const port = apiServer?.port ?? 0;
  if (apiServer) listeningUrl = `http://localhost:${port}`;
  return { port, metricsUrl: metricsServer ? `http://127.0.0.1:${metricsServer.port}/metrics` : null };
}
