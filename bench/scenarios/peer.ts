/**
 * Scenario 6: the peer workload. One provincial platform with 25,000 enterprises and 75,000
 * batches (5 % dirty), no source rate limit, pages of 500; the mock national platform without a
 * limit; the gateway with its default settings (20 national requests/s). Once the gateway is
 * started and idle, an operator asks for a pull through the API; the figure runs from that request
 * to the mock's receivedAt of the last accepted record. run.ts repeats it (fresh process and
 * schemas each time) and reports the median and range.
 */
import { startBenchGateway } from '../lib/gateway';
import { ResourceSampler, sleep } from '../lib/measure';
import { cpuSecondsOfPid, machineDetails, MachineTime, postmasterPid, PostgresServerCpu } from '../lib/process-cpu';
import { PullFollower, requestPull, startPeerSource, waitUntilIdle, waitUntilSettled } from '../lib/provincial-peer';
import { figure } from '../lib/report';
import { round } from '../lib/stats';
import type { Scenario } from './types';

const DIRTY_SHARE = 0.05;

export const peer: Scenario = async (ctx) => {
  const size = ctx.quick
    ? { enterprises: 250, batches: 750, dirtyShare: DIRTY_SHARE }
    : { enterprises: 25_000, batches: 75_000, dirtyShare: DIRTY_SHARE };
  const timeoutMs = ctx.quick ? 120_000 : 900_000;
  const schemas = ctx.db.schemas('peer');
  const progress = ctx.progress('peer');
  try {
    progress.update(0, size.enterprises + size.batches, 'starting the provincial simulator');
    const source = await startPeerSource(ctx.host, size);
    const { expected } = source;
    const national = source.credentials.national;
    const { url } = await ctx.host.national({ clients: [{ ...national, regionScope: '62' }], rateLimitPerSecond: 0 });
    const gw = await startBenchGateway({
      databaseUrl: ctx.db.url,
      schemas,
      national: { url, ...national },
      declarations: [source.declaration],
      secrets: source.credentials.secrets,
      schedules: false,
      api: true,
      log: ctx.log,
    });
    try {
      await waitUntilIdle(gw);
      const pgCpu = new PostgresServerCpu(await postmasterPid(ctx.db.url)).start();
      const sampler = new ResourceSampler(250).start();
      const sources0 = cpuSecondsOfPid(ctx.host.pid);
      const machineTime = new MachineTime();
      const t0 = Date.now();
      await requestPull(gw);
      const pulls = new PullFollower(gw, expected.records);
      let stats = await ctx.host.nationalStats();
      while (stats.accepted < expected.valid && Date.now() < t0 + timeoutMs) {
        await sleep(200);
        await pulls.check();
        stats = await ctx.host.nationalStats();
        progress.update(
          stats.accepted,
          expected.valid,
          `accepted of the valid records (${pulls.requests} pull${pulls.requests > 1 ? 's' : ''})`,
        );
      }
      const res = sampler.stop();
      const pgSeconds = pgCpu.stop();
      const sourcesSeconds = cpuSecondsOfPid(ctx.host.pid) - sources0;
      const machine = machineTime.read();
      if (stats.accepted < expected.valid)
        throw new Error(`only ${stats.accepted} of ${expected.valid} valid records were accepted within ${timeoutMs / 1000} s`);
      const seconds = (stats.lastAcceptMs! - t0) / 1000;
      const settled = await waitUntilSettled(gw, 120_000);
      pulls.count(settled);
      const after = await ctx.host.nationalStats();
      const counts = {
        records: expected.records,
        pulled: pulls.pulled,
        stored: pulls.stored,
        pullRequests: pulls.requests,
        pullOutcome: settled.pullOutcome,
        valid: expected.valid,
        acceptedByMock: after.accepted,
        duplicateByMock: after.duplicate,
        rejectedByMock: after.rejected,
        acceptedByGateway: settled.accepted,
        dirty: expected.dirty,
        quarantinedOpen: settled.quarantinedOpen,
        deleted: expected.deleted,
      };
      const countsMatch =
        counts.acceptedByMock === counts.valid &&
        counts.acceptedByGateway === counts.valid &&
        counts.quarantinedOpen === counts.dirty &&
        counts.stored === counts.records;
      if (!countsMatch) ctx.note(`peer: counts differ from the source's catalog: ${JSON.stringify(counts)}`);
      const perThousand = (cpuSeconds: number) => round((cpuSeconds * 1000 * 1000) / expected.records);
      return {
        figures: [
          figure('records/s, pull requested → last receipt', round(expected.records / seconds), 'records/s', { op: '>=', value: 9_500 }),
          figure('gateway + PostgreSQL CPU per 1,000 records', pgSeconds === null ? null : perThousand(res.cpuSeconds + pgSeconds), 'ms', {
            op: '<=',
            value: 120,
          }),
          figure('gateway CPU per 1,000 records', perThousand(res.cpuSeconds), 'ms'),
          figure('PostgreSQL CPU per 1,000 records', pgSeconds === null ? null : perThousand(pgSeconds), 'ms'),
          figure('sources + mock national CPU per 1,000 records', ctx.host.pid === undefined ? null : perThousand(sourcesSeconds), 'ms'),
          figure('machine CPU per 1,000 records, every process', machine && perThousand(machine.busySeconds), 'ms'),
          figure(
            'records/s the machine allows at that CPU per record',
            machine && machine.busySeconds > 0 ? round((machine.cpus * expected.records) / machine.busySeconds) : null,
            'records/s',
          ),
          figure('machine idle', machine && round(100 * machine.idleShare, 1), '%'),
          figure('gateway event loop busy', round(100 * res.eventLoopBusy, 1), '%'),
          figure('gateway peak RSS', round(res.rssPeakMb), 'MB'),
          figure('pull requested → last receipt', round(seconds, 1), 's'),
          figure('pull requested → first receipt', round((stats.firstAcceptMs! - t0) / 1000, 2), 's'),
          figure('records pulled', counts.pulled, 'records'),
          figure('pull requests', counts.pullRequests, 'requests'),
          figure('accepted (of the valid records)', counts.acceptedByMock, 'records'),
          figure('quarantined (of the dirty records)', counts.quarantinedOpen, 'records'),
        ],
        details: {
          sizes: size,
          nationalRateLimit: gw.config.national.rateLimitPerSecond,
          pageSize: 500,
          counts,
          countsMatch,
          national: after,
          cpuSeconds: {
            gateway: round(res.cpuSeconds, 2),
            postgres: pgSeconds === null ? null : round(pgSeconds, 2),
            sources: round(sourcesSeconds, 2),
            machine: machine && round(machine.busySeconds, 2),
            windowSeconds: round(res.seconds, 2),
          },
          machine: machineDetails(machine),
          rssMedianMb: res.rssMedianMb,
          memoryAtPeakMb: res.atPeakMb,
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
