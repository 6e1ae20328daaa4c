/**
 * Scenario 1: about 200,000 records across the three bundled simulators (11 streams, all 8 national
 * interfaces), national rate limit lifted in the mock and raised in the gateway. End-to-end records
 * per second from the first pull to the last receipt, with the gateway process's CPU and peak RSS.
 */
import { figure } from '../lib/report';
import { startBenchGateway } from '../lib/gateway';
import { ResourceSampler, waitForDrain } from '../lib/measure';
import { round } from '../lib/stats';
import { MachineCpu } from '../lib/process-cpu';
import { startBundledSources } from '../lib/world';
import type { Scenario } from './types';

const STREAMS = 11;

export const throughput: Scenario = async (ctx) => {
  const perStream = ctx.quick ? 1000 : 18_200;
  const progress = ctx.progress('throughput');
  const schemas = ctx.db.schemas('tput');
  try {
    progress.update(0, perStream * STREAMS, 'starting simulators');
    const sources = await startBundledSources(ctx.host, perStream, 0.1);
    const national = sources.credentials.national;
    const { url } = await ctx.host.national({ clients: [{ ...national, regionScope: '62' }], rateLimitPerSecond: 0 });
    const gw = await startBenchGateway({
      databaseUrl: ctx.db.url,
      schemas,
      national: { url, ...national, rateLimitPerSecond: 100_000 },
      declarations: sources.declarations,
      secrets: sources.credentials.secrets,
      overrides: { pull: { maxSeconds: 3600 } },
      schedules: false,
      log: ctx.log,
    });
    try {
      const ids = gw.gateway.instances.all().map((i) => i.decl.id);
      const sampler = new ResourceSampler(250).start();
      const machine = new MachineCpu(ctx.host.pid);
      const t0 = Date.now();
      let pullsDone = false;
      const pullSecondsById: Record<string, number> = {};
      const timedPull = async (id: string) => {
        const summary = await gw.gateway.pullNow(id);
        pullSecondsById[id] = round((Date.now() - t0) / 1000, 1);
        return summary;
      };
      const pulls = Promise.all(ids.map(timedPull)).finally(() => (pullsDone = true));
      const total = perStream * STREAMS;
      const tick = async () => {
        const s = await ctx.host.nationalStats();
        progress.update(Math.min(total, s.accepted + s.duplicate + s.rejected), total, pullsDone ? 'delivering' : 'pulling + delivering');
      };
      while (!pullsDone) {
        await Promise.race([pulls.catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
        await tick();
      }
      const summaries = (await pulls) as Array<{ records: number; mapped: number; quarantined: number; errors: string[] }>;
      const pullSeconds = (Date.now() - t0) / 1000;
      const drained = await waitForDrain(gw.gateway.db, ctx.quick ? 120_000 : 600_000, tick);
      const res = sampler.stop();
      const others = machine.read();
      const stats = await ctx.host.nationalStats();
      const records = summaries.reduce((n, s) => n + s.records, 0);
      const end = stats.lastAcceptMs ?? Date.now();
      const seconds = (end - t0) / 1000;
      const errors = summaries.flatMap((s) => s.errors);
      if (errors.length) ctx.note(`pull errors: ${errors.slice(0, 3).join('; ')}`);
      if (!drained) throw new Error('the delivery backlog did not drain within the time limit');
      return {
        figures: [
          figure('end-to-end throughput', round(records / seconds), 'records/s', { op: '>=', value: 20_000 }),
          figure('gateway CPU', round(res.cpuCores, 2), 'cores'),
          figure('gateway CPU per 1,000 records', round((1000 * res.cpuSeconds * 1000) / records), 'ms'),
          figure('sources + mock national CPU', others.sourcesCores, 'cores'),
          figure('PostgreSQL CPU', others.postgresCores, 'cores'),
          figure('gateway peak RSS', round(res.rssPeakMb), 'MB'),
          figure('records', records, 'records'),
          figure('first pull → last receipt', round(seconds, 1), 's'),
        ],
        details: {
          recordsPerStream: perStream,
          streams: STREAMS,
          dirtyShare: 0.1,
          pullSeconds: round(pullSeconds, 1),
          pullSecondsById,
          mapped: summaries.reduce((n, s) => n + s.mapped, 0),
          quarantined: summaries.reduce((n, s) => n + s.quarantined, 0),
          national: stats,
          pullErrors: errors,
          sourcesRssMb: round((await ctx.host.rss()) / 2 ** 20),
          cpuSeconds: round(res.cpuSeconds, 1),
          rssMedianMb: res.rssMedianMb,
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
