/**
 * Scenario 4: a backfill of 1,000,000 records through one adapter (the real market-csv adapter
 * reading the streaming source), as `trace-gateway backfill` runs it: the pull handler in mode
 * 'backfill' over an explicit window, inside a running gateway that delivers at the default
 * national limit meanwhile. Duration, and the gateway process's RSS sampled every second.
 */
import { createPullHandler } from '../../src/jobs/pull';
import { ResourceSampler } from '../lib/measure';
import { figure } from '../lib/report';
import { median, round } from '../lib/stats';
import { ADAPTER_DEFAULT_PAGE_ROWS, startNationalFor, startStreamGateway, startStreamSource } from '../lib/stream-source';
import { pipelineDeps } from './hot-path-staging';
import type { Scenario } from './types';

/** RSS drift: median of the last quarter of the samples minus the median of the second quarter. */
function drift(samples: number[]): number {
  const q = Math.floor(samples.length / 4);
  if (q < 1) return 0;
  return (median(samples.slice(samples.length - q)) ?? 0) - (median(samples.slice(q, 2 * q)) ?? 0);
}

export const backfill: Scenario = async (ctx) => {
  const records = ctx.quick ? 30_000 : 1_000_000;
  const schemas = ctx.db.schemas('bkfl');
  const progress = ctx.progress('backfill');
  try {
    // The live cursor of sales starts past the window, so only the backfill reads it.
    const source = await startStreamSource(ctx.host, {
      vendors: 500,
      sales: records,
      salesStartFrom: records,
      limit: ADAPTER_DEFAULT_PAGE_ROWS,
    });
    const national = await startNationalFor(ctx.host, source, 20);
    const gw = await startStreamGateway({ databaseUrl: ctx.db.url, schemas, log: ctx.log, schedules: false }, source, national);
    try {
      const live = (await gw.gateway.pullNow(source.adapterId)) as { records: number }; // vendors, referenced by every sale
      const { db, boss, instances } = gw.gateway;
      const limits = { maxRecords: gw.config.delivery.batchMaxRecords, maxBytes: gw.config.delivery.batchMaxBytes };
      const pull = createPullHandler({ db, boss, instances, pipeline: pipelineDeps(ctx.log), limits, log: ctx.log, maxSeconds: 24 * 3600 });
      const sampler = new ResourceSampler(1000).start();
      const summary = await pull({
        adapterId: source.adapterId,
        mode: 'backfill',
        window: { stream: 'sales', from: '0', until: String(records) },
        onProgress: (p) => progress.update(p.records, records, `${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MB RSS`),
      });
      const res = sampler.stop();
      if (summary.errors.length) throw new Error(`backfill failed: ${summary.errors.join('; ')}`);
      const stats = await ctx.host.nationalStats();
      const growth = drift(res.rssSamplesMb);
      return {
        figures: [
          figure('duration', round(res.seconds, 1), 's'),
          figure('backfill rate', round(summary.records / res.seconds), 'records/s'),
          figure('RSS min', res.rssMinMb, 'MB'),
          figure('RSS median', res.rssMedianMb, 'MB'),
          figure('RSS max', res.rssPeakMb, 'MB', { op: '<=', value: 300 }),
          figure('RSS drift (last vs second quarter)', round(growth, 1), 'MB', { op: '<=', value: 30 }),
          figure('records', summary.records, 'records'),
        ],
        details: {
          window: { stream: 'sales', from: 0, until: records },
          pageRows: ADAPTER_DEFAULT_PAGE_ROWS,
          vendorsStaged: live.records,
          pages: summary.pages,
          newRecords: summary.newRecords,
          mapped: summary.mapped,
          quarantined: summary.quarantined,
          deliveredMeanwhile: stats.accepted,
          cpuCores: round(res.cpuCores, 2),
          memoryAtPeakMb: res.atPeakMb,
          rssSamplesMb: res.rssSamplesMb,
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
