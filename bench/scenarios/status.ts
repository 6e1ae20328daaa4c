/**
 * Scenario 8: status at scale. A schema seeded with 5,000,000 national record versions and the
 * source rows, batches, quarantine entries and pulls that go with them (bench/lib/seed-national.ts),
 * then a running gateway on it, and the latency of `GET /api/status` and `GET /metrics` as an
 * operator's dashboard and Prometheus see it.
 *
 * `/api/status` is shared for 2 s between callers (src/api/status-cache.ts), so requests made back
 * to back would mostly measure the cache. Each status request here starts at least 2.1 s after the
 * previous one started, so every one of them builds the document; a `/metrics` request (not cached)
 * runs in each pause. Requests never overlap. Both series stop at `count` requests or when the time
 * limit is reached, whichever comes first, after three requests of each (one with --quick) that are not counted.
 */
import { migrate } from '../../src/db/migrate';
import { createPool } from '../../src/db/pool';
import { apiRequest, startBenchGateway } from '../lib/gateway';
import { benchCredentials, marketDeclaration, mvtsDeclaration, provincialDeclaration } from '../lib/declarations';
import { sleep } from '../lib/measure';
import { waitUntilIdle } from '../lib/provincial-peer';
import { figure } from '../lib/report';
import { seedCountDifferences, seedNationalHistory, type SeedSummary } from '../lib/seed-national';
import { percentile, round } from '../lib/stats';
import type { Scenario } from './types';

const STATUS_CACHE_MS = 2000;

export const status: Scenario = async (ctx) => {
  const records = ctx.quick ? 20_000 : 5_000_000;
  const count = ctx.quick ? 5 : 200;
  const warmup = ctx.quick ? 1 : 3;
  const limitMs = ctx.quick ? 30_000 : 600_000;
  const schemas = ctx.db.schemas('status');
  const progress = ctx.progress('status');
  try {
    progress.update(0, 1, 'migrating');
    const db = createPool({ url: ctx.db.url, schema: schemas.schema, max: 2 });
    try {
      await migrate(db, { schema: schemas.schema });
    } finally {
      await db.end();
    }
    const seeded: SeedSummary = await seedNationalHistory(ctx.db.url, schemas.schema, records, (step) =>
      progress.update(0, 1, `seeding ${records.toLocaleString('en-US')} records: ${step}`),
    );
    if (ctx.quick) {
      // Small enough to read every version through the view: the seed must agree with its own counts.
      const differences = await seedCountDifferences(ctx.db.url, schemas.schema);
      if (differences.length) throw new Error(`the seeded rows and the seeded counts differ: ${JSON.stringify(differences.slice(0, 5))}`);
    }

    // The seeded adapters, declared as an operator would; their sources are never pulled (no schedules).
    const credentials = benchCredentials();
    const nowhere = 'http://127.0.0.1:9';
    const { url } = await ctx.host.national({ clients: [{ ...credentials.national, regionScope: '62' }], rateLimitPerSecond: 0 });
    const gw = await startBenchGateway({
      databaseUrl: ctx.db.url,
      schemas,
      national: { url, ...credentials.national },
      declarations: [provincialDeclaration(nowhere), marketDeclaration(nowhere), mvtsDeclaration(nowhere)],
      secrets: credentials.secrets,
      schedules: false,
      api: true,
      log: ctx.log,
    });
    try {
      await waitUntilIdle(gw, 120_000);
      // Warm-up, not counted: the first requests of a process also compile its code and fill its caches.
      for (let i = 0; i < warmup; i++) {
        await apiRequest(gw, 'GET', '/api/status');
        await apiRequest(gw, 'GET', '/metrics');
        await sleep(STATUS_CACHE_MS + 100);
      }
      const statusMs: number[] = [];
      const metricsMs: number[] = [];
      let statusBytes = 0;
      let metricsBytes = 0;
      const end = Date.now() + limitMs;
      while ((statusMs.length < count || metricsMs.length < count) && Date.now() < end) {
        const started = Date.now();
        if (statusMs.length < count) {
          const s = await apiRequest(gw, 'GET', '/api/status');
          if (s.status !== 200) throw new Error(`GET /api/status answered ${s.status}: ${s.body.slice(0, 200)}`);
          statusMs.push(s.ms);
          statusBytes = s.body.length;
        }
        if (metricsMs.length < count) {
          const m = await apiRequest(gw, 'GET', '/metrics');
          if (m.status !== 200) throw new Error(`GET /metrics answered ${m.status}: ${m.body.slice(0, 200)}`);
          metricsMs.push(m.ms);
          metricsBytes = m.body.length;
        }
        progress.update(Math.min(statusMs.length, metricsMs.length), count, 'requests of each');
        const wait = started + STATUS_CACHE_MS + 100 - Date.now();
        if (wait > 0 && statusMs.length < count) await sleep(wait);
      }
      const q = (values: number[], p: number) => {
        const v = percentile(
          [...values].sort((a, b) => a - b),
          p,
        );
        return v === null ? null : round(v, 1);
      };
      return {
        figures: [
          figure('GET /api/status p50', q(statusMs, 0.5), 'ms'),
          figure('GET /api/status p95', q(statusMs, 0.95), 'ms'),
          figure('GET /api/status p99', q(statusMs, 0.99), 'ms', { op: '<=', value: 50 }),
          figure('GET /metrics p50', q(metricsMs, 0.5), 'ms'),
          figure('GET /metrics p95', q(metricsMs, 0.95), 'ms'),
          figure('GET /metrics p99', q(metricsMs, 0.99), 'ms', { op: '<=', value: 50 }),
          figure('requests of each', Math.min(statusMs.length, metricsMs.length), 'requests'),
          figure('national record versions', seeded.nationalRecords, 'records'),
        ],
        details: {
          seeded,
          seeding: 'INSERT … SELECT FROM generate_series on the server (bench/lib/seed-national.ts)',
          requests: {
            status: statusMs.length,
            metrics: metricsMs.length,
            asked: count,
            warmup,
            limitSeconds: limitMs / 1000,
            statusSpacingMs: STATUS_CACHE_MS + 100,
          },
          maxMs: { status: round(Math.max(...statusMs), 1), metrics: round(Math.max(...metricsMs), 1) },
          bytes: { status: statusBytes, metrics: metricsBytes },
        },
      };
    } finally {
      await gw.stop();
    }
  } finally {
    progress.stop();
    await ctx.host.stopAll();
    await schemas.drop();
  }
};
