import { afterEach, describe, expect, it } from 'vitest';
import { summaryTable } from '../../src/conformance/reporters/summary';
import { toJUnitXml } from '../../src/conformance/reporters/junit';
import { runConformance, selectCases } from '../../src/conformance/runner';
import { caseMatcher } from '../../src/conformance/select';
import type { ConformanceReport } from '../../src/conformance/types';
import type { SignMethod } from '../../src/national/types';
import { NOTICE_QUIRKS, type NoticeQuirk } from '../../src/demo/national';
import { APP_KEY, APP_SECRET, SECOND, startMock, type MockTarget } from './mock-target';

const RATE = 500;

let target: MockTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

function ids(patterns: string): string[] {
  const match = caseMatcher(patterns);
  return selectCases()
    .map((c) => c.id)
    .filter(match)
    .sort();
}

function failures(report: ConformanceReport): string[] {
  return report.cases.filter((c) => c.status === 'failed').map((c) => `${c.id}: ${c.failure}`);
}

async function runNotices(opts: { quirk?: NoticeQuirk; signMethod?: SignMethod; second?: boolean; admin?: boolean } = {}) {
  target = await startMock({ rateLimitPerSecond: RATE, quirks: opts.quirk ? [opts.quirk] : [] });
  return runConformance({
    target: target.url,
    appKey: APP_KEY,
    appSecret: APP_SECRET,
    signMethod: opts.signMethod ?? 'HMAC-SHA256',
    rateLimitPerSecond: RATE,
    only: 'notices',
    ...(opts.second === false ? {} : { second: SECOND }),
    ...(opts.admin === false ? {} : { mockAdmin: target.admin }),
  });
}

describe('notice cases (§8) against the bundled mock', () => {
  it.each(['HMAC-SHA256', 'HMAC-SM3'] as const)(
    'all pass with %s, given a second appKey and the admin endpoint',
    async (signMethod) => {
      const report = await runNotices({ signMethod });
      expect(failures(report)).toEqual([]);
      expect(report.notRun).toBe(0);
      expect(report.total).toBe(ids('notices').length);
      expect(report.total).toBeGreaterThan(70);
      expect(JSON.stringify(report)).not.toContain(SECOND.appSecret);
    },
    60_000,
  );

  it('reports the cases needing a second appKey or the admin endpoint as not run, with the reason, and passes the rest', async () => {
    const report = await runNotices({ second: false, admin: false });
    expect(failures(report)).toEqual([]);
    const notRun = report.cases.filter((c) => c.status === 'not-run');
    expect(notRun.length).toBe(report.notRun);
    expect(notRun.map((c) => c.id).sort()).toEqual(
      selectCases('notices')
        .filter((c) => (c.needs ?? []).length > 0)
        .map((c) => c.id)
        .sort(),
    );
    expect(notRun.find((c) => c.id === 'notices.feed.E1005.foreign-cursor')?.reason).toMatch(/second appKey .*--second-app-key/);
    expect(notRun.find((c) => c.id === 'notices.respond.E4013')?.reason).toMatch(/--mock-admin/);
    expect(report.passed).toBeGreaterThan(30);
    const table = summaryTable(report);
    expect(table).toMatch(/not run \(\d+\):/);
    expect(table).toContain('needs a second appKey');
    expect(toJUnitXml(report)).toMatch(/<skipped message="needs a second appKey/);
  }, 60_000);

  it('refuses a second appKey in the same province', async () => {
    target = await startMock({ rateLimitPerSecond: RATE });
    await expect(
      runConformance({
        target: target.url,
        appKey: APP_KEY,
        appSecret: APP_SECRET,
        only: 'notices',
        second: { ...SECOND, regionScope: '6201' },
      }),
    ).rejects.toThrow(/another province/);
  });
});

/** Each deliberately broken notice behaviour of the mock and exactly the cases that must fail against it. */
const EXPECTED: Record<NoticeQuirk, string> = {
  noticeFeedIgnoresScope: 'notices.feed.outside-scope',
  acceptForeignCursor: 'notices.feed.E1005.foreign-cursor',
  allowStatusBack: 'notices.respond.E4011.*',
  acceptReusedResponseId: 'notices.respond.E1409,notices.respond.precedence.E1409-before-E4011',
  answerWithdrawnNotice: 'notices.respond.E4013,notices.respond.precedence.E4013-before-E4011',
  noTargetRegionExtension: 'notices.raise.chain.*,!notices.raise.chain.latest-version',
  noticeConflictBeforeFieldErrors: 'notices.respond.precedence.422-before-409',
  reverseNoticeFieldErrors:
    'notices.respond.E4000.fields,notices.respond.E4000.required,notices.respond.E4000.actions,notices.respond.E4012,notices.respond.error-order,' +
    'notices.raise.E4000.*,notices.raise.error-order',
};

describe('the suite notices every deliberate notice defect of the mock', () => {
  it('covers every notice quirk', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...NOTICE_QUIRKS].sort());
    for (const patterns of Object.values(EXPECTED)) expect(ids(patterns).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(EXPECTED) as Array<[NoticeQuirk, string]>)(
    '%s fails exactly its cases',
    async (quirk, patterns) => {
      const report = await runNotices({ quirk });
      expect(
        report.cases
          .filter((c) => c.status === 'failed')
          .map((c) => c.id)
          .sort(),
      ).toEqual(ids(patterns));
    },
    60_000,
  );
});
