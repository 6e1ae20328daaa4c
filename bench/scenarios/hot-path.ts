/**
 * Scenario 5: the hot path's pieces, each against its own baseline measured in the same run.
 * Raw records come from the bundled simulators through the real adapters (read once, not timed).
 */
import { figure } from '../lib/report';
import { round } from '../lib/stats';
import { collectPages, startBundledSources } from '../lib/world';
import { measureDelivery } from './hot-path-delivery';
import { measureMapping } from './hot-path-mapping';
import { measureStaging } from './hot-path-staging';
import type { Scenario } from './types';

export const hotPath: Scenario = async (ctx) => {
  const perStream = ctx.quick ? 300 : 2000;
  const progress = ctx.progress('hot path');
  const schemas = ctx.db.schemas('hot');
  try {
    progress.update(0, 4, 'reading sample-like records through the adapters');
    const sources = await startBundledSources(ctx.host, perStream, 0.1);
    const streams = await collectPages(sources, ctx.log);
    const baseline = { appKey: 'bench-baseline', appSecret: 'bench-baseline-secret-0123456789' };
    const handler = { appKey: 'bench-handler', appSecret: 'bench-handler-secret-0123456789' };
    const { url: nationalUrl } = await ctx.host.national({
      clients: [
        { ...baseline, regionScope: '62' },
        { ...handler, regionScope: '62' },
      ],
      rateLimitPerSecond: 0,
    });

    progress.update(1, 4, 'mapping + validation');
    const mapping = measureMapping(streams, ctx.quick ? 1 : 5);

    progress.update(2, 4, 'staging vs plain INSERT');
    const { figures: staging, db } = await measureStaging(ctx.db.url, schemas.schema, streams, ctx.log);
    try {
      progress.update(3, 4, 'delivery vs bare national client');
      const delivery = await measureDelivery(
        db,
        ctx.db.url,
        schemas.bossSchema,
        {
          baseline: { url: nationalUrl, ...baseline },
          handler: { url: nationalUrl, ...handler },
        },
        4,
        ctx.log,
      );
      progress.update(4, 4, 'done');
      const stagingShare = (100 * staging.stageRowsPerSecond) / staging.insertRowsPerSecond;
      return {
        figures: [
          figure('mapping + validation', round(mapping.recordsPerSecond), 'records/s/core', { op: '>=', value: 100_000 }),
          figure('staging (stagePage)', round(staging.stageRowsPerSecond), 'rows/s'),
          figure('plain batched INSERT (baseline)', round(staging.insertRowsPerSecond), 'rows/s'),
          figure('staging / plain INSERT', round(stagingShare, 1), '%', { op: '>=', value: 50 }),
          figure('delivery (deliver handler)', round(delivery.handlerBatchesPerSecond, 1), 'batches/s'),
          figure(
            'delivery records',
            round((delivery.handlerBatchesPerSecond * delivery.records) / Math.max(1, delivery.batches)),
            'records/s',
          ),
          figure('bare national client (baseline)', round(delivery.clientBatchesPerSecond, 1), 'batches/s'),
          figure(
            'deliver handler / bare client',
            round((100 * delivery.handlerBatchesPerSecond) / delivery.clientBatchesPerSecond, 1),
            '%',
          ),
        ],
        details: {
          recordsPerStream: perStream,
          mapping: { ...mapping, recordsPerSecond: round(mapping.recordsPerSecond) },
          staging: {
            ...staging,
            stageRowsPerSecond: round(staging.stageRowsPerSecond),
            insertRowsPerSecond: round(staging.insertRowsPerSecond),
          },
          delivery: {
            ...delivery,
            handlerBatchesPerSecond: round(delivery.handlerBatchesPerSecond, 1),
            clientBatchesPerSecond: round(delivery.clientBatchesPerSecond, 1),
          },
        },
      };
    } finally {
      await db.end();
    }
  } finally {
    progress.stop();
    await ctx.host.stopAll();
    await schemas.drop();
  }
};
