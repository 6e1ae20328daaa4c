import { Command } from 'commander';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { silentLogger } from '../../src/log';
import { runFaultScenario } from '../fault/scenario';

/**
 * `npm run soak -- --minutes N`: the multi-process fault scenario of the test suite, run for longer,
 * printing every check it made. Uses DATABASE_URL, or an embedded server under var/soak-pg.
 */
const program = new Command('soak')
  .description(
    'run gateway processes against faulty sources and a faulty national platform, with kill -9, then check that nothing was lost or sent twice',
  )
  .option('--minutes <n>', 'length of the faulty phase', '5')
  .option('--processes <n>', 'gateway processes', '3')
  .option('--kills <n>', 'kill -9 per minute', '2')
  .option('--records <n>', 'initial records per source stream', '40')
  .option('--national-faults <share>', 'share of national requests that fail', '0.3')
  .option('--source-faults <share>', 'share of source requests that fail', '0.15')
  .option('--seed <n>', 'seed of every fault and data set', String(Date.now() % 100000))
  .action(async (o: Record<string, string>) => {
    const minutes = Number(o.minutes);
    let url = process.env.DATABASE_URL;
    const embedded = url ? null : await startEmbeddedPostgres({ dir: 'var/soak-pg', port: 54359, log: silentLogger() });
    url ??= embedded!.url;
    const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
    try {
      const r = await runFaultScenario({
        databaseUrl: url,
        processes: Number(o.processes),
        kills: Math.max(1, Math.round(minutes * Number(o.kills))),
        faultyMs: minutes * 60_000,
        nationalFaultShare: Number(o.nationalFaults),
        sourceFaultShare: Number(o.sourceFaults),
        initialRecords: Number(o.records),
        newRecordsPerMinute: 0,
        seed: Number(o.seed),
        settleMs: 10 * 60_000,
        log,
      });
      const checks: Array<[string, boolean, string]> = [
        [
          'every valid source record is at the platform',
          r.missingAtPlatform.length === 0,
          `${r.sourceRecords.valid} valid, ${r.missingAtPlatform.length} missing`,
        ],
        ['the platform holds the latest version of each', r.notLatestAtPlatform.length === 0, `${r.notLatestAtPlatform.length} behind`],
        [
          'every dirty record is quarantined with its reason',
          r.dirtyNotQuarantined.length === 0,
          `${r.sourceRecords.dirty} dirty, ${r.dirtyNotQuarantined.length} not quarantined`,
        ],
        [
          'no record accepted twice at the same version',
          r.acceptedTwiceAtSameVersion.length === 0,
          `${r.acceptedTwiceAtSameVersion.length} repeats`,
        ],
        [
          "the platform's accepted count equals the gateway's",
          r.nationalAccepted === r.gatewayAccepted,
          `${r.nationalAccepted} vs ${r.gatewayAccepted}`,
        ],
        [
          'nothing pending or in flight',
          r.pendingOrInFlight === 0 && r.openBatches === 0,
          `${r.pendingOrInFlight} records, ${r.openBatches} batches`,
        ],
        ['no job stuck', r.stuckJobs === 0, `${r.stuckJobs} stuck`],
      ];
      log(
        `kills: ${r.kills}, restarts: ${r.restarts}, faulted national requests: ${r.faultedNationalRequests}, duration ${Math.round(r.durationMs / 1000)} s`,
      );
      for (const [what, ok, detail] of checks) log(`${ok ? 'PASS' : 'FAIL'}  ${what} (${detail})`);
      for (const list of [r.missingAtPlatform, r.notLatestAtPlatform, r.dirtyNotQuarantined, r.acceptedTwiceAtSameVersion])
        for (const x of list.slice(0, 10)) log(`      ${x}`);
      process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
    } finally {
      await embedded?.stop();
    }
  });

program.parseAsync(process.argv).catch((err) => {
  process.stderr.write(`soak: ${(err as Error).message}\n`);
  process.exit(1);
});
