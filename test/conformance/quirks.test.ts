import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runConformance, selectCases } from '../../src/conformance/runner';
import { caseMatcher } from '../../src/conformance/select';
import { MOCK_QUIRKS, NOTICE_QUIRKS, type MockQuirk, type NoticeQuirk } from '../../src/demo/national';
import { APP_KEY, APP_SECRET, beijingEarlyMorningClock, startMock, type MockTarget } from './mock-target';

const RATE = 500;

/** Ids of the catalogue matching `--only`-style patterns. */
function ids(patterns: string): string[] {
  const match = caseMatcher(patterns);
  return selectCases()
    .map((c) => c.id)
    .filter(match)
    .sort();
}

/**
 * Each deliberately broken mock and exactly the cases that must fail against it. The rate-limit
 * cases are left out of the runs (`!rate`) except for noRateLimit, so that each run takes about a
 * second; they pass against the strict mock in suite.test.ts.
 */
const EXPECTED: Record<Exclude<MockQuirk, 'dropResultOrder' | NoticeQuirk>, string> = {
  acceptBadSignature:
    '*.E2001.bad-signature,transport.E2001.sign-method-mismatch,transport.E2001.body-changed,transport.E2001.query-not-signed,' +
    'transport.E2001.base-path-not-signed,transport.E2001.gzip-digest-of-inflated-body,transport.valid.nonce-of-bad-signature',
  ignoreNonceReuse: '*.E2003.nonce-reuse,transport.E2003.nonce-reuse-across-endpoints,transport.E2003.nonce-used-by-refused-request',
  ignoreTimestampSkew: '*.E2002.stale-timestamp,transport.E2002.stale,transport.E2002.future,transport.E2002.seconds-not-milliseconds',
  reprocessRepeatedBatchId: 'batch.idempotency',
  newReceiptIdOnRepeat: 'batch.idempotency',
  wrongCodeForOversizeBody: '*.E1002.*,batch.refused.E1002-keeps-batchId',
  acceptOver500Records: '*.upload.E1001.501-records,batch.refused.E1001-keeps-batchId',
  acceptWrongCheckCharacter: '*.record.E4004.*',
  ignoreRegionScope: '*.record.E2005.*,subjects.record.all-errors-in-order',
  acceptLowerVersion: '*.upload.E4009.lower-version,batch.version.in-batch-order',
  duplicateAsAccepted:
    '*.upload.duplicate,batch.results.order,batch.version.in-batch-duplicate,batch.version.relayout-is-duplicate,stats.get.counts-move',
  acceptUnknownField: '*.record.E4006*,subjects.record.all-errors-in-order,batch.results.order,stats.get.counts-move',
  acceptWrongContentType:
    '*.upload.E1003.text-plain,batch.refused.E1003-keeps-batchId,transport.E1003.json-without-charset,transport.E1003.charset-gbk,' +
    'transport.E1003.missing-content-type',
  statsInUtc: 'stats.get.counts-move',
  noRateLimit: 'rate.E3001',
  useUpNonceOnBadSignature: 'transport.valid.nonce-of-bad-signature',
  calendarSecondRateLimit: 'rate.E3001.across-second-boundary',
  dropCodeListAttributes: 'codelists.get.meat-attribute',
};

/** The rate cases run only for the quirks about the rate limit; calendarSecondRateLimit at a small limit, on its own case. */
function runSettings(quirk: MockQuirk): { rate: number; only: string | undefined } {
  if (quirk === 'noRateLimit') return { rate: RATE, only: undefined };
  if (quirk === 'calendarSecondRateLimit') return { rate: 5, only: 'rate.E3001.across-second-boundary' };
  return { rate: RATE, only: '!rate' };
}

let target: MockTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function failedAgainst(quirk: MockQuirk) {
  // statsInUtc only shows while the UTC date differs from the UTC+8 date.
  const clock = beijingEarlyMorningClock();
  const { rate, only } = runSettings(quirk);
  target = await startMock({ quirks: [quirk], rateLimitPerSecond: rate, clock });
  const report = await runConformance({
    target: target.url,
    appKey: APP_KEY,
    appSecret: APP_SECRET,
    rateLimitPerSecond: rate,
    clock,
    only,
  });
  return report.cases.filter((c) => c.status === 'failed');
}

describe('the suite notices every deliberate defect of the mock', () => {
  it('covers every quirk the mock offers', () => {
    // The notice quirks (§8) have their own runs, in notices.test.ts.
    expect([...Object.keys(EXPECTED), 'dropResultOrder', ...NOTICE_QUIRKS].sort()).toEqual([...MOCK_QUIRKS].sort());
    for (const patterns of Object.values(EXPECTED)) expect(ids(patterns).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(EXPECTED) as Array<[MockQuirk, string]>)('%s fails exactly its cases', async (quirk, patterns) => {
    const failed = await failedAgainst(quirk);
    expect(failed.map((c) => c.id).sort()).toEqual(ids(patterns));
  });

  it('dropResultOrder fails every multi-record receipt on its result order', async () => {
    const failed = await failedAgainst('dropResultOrder');
    const failedIds = new Set(failed.map((c) => c.id));
    for (const id of ids('batch.results.order,*.record.*,*.upload.valid,receipts.get.valid,stats.get.counts-move')) {
      expect(failedIds, id).toContain(id);
    }
    for (const c of failed) expect(c.failure, c.id).toMatch(/^results order: expected result i has index i/);
    // Single-record uploads are not affected.
    expect(failedIds.has('trades.upload.duplicate')).toBe(false);
  });
});

/** A "platform" that answers 200 with every record ACCEPTED, whatever it is sent. */
async function acceptEverything(): Promise<MockTarget> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: { batchId?: unknown; records?: unknown } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        // answered 200 all the same
      }
      const records = Array.isArray(body.records) ? (body.records as Array<{ recordId?: unknown }>) : [];
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(
        JSON.stringify({
          code: '0',
          message: 'ok',
          receiptId: `r-${Math.random()}`,
          batchId: body.batchId,
          accepted: records.length,
          duplicate: 0,
          rejected: 0,
          results: records.map((r, index) => ({ index, recordId: r?.recordId, status: 'ACCEPTED' })),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ntp/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the suite has no vacuous refusal case', () => {
  it('fails every case that expects a refusal against a platform that accepts everything', async () => {
    target = await acceptEverything();
    const report = await runConformance({
      target: target.url,
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      rateLimitPerSecond: RATE,
      only: '!rate',
    });
    const positive = (id: string) => /\.valid(\.|$)|\.higher-version$/.test(id);
    const passedNegative = report.cases.filter((c) => c.status === 'passed' && !positive(c.id)).map((c) => c.id);
    expect(passedNegative).toEqual([]);
    expect(report.cases.filter((c) => !positive(c.id)).length).toBeGreaterThan(300);
  });
});
