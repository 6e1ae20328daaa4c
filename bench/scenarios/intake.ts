/**
 * Scenario 7: intake alone. The peer workload's provincial platform at twice its size (50,000
 * enterprises, 150,000 batches, 5 % dirty) pulled, mapped, validated and staged by a running
 * gateway whose delivery is paused for its national credential (national_state, as after E2001),
 * so no delivery competes for the cores. Records per second over the pull, with the CPU of the
 * gateway and of PostgreSQL.
 */
import { setPaused } from '../../src/db/queries/national-state';
import { startBenchGateway } from '../lib/gateway';
import { ResourceSampler } from '../lib/measure';
import { cpuSecondsOfPid, machineDetails, MachineTime, postmasterPid, PostgresServerCpu } from '../lib/process-cpu';
import { PEER_ADAPTER_ID, startPeerSource, waitUntilIdle } from '../lib/provincial-peer';
import { figure } from '../lib/report';
import { round } from '../lib/stats';
import type { Scenario } from './types';

export const intake: Scenario = async (ctx) => {
  const size = ctx.quick
    ? { enterprises: 500, batches: 1_500, dirtyShare: 0.05 }
    : { enterprises: 50_000, batches: 150_000, dirtyShare: 0.05 };
  const schemas = ctx.db.schemas('intake');
  const progress = ctx.progress('intake');
  try {
    progress.update(0, size.enterprises + size.batches, 'starting the provincial simulator');
    const source = await startPeerSource(ctx.host, size);
    const national = source.credentials.national;
    const { url } = await ctx.host.national({ clients: [{ ...national, regionScope: '62' }], rateLimitPerSecond: 0 });
    const gw = await startBenchGateway({
      databaseUrl: ctx.db.url,
      schemas,
      national: { url, ...national },
      declarations: [source.declaration],
      secrets: source.credentials.secrets,
      // A pull stops after pull.maxSeconds (60 by default); the window here may be longer on a slow machine.
      overrides: { pull: { maxSeconds: 3600 } },
      schedules: false,
      log: ctx.log,
    });
    try {
      await setPaused(gw.gateway.db, national.appKey, true, 'benchmark: intake only, delivery paused');
      await waitUntilIdle(gw);
      const pgCpu = new PostgresServerCpu(await postmasterPid(ctx.db.url)).start();
      const sampler = new ResourceSampler(250).start();
      const machineTime = new MachineTime();
      const source0 = cpuSecondsOfPid(ctx.host.pid);
      const t0 = performance.now();
      const summary = await gw.gateway.pullNow(PEER_ADAPTER_ID);
      const seconds = (performance.now() - t0) / 1000;
      const res = sampler.stop();
      const pgSeconds = pgCpu.stop();
      const machine = machineTime.read();
      const sourceSeconds = cpuSecondsOfPid(ctx.host.pid) - source0;
      if (summary.errors.length) throw new Error(`the pull failed: ${summary.errors.join('; ')}`);
      const delivered = await ctx.host.nationalStats();
      const perThousand = (cpuSeconds: number) => round((cpuSeconds * 1000 * 1000) / summary.records);
      return {
        figures: [
          figure('intake: pull → map → validate → stage', round(summary.records / seconds), 'records/s', { op: '>=', value: 25_000 }),
          figure('gateway CPU', round(res.cpuSeconds / seconds, 2), 'cores'),
          figure('PostgreSQL CPU', pgSeconds === null ? null : round(pgSeconds / seconds, 2), 'cores'),
          figure('gateway + PostgreSQL CPU per 1,000 records', pgSeconds === null ? null : perThousand(res.cpuSeconds + pgSeconds), 'ms'),
          // The simulator's work per record is the same on every host: how fast the host is, beside the gateway's figures.
          figure('provincial simulator CPU per 1,000 records', ctx.host.pid === undefined ? null : perThousand(sourceSeconds), 'ms'),
          figure('machine CPU per 1,000 records, every process', machine && perThousand(machine.busySeconds), 'ms'),
          figure('machine idle', machine && round(100 * machine.idleShare, 1), '%'),
          figure('gateway event loop busy', round(100 * res.eventLoopBusy, 1), '%'),
          // The rest of the pull waited for its next page: a pull that mostly stages is paced by its transactions.
          figure(
            'pull: time staging pages',
            round((100 * summary.stagingSeconds) / Math.max(summary.stagingSeconds + summary.waitingSeconds, 1e-9), 1),
            '%',
          ),
          figure('gateway peak RSS', round(res.rssPeakMb), 'MB'),
          figure('records', summary.records, 'records'),
          figure('pull', round(seconds, 1), 's'),
        ],
        details: {
          sizes: size,
          expected: source.expected,
          pages: summary.pages,
          pullSeconds: { waiting: round(summary.waitingSeconds, 2), staging: round(summary.stagingSeconds, 2) },
          newRecords: summary.newRecords,
          mapped: summary.mapped,
          quarantined: summary.quarantined,
          deliveredMeanwhile: delivered.accepted,
          cpuSeconds: {
            gateway: round(res.cpuSeconds, 2),
            postgres: pgSeconds === null ? null : round(pgSeconds, 2),
            source: ctx.host.pid === undefined ? null : round(sourceSeconds, 2),
            machine: machine && round(machine.busySeconds, 2),
          },
          machine: machineDetails(machine),
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
