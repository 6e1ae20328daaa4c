/**
 * Scenario 2: the contract ceiling. With the default national limit (20 requests/s per appKey,
 * 500 records per batch: 10,000 records/s), the share of that ceiling the gateway sustains over a
 * bounded window once a large backlog is staged. The backlog is staged first by the real pull
 * handler with no delivery worker running; then the gateway starts and drains it.
 */
import PgBoss from 'pg-boss';
import { adapterKinds } from '../../src/adapters/registry';
import { createPool } from '../../src/db/pool';
import { migrate } from '../../src/db/migrate';
import { createPullHandler } from '../../src/jobs/pull';
import { createQueues } from '../../src/jobs/queues';
import { AdapterInstances, createInstance } from '../../src/runtime/instances';
import { validatedDeclarations } from '../lib/gateway';
import { backlog, sleep } from '../lib/measure';
import { figure } from '../lib/report';
import { round } from '../lib/stats';
import { startNationalFor, startStreamGateway, startStreamSource, type StreamSource } from '../lib/stream-source';
import type { ScenarioContext, Scenario } from './types';
import { pipelineDeps } from './hot-path-staging';
import type { BenchSchemas } from '../lib/database';

const LIMIT_PER_SECOND = 20;
const CEILING = LIMIT_PER_SECOND * 500;

/** Stages the whole source into the schemas and forms its batches; nothing is delivered. */
async function stageBacklog(ctx: ScenarioContext, schemas: BenchSchemas, source: StreamSource, total: number): Promise<number> {
  for (const [k, v] of Object.entries(source.credentials.secrets)) process.env[k] = v;
  const db = createPool({ url: ctx.db.url, schema: schemas.schema, max: 6 });
  const boss = new PgBoss({ connectionString: ctx.db.url, schema: schemas.bossSchema, max: 4 });
  boss.on('error', (err) => ctx.log.warn('pg-boss error', { error: err.message }));
  const instances = new AdapterInstances(ctx.log);
  const progress = ctx.progress('ceiling: staging the backlog');
  try {
    await migrate(db, { schema: schemas.schema });
    await boss.start();
    await createQueues(boss, { pullExpireSeconds: 3600, deliverExpireSeconds: 120 });
    const [decl] = validatedDeclarations([source.declaration]);
    instances.set(createInstance(decl!, adapterKinds[decl!.kind]!, ctx.log));
    const pull = createPullHandler({
      db,
      boss,
      instances,
      pipeline: pipelineDeps(ctx.log),
      limits: { maxRecords: 500, maxBytes: 4 * 1024 * 1024 },
      log: ctx.log,
      maxSeconds: 3600,
    });
    const summary = await pull({
      adapterId: source.adapterId,
      mode: 'manual',
      onProgress: (p) => progress.update(p.records, p.stream === 'sales' ? total : undefined, p.stream),
    });
    if (summary.errors.length) throw new Error(`staging the backlog failed: ${summary.errors.join('; ')}`);
    return (await backlog(db)).batched;
  } finally {
    progress.stop();
    await instances.closeAll();
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await db.end();
  }
}

export const ceiling: Scenario = async (ctx) => {
  const warmupSeconds = ctx.quick ? 0.5 : 3;
  const windowSeconds = ctx.quick ? 1.5 : 20;
  const records = Math.ceil(CEILING * (warmupSeconds + windowSeconds) * 1.15);
  const schemas = ctx.db.schemas('ceil');
  try {
    const source = await startStreamSource(ctx.host, { vendors: 500, sales: records });
    const national = await startNationalFor(ctx.host, source, LIMIT_PER_SECOND);
    const batched = await stageBacklog(ctx, schemas, source, records);
    const gw = await startStreamGateway({ databaseUrl: ctx.db.url, schemas, log: ctx.log, schedules: false }, source, national);
    try {
      const progress = ctx.progress('ceiling: draining at the contract limit');
      const started = Date.now();
      const from = started + warmupSeconds * 1000;
      const to = from + windowSeconds * 1000;
      const before = await ctx.host.nationalStats();
      while (Date.now() < to + 300) {
        await sleep(500);
        progress.update(Math.min(Date.now(), to) - started, to - started, 'ms of the window');
      }
      progress.stop();
      const accepted = await ctx.host.acceptedBetween(from, to);
      const after = await ctx.host.nationalStats();
      const left = await backlog(gw.gateway.db);
      const rate = accepted / windowSeconds;
      const requests = after.requests - before.requests;
      return {
        figures: [
          figure('share of the contract ceiling', round((100 * rate) / CEILING, 1), '%', { op: '>=', value: 95 }),
          figure('records accepted per second', round(rate), 'records/s'),
          figure('contract ceiling', CEILING, 'records/s'),
          figure('window', windowSeconds, 's'),
        ],
        details: {
          backlogRecords: records,
          batchedBeforeDelivery: batched,
          warmupSeconds,
          windowSeconds,
          acceptedInWindow: accepted,
          requestsWhileRunning: requests,
          requestsByStatus: after.byStatus,
          backlogLeft: left,
          meanRecordsPerReceipt: after.receipts > 0 ? round((after.accepted + after.duplicate + after.rejected) / after.receipts, 1) : null,
        },
      };
    } finally {
      await gw.stop();
    }
  } finally {
    await ctx.host.stopAll();
    await schemas.drop();
  }
};
