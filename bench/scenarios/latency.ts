/**
 * Scenario 3: latency under a steady flow. New sales rows appear in the source at 2,000 records/s;
 * the gateway pulls on a one-second schedule (node-cron `* * * * * *`) and delivers at the default
 * national limit. Latency = national receivedAt − the row's source update time (known to the ms),
 * over the rows created in a bounded window; a row never received counts as slower than every other.
 */
import { ResourceSampler, sleep, waitForDrain } from '../lib/measure';
import { figure } from '../lib/report';
import { round } from '../lib/stats';
import { ADAPTER_DEFAULT_PAGE_ROWS, startNationalFor, startStreamGateway, startStreamSource } from '../lib/stream-source';
import type { Scenario } from './types';

const RATE = 2000;

export const latency: Scenario = async (ctx) => {
  const leadSeconds = 5;
  const warmupSeconds = ctx.quick ? 3 : 10;
  const windowSeconds = ctx.quick ? 10 : 60;
  const schemas = ctx.db.schemas('lat');
  const progress = ctx.progress('latency');
  try {
    const startAt = Date.now() + leadSeconds * 1000;
    const total = RATE * (warmupSeconds + windowSeconds + 2);
    const source = await startStreamSource(ctx.host, {
      vendors: 500,
      sales: total,
      ratePerSecond: RATE,
      startAt,
      schedule: '* * * * * *',
      limit: ADAPTER_DEFAULT_PAGE_ROWS,
    });
    const national = await startNationalFor(ctx.host, source, 20);
    const gw = await startStreamGateway({ databaseUrl: ctx.db.url, schemas, log: ctx.log, schedules: true }, source, national);
    try {
      const from = startAt + warmupSeconds * 1000;
      const to = from + windowSeconds * 1000;
      const flowEnd = startAt + (total / RATE) * 1000;
      let sampler: ResourceSampler | null = null;
      while (Date.now() < flowEnd) {
        if (!sampler && Date.now() >= from) sampler = new ResourceSampler(1000).start();
        await sleep(500);
        const s = await ctx.host.nationalStats();
        progress.update(s.accepted, total, Date.now() < startAt ? 'waiting for the flow' : 'flowing');
      }
      const res = (sampler ?? new ResourceSampler().start()).stop();
      await waitForDrain(gw.gateway.db, 30_000);
      await sleep(1500); // receipts of the last rows
      // A pull that lags behind the flow leaves rows the gateway has not read yet, which the drain
      // above cannot see: wait for them too (a minute at most), so late rows count with their latency.
      let l = await ctx.host.latency(source.sourceSystem, from, to);
      for (const giveUpAt = Date.now() + 60_000; l.received < l.expected && Date.now() < giveUpAt;) {
        await sleep(1000);
        l = await ctx.host.latency(source.sourceSystem, from, to);
      }
      const s = (ms: number | null) => (ms === null || !Number.isFinite(ms) ? null : round(ms / 1000, 3));
      return {
        figures: [
          figure('p50 source update → receipt', s(l.p50), 's'),
          figure('p95 source update → receipt', s(l.p95), 's'),
          figure('p99 source update → receipt', s(l.p99), 's', { op: '<=', value: 2 }),
          figure('max', s(l.max), 's'),
          figure('records received of those created', round((100 * l.received) / Math.max(1, l.expected), 2), '%'),
          figure('gateway CPU during the window', round(res.cpuCores, 2), 'cores'),
        ],
        details: {
          ratePerSecond: RATE,
          warmupSeconds,
          windowSeconds,
          schedule: '* * * * * *',
          nationalRateLimit: 20,
          ...l,
          rssPeakMb: res.rssPeakMb,
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
