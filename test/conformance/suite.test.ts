import { parseStringPromise } from 'xml2js';
import { afterEach, describe, expect, it } from 'vitest';
import { toJUnitXml } from '../../src/conformance/reporters/junit';
import { summaryTable } from '../../src/conformance/reporters/summary';
import { runConformance, selectCases } from '../../src/conformance/runner';
import { beijingDate } from '../../src/conformance/time';
import type { ConformanceReport } from '../../src/conformance/types';
import { APP_KEY, APP_SECRET, beijingEarlyMorningClock, SECOND, startMock, type MockTarget } from './mock-target';

let target: MockTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

function failures(report: ConformanceReport): string[] {
  return report.cases.filter((c) => c.status === 'failed').map((c) => `${c.id}: ${c.failure}`);
}

describe('conformance suite against the bundled mock', () => {
  it('passes every case at the default rate limit of 20/s, with HMAC-SHA256, at 03:00 Beijing time', async () => {
    const clock = beijingEarlyMorningClock();
    expect(beijingDate(clock())).not.toBe(new Date(clock()).toISOString().slice(0, 10));
    target = await startMock({ clock });
    const seen: number[] = [];
    const report = await runConformance({
      target: target.url,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      signMethod: 'HMAC-SHA256',
      clock,
      onProgress: (e) => seen.push(e.done),
    });
    expect(failures(report)).toEqual([]);
    expect(report.total).toBe(selectCases().length);
    expect(report.total).toBeGreaterThan(400);
    expect(seen).toEqual(Array.from({ length: report.total }, (_, i) => i + 1));
    // The rate-limit cases really met the limit: 429 E3001 with Retry-After.
    const burst = report.cases.find((c) => c.id === 'rate.E3001.query-burst');
    expect(burst?.checks.find((k) => k.what === 'answer')?.actual).toBe('429 E3001');
    expect(JSON.stringify(report)).not.toContain(APP_SECRET);
  }, 90_000);

  it('passes every case with HMAC-SM3, the notice cases between two regions included', async () => {
    target = await startMock({ rateLimitPerSecond: 500 });
    const report = await runConformance({
      target: target.url,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      signMethod: 'HMAC-SM3',
      rateLimitPerSecond: 500,
      only: '!rate',
      second: SECOND,
      mockAdmin: target.admin,
    });
    expect(failures(report)).toEqual([]);
    expect(report.notRun).toBe(0);
    expect(report.signMethod).toBe('HMAC-SM3');
    expect(report.cases.some((c) => c.id.startsWith('rate.'))).toBe(false);
  });

  it('generates records inside a 4-digit city scope and E2005 outside it', async () => {
    target = await startMock({ rateLimitPerSecond: 500, regionScope: '6201' });
    const only = '*.upload.valid,*.record.E2005.*,subjects.record.valid.*';
    const report = await runConformance({
      target: target.url,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      regionScope: '6201',
      rateLimitPerSecond: 500,
      only,
    });
    expect(failures(report)).toEqual([]);
    expect(report.regionScope).toBe('6201');
    expect(report.cases.filter((c) => c.id.endsWith('.record.E2005.regionCode'))).toHaveLength(8);
    expect(report.total).toBe(selectCases(only).length);
  });

  it('passes again on a second run against the same platform (fresh recordIds and batchIds)', async () => {
    target = await startMock({ rateLimitPerSecond: 500 });
    const options = {
      target: target.url,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      rateLimitPerSecond: 500,
      only: 'subjects,trades.upload,batch,records.get.trades,stats',
    };
    const first = await runConformance(options);
    const second = await runConformance(options);
    expect(failures(first)).toEqual([]);
    expect(failures(second)).toEqual([]);
    expect(second.runId).not.toBe(first.runId);
  });

  it('reports a dead target as failed cases, not as a crash', async () => {
    target = await startMock();
    const url = target.url;
    await target.close();
    target = undefined;
    const report = await runConformance({
      target: url,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      only: 'codelists.get.units',
      timeoutMs: 2000,
    });
    expect(report.failed).toBe(1);
    expect(report.cases[0].failure).toMatch(/^error: .*ECONNREFUSED/);
  });
});

describe('reports', () => {
  it('writes well-formed JUnit XML whose counts match the report', async () => {
    target = await startMock({ quirks: ['acceptBadSignature'], rateLimitPerSecond: 500 });
    const report = await runConformance({
      target: target.url,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      rateLimitPerSecond: 500,
      only: 'transport,receipts,stats.get.valid',
    });
    expect(report.failed).toBeGreaterThan(0);
    const xml = await parseStringPromise(toJUnitXml(report));
    const root = xml.testsuites;
    expect(Number(root.$.tests)).toBe(report.total);
    expect(Number(root.$.failures)).toBe(report.failed);
    const suites = root.testsuite as Array<{
      $: Record<string, string>;
      testcase: Array<{ $: Record<string, string>; failure?: Array<{ $: { message: string }; _: string }> }>;
    }>;
    expect(suites.map((s) => s.$.name)).toEqual(report.byEndpoint.map((r) => r.endpoint));
    for (const suite of suites) {
      const row = report.byEndpoint.find((r) => r.endpoint === suite.$.name)!;
      expect(Number(suite.$.tests)).toBe(row.passed + row.failed);
      expect(Number(suite.$.failures)).toBe(row.failed);
      expect(suite.testcase.length).toBe(row.passed + row.failed);
      expect(suite.testcase.filter((t) => t.failure).length).toBe(row.failed);
    }
    const failed = suites.flatMap((s) => s.testcase).filter((t) => t.failure);
    expect(failed.map((t) => t.$.name).sort()).toEqual(
      report.cases
        .filter((c) => c.status === 'failed')
        .map((c) => c.id)
        .sort(),
    );
    const badSignature = failed.find((t) => t.$.name === 'transport.E2001.bad-signature')!;
    expect(badSignature.failure![0].$.message).toBe('answer: expected 401 E2001, got 200 0');
    expect(badSignature.failure![0]._).toMatch(/^expected: .*401 E2001[\s\S]*\nactual: .*200 0/);
  });

  it('prints a summary table per endpoint with the failed cases', async () => {
    target = await startMock({ quirks: ['noRateLimit'], rateLimitPerSecond: 500 });
    const report = await runConformance({
      target: target.url,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      rateLimitPerSecond: 500,
      only: 'rate,codelists',
    });
    const table = summaryTable(report);
    expect(table).toMatch(/GET \/stats\s+1\s+2/);
    expect(table).toMatch(/GET \/codelists\/\{name\}\s+12\s+0/);
    expect(table).toMatch(/POST \/trades\/batch\s+0\s+1/);
    expect(table).toContain('rate.E3001.query-burst  rate limited: expected at least one 429 among 1000 requests');
    expect(table).toContain('rate.E3001.across-second-boundary  after the boundary: expected at least one 429');
    expect(table).toMatch(/total\s+13\s+3/);
  });
});
