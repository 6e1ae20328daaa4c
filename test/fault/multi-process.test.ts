import { describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/db';
import { runFaultScenario } from './scenario';

describe('three gateway processes, faults everywhere, kill -9', () => {
  it('loses nothing, sends nothing twice, leaves no job stuck', async () => {
    const report = await runFaultScenario({
      databaseUrl: testDatabaseUrl(),
      processes: 3,
      kills: 5,
      faultyMs: 60_000,
      nationalFaultShare: 0.3,
      sourceFaultShare: 0.15,
      initialRecords: 12,
      newRecordsPerMinute: 0,
      seed: 20261123,
      settleMs: 150_000,
      log: (line) => process.stderr.write(`[fault] ${line}\n`),
    });
    process.stderr.write(
      `[fault] ${JSON.stringify({ ...report, missingAtPlatform: report.missingAtPlatform.slice(0, 5), notLatestAtPlatform: report.notLatestAtPlatform.slice(0, 5), dirtyNotQuarantined: report.dirtyNotQuarantined.slice(0, 5) })}\n`,
    );
    expect(report.kills).toBeGreaterThanOrEqual(5);
    expect(report.faultedNationalRequests).toBeGreaterThan(0);
    expect(report.sourceRecords.valid).toBeGreaterThan(50);
    expect(report.missingAtPlatform).toEqual([]);
    expect(report.notLatestAtPlatform).toEqual([]);
    expect(report.dirtyNotQuarantined).toEqual([]);
    expect(report.acceptedTwiceAtSameVersion).toEqual([]);
    expect(report.nationalAccepted).toBe(report.gatewayAccepted);
    expect(report.pendingOrInFlight).toBe(0);
    expect(report.openBatches).toBe(0);
    expect(report.stuckJobs).toBe(0);
    expect(report.keptCountsDrift).toBeNull();
  }, 420_000);
});
