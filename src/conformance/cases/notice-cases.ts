import { answerOf, bodyOf, expectRequestError, RFC3339, sameJson } from '../checks';
import type { CaseContext } from '../context';
import { describe } from '../verify';
import type { CaseNeed, ConformanceCase, Endpoint } from '../types';
import { authCases } from './auth-cases';
import {
  deliver,
  evidenceOf,
  expectAnswered,
  expectCreated,
  expectFieldErrors,
  failedInspection,
  feedEnd,
  feedPage,
  feedPath,
  feedSince,
  findingOf,
  idsOf,
  issueByPlatform,
  me,
  mockAdmin,
  noticeTo,
  other,
  raise,
  raiseBody,
  respond,
  responseBody,
  thirdProvince,
  type Party,
} from './notice-helpers';

const TWO: readonly CaseNeed[] = ['second-app-key'];
const ADMIN: readonly CaseNeed[] = ['mock-admin'];
const UNKNOWN_NOTICE = 'NT20000101000000';

type Run = ConformanceCase['run'];

function make(endpoint: Endpoint, id: string, clauses: string[], title: string, run: Run, needs?: readonly CaseNeed[]): ConformanceCase {
  return { id: `notices.${id}`, endpoint, clauses, title, ...(needs ? { needs } : {}), run };
}

const FEED: Endpoint = 'GET /notices';
const ONE: Endpoint = 'GET /notices/{noticeId}';
const RESPOND: Endpoint = 'POST /notices/{noticeId}/responses';
const RAISE: Endpoint = 'POST /notices';

/** The second appKey raises a notice to the suite's appKey; the suite's appKey reads it from the feed after `cursor`. */
async function servedNotice(ctx: CaseContext, changes: Record<string, unknown> = {}) {
  const cursor = await feedEnd(ctx, me(ctx));
  const raised = await noticeTo(ctx, other(ctx), me(ctx), changes);
  const seen = await feedSince(ctx, me(ctx), cursor);
  const notice = seen.notices.find((n) => n.noticeId === raised.noticeId);
  ctx.v.ok('served', notice !== undefined, `${raised.noticeId} in the feed of the target appKey`, describe(idsOf(seen.notices)));
  return { ...raised, notice: notice!, cursor: seen.cursor };
}

function expectNotFound(ctx: CaseContext, res: Awaited<ReturnType<typeof respond>>): void {
  expectRequestError(ctx.v, res, 404, 'E1404');
}

function feedCases(): ConformanceCase[] {
  return [
    make(FEED, 'feed.valid', ['§8.2 answer', '§8 signed'], 'the feed answers code, notices, cursor, hasMore', async (ctx) => {
      await feedPage(ctx, me(ctx), undefined, 10);
    }),
    make(FEED, 'feed.valid.default-limit', ['§8.2 limit', '§8.2 answer'], 'without limit: at most 50 notices', async (ctx) => {
      const res = await ctx.client.get('/notices');
      ctx.v.equal('answer', '200 0', answerOf(res));
      const notices = bodyOf(res).notices;
      ctx.v.ok(
        'page size',
        Array.isArray(notices) && notices.length <= 50,
        'at most 50 notices',
        describe(Array.isArray(notices) ? notices.length : notices),
      );
    }),
    make(FEED, 'feed.limit-bounds', ['§8.2 limit'], 'limit=1 and limit=200 are accepted', async (ctx) => {
      await feedPage(ctx, me(ctx), undefined, 1);
      await feedPage(ctx, me(ctx), undefined, 200);
    }),
    ...(
      [
        ['limit-0', '0'],
        ['limit-201', '201'],
        ['limit-not-a-number', 'ten'],
        ['limit-negative', '-1'],
      ] as const
    ).map(([name, limit]) =>
      make(FEED, `feed.E1005.${name}`, ['§8.2 E1005', '§8.2 limit', '§8.7 codes'], `limit=${limit}`, async (ctx) => {
        expectRequestError(ctx.v, await ctx.client.get(feedPath(undefined, limit)), 400, 'E1005');
      }),
    ),
    make(FEED, 'feed.E1005.malformed-cursor', ['§8.2 E1005', '§8.2 cursor'], 'after=a cursor the platform never issued', async (ctx) => {
      expectRequestError(ctx.v, await ctx.client.get(feedPath(`cf-${ctx.factory.runId}-not-a-cursor`, 10)), 400, 'E1005');
    }),
    make(
      FEED,
      'feed.E1005.foreign-cursor',
      ['§8.2 E1005', '§8.2 cursor'],
      'a cursor issued to another appKey',
      async (ctx) => {
        const theirs = await feedPage(ctx, other(ctx), undefined, 1);
        expectRequestError(ctx.v, await ctx.client.get(feedPath(theirs.cursor, 10)), 400, 'E1005');
      },
      TWO,
    ),
    make(
      FEED,
      'feed.not-served-to-raiser',
      ['§8.1 served', '§8.5 answer'],
      'a notice this appKey raised, addressed to its own scope, is not in its feed',
      async (ctx) => {
        const cursor = await feedEnd(ctx, me(ctx));
        const body = await raiseBody(ctx, me(ctx), { targetRegions: [ctx.settings.regionScope] });
        const { noticeId } = expectCreated(ctx.v, await raise(me(ctx), body), body);
        const seen = await feedSince(ctx, me(ctx), cursor);
        ctx.v.ok('not served to the raiser', !idsOf(seen.notices).includes(noticeId), `${noticeId} absent`, describe(idsOf(seen.notices)));
      },
    ),
    make(
      FEED,
      'feed.served-to-target',
      ['§8.1 served', '§8.1 notice-fields', '§8.2 answer', '§8.2 cursor'],
      'a notice raised by another region to this scope is served, as raised',
      async (ctx) => {
        const { notice, body } = await servedNotice(ctx, { subjectCode: other(ctx).factory.creditCode() });
        for (const field of [
          'kind',
          'severity',
          'issuerRegion',
          'traceCodes',
          'productCode',
          'subjectCode',
          'hazard',
          'testItem',
          'actionsRequired',
        ]) {
          ctx.v.ok(field, sameJson(body[field], notice[field]), describe(body[field]), describe(notice[field]));
        }
        ctx.v.equal('revision', 1, notice.revision);
        ctx.v.ok(
          'targetRegions',
          Array.isArray(notice.targetRegions) && (notice.targetRegions as string[]).includes(ctx.settings.regionScope),
          `includes ${ctx.settings.regionScope}`,
          describe(notice.targetRegions),
        );
        ctx.v.ok(
          'issuedAt',
          typeof notice.issuedAt === 'string' && RFC3339.test(notice.issuedAt),
          'an RFC 3339 timestamp',
          describe(notice.issuedAt),
        );
        ctx.v.ok('no supersedes', notice.supersedes === undefined, 'absent', describe(notice.supersedes));
      },
      TWO,
    ),
    make(
      FEED,
      'feed.outside-scope',
      ['§8.1 served'],
      'a notice addressed to a third province is not served',
      async (ctx) => {
        const cursor = await feedEnd(ctx, me(ctx));
        const { noticeId } = await noticeTo(ctx, other(ctx), { ...me(ctx), regionScope: thirdProvince(ctx) });
        const seen = await feedSince(ctx, me(ctx), cursor);
        ctx.v.ok('not served', !idsOf(seen.notices).includes(noticeId), `${noticeId} absent`, describe(idsOf(seen.notices)));
      },
      TWO,
    ),
    make(
      FEED,
      'feed.served-to-province-scope',
      ['§8.1 served'],
      'a notice addressed to a 6-digit region inside this scope is served',
      async (ctx) => {
        const cursor = await feedEnd(ctx, me(ctx));
        const { noticeId } = await noticeTo(ctx, other(ctx), { ...me(ctx), regionScope: ctx.factory.region });
        const seen = await feedSince(ctx, me(ctx), cursor);
        ctx.v.ok('served', idsOf(seen.notices).includes(noticeId), `${noticeId} present`, describe(idsOf(seen.notices)));
      },
      TWO,
    ),
    make(
      FEED,
      'feed.paging',
      ['§8.2 cursor', '§8.2 limit', '§8.2 answer'],
      'three notices read two by two: hasMore, then the rest, in order',
      async (ctx) => {
        const cursor = await feedEnd(ctx, me(ctx));
        const raised: string[] = [];
        for (let i = 0; i < 3; i++) raised.push((await noticeTo(ctx, other(ctx), me(ctx))).noticeId);
        const first = await feedPage(ctx, me(ctx), cursor, 2);
        ctx.v.equal('first page', 2, first.notices.length);
        ctx.v.equal('hasMore', true, first.hasMore);
        const seen = await feedSince(ctx, me(ctx), first.cursor, 2);
        const order = idsOf([...first.notices, ...seen.notices]).filter((id) => raised.includes(id));
        ctx.v.equal('notices in order', raised, order);
        ctx.v.equal('hasMore at the end', false, seen.pages[seen.pages.length - 1].hasMore);
      },
      TWO,
    ),
    make(
      FEED,
      'feed.cursor-reused',
      ['§8.2 cursor'],
      'the same cursor read twice gives the same notices',
      async (ctx) => {
        const cursor = await feedEnd(ctx, me(ctx));
        const { noticeId } = await noticeTo(ctx, other(ctx), me(ctx));
        const once = await feedSince(ctx, me(ctx), cursor);
        const twice = await feedSince(ctx, me(ctx), cursor);
        ctx.v.ok('served', idsOf(once.notices).includes(noticeId), `${noticeId} present`, describe(idsOf(once.notices)));
        ctx.v.equal('same notices', idsOf(once.notices), idsOf(twice.notices));
      },
      TWO,
    ),
    make(
      FEED,
      'feed.amended-again',
      ['§8.2 amended-again', '§8.1 revisions'],
      'an amended notice comes again, later, with revision 2 and a new issuedAt',
      async (ctx) => {
        const cursor = await feedEnd(ctx, me(ctx));
        const issued = await issueByPlatform(ctx, me(ctx));
        const first = await feedSince(ctx, me(ctx), cursor);
        const r1 = first.notices.find((n) => n.noticeId === issued.noticeId);
        ctx.v.equal('revision 1 served', 1, r1?.revision);
        await new Promise((r) => setTimeout(r, 5));
        await mockAdmin(ctx, `/admin/notices/${String(issued.noticeId)}/amend`, { severity: 'CRITICAL' });
        const second = await feedSince(ctx, me(ctx), first.cursor);
        const r2 = second.notices.find((n) => n.noticeId === issued.noticeId);
        ctx.v.equal('revision 2 served again', 2, r2?.revision);
        ctx.v.equal('amended field', 'CRITICAL', r2?.severity);
        ctx.v.ok('new issuedAt', r2?.issuedAt !== r1?.issuedAt, 'an issuedAt other than revision 1', describe(r2?.issuedAt));
      },
      ADMIN,
    ),
    make(
      FEED,
      'feed.withdrawn',
      ['§8.1 withdrawn', '§8.1 notice-fields'],
      'a withdrawal is served with supersedes and the fields of the notice it withdraws',
      async (ctx) => {
        const cursor = await feedEnd(ctx, me(ctx));
        const issued = await issueByPlatform(ctx, me(ctx));
        const withdrawal = await mockAdmin(ctx, `/admin/notices/${String(issued.noticeId)}/withdraw`);
        const seen = await feedSince(ctx, me(ctx), cursor);
        const w = seen.notices.find((n) => n.noticeId === withdrawal.noticeId);
        ctx.v.equal('kind', 'WITHDRAWN', w?.kind);
        ctx.v.equal('supersedes', issued.noticeId, w?.supersedes);
        for (const field of ['traceCodes', 'productCode', 'hazard', 'actionsRequired', 'respondBy', 'targetRegions']) {
          ctx.v.ok(field, sameJson(issued[field], w?.[field]), describe(issued[field]), describe(w?.[field]));
        }
      },
      ADMIN,
    ),
    ...authCases({
      prefix: 'notices.feed',
      endpoint: FEED,
      clauses: ['§8 signed'],
      request: () => ({ method: 'GET', path: '/notices?limit=1' }),
    }),
  ];
}

function getCases(): ConformanceCase[] {
  return [
    make(ONE, 'get.E1404.unknown', ['§8.3 E1404'], 'a noticeId the platform never issued', async (ctx) => {
      expectRequestError(ctx.v, await ctx.client.get(`/notices/${UNKNOWN_NOTICE}`), 404, 'E1404');
    }),
    make(ONE, 'get.E1404.raiser', ['§8.3 E1404', '§8.1 served'], 'the raiser cannot read the notice it raised', async (ctx) => {
      const body = await raiseBody(ctx, me(ctx), { targetRegions: [ctx.factory.otherRegion.slice(0, 2)] });
      const { noticeId } = expectCreated(ctx.v, await raise(me(ctx), body), body);
      expectRequestError(ctx.v, await ctx.client.get(`/notices/${noticeId}`), 404, 'E1404');
    }),
    make(
      ONE,
      'get.E1404.not-served',
      ['§8.3 E1404', '§8.1 served'],
      'a notice addressed to a third province',
      async (ctx) => {
        const { noticeId } = await noticeTo(ctx, other(ctx), { ...me(ctx), regionScope: thirdProvince(ctx) });
        expectRequestError(ctx.v, await ctx.client.get(`/notices/${noticeId}`), 404, 'E1404');
      },
      TWO,
    ),
    make(
      ONE,
      'get.valid',
      ['§8.3 answer', '§8 signed'],
      'the notice and this appKey’s responses in the order received, with receivedAt',
      async (ctx) => {
        const { noticeId, notice } = await servedNotice(ctx);
        const ack = responseBody(me(ctx), 'ACKNOWLEDGED');
        const progress = responseBody(me(ctx), 'IN_PROGRESS', { note: 'tracing the lot' });
        const at1 = expectAnswered(ctx.v, await respond(me(ctx), noticeId, ack), noticeId, ack);
        const at2 = expectAnswered(ctx.v, await respond(me(ctx), noticeId, progress), noticeId, progress);
        const res = await ctx.client.get(`/notices/${noticeId}`);
        ctx.v.equal('answer', '200 0', answerOf(res));
        const body = bodyOf(res);
        ctx.v.ok('notice', sameJson(notice, body.notice), describe(notice), describe(body.notice));
        ctx.v.ok(
          'responses',
          sameJson(
            [
              { ...ack, receivedAt: at1 },
              { ...progress, receivedAt: at2 },
            ],
            body.responses,
          ),
          'the two responses with their receivedAt, in order',
          describe(body.responses),
        );
      },
      TWO,
    ),
    make(
      ONE,
      'get.latest-revision',
      ['§8.1 revisions', '§8.3 answer'],
      'after an amendment, GET answers revision 2',
      async (ctx) => {
        const issued = await issueByPlatform(ctx, me(ctx));
        await mockAdmin(ctx, `/admin/notices/${String(issued.noticeId)}/amend`, { hazard: 'amended by the platform' });
        const res = await ctx.client.get(`/notices/${String(issued.noticeId)}`);
        ctx.v.equal('answer', '200 0', answerOf(res));
        const notice = bodyOf(res).notice as Record<string, unknown> | undefined;
        ctx.v.equal('revision', 2, notice?.revision);
        ctx.v.equal('hazard', 'amended by the platform', notice?.hazard);
      },
      ADMIN,
    ),
    ...authCases({
      prefix: 'notices.get',
      endpoint: ONE,
      clauses: ['§8 signed'],
      request: () => ({ method: 'GET', path: `/notices/${UNKNOWN_NOTICE}` }),
    }),
  ];
}

function respondCases(): ConformanceCase[] {
  return [
    make(
      RESPOND,
      'respond.E1404.unknown',
      ['§8.4 whole-request', '§8.3 E1404'],
      'an answer to a notice the platform never issued',
      async (ctx) => {
        expectNotFound(ctx, await respond(me(ctx), UNKNOWN_NOTICE, responseBody(me(ctx), 'ACKNOWLEDGED')));
      },
    ),
    make(
      RESPOND,
      'respond.precedence.404-before-422',
      ['§8.4 precedence', '§8.4 whole-request'],
      'an invalid answer to an unknown notice is 404',
      async (ctx) => {
        expectNotFound(ctx, await respond(me(ctx), UNKNOWN_NOTICE, { responseId: 'x', status: 'DONE' }));
      },
    ),
    make(
      RESPOND,
      'respond.precedence.E1000-before-404',
      ['§8.4 precedence', '§8.4 whole-request', '§3.2 E1000'],
      'a body that is not JSON, to an unknown notice, is 400 E1000',
      async (ctx) => {
        expectRequestError(ctx.v, await respond(me(ctx), UNKNOWN_NOTICE, Buffer.from('{"responseId":')), 400, 'E1000');
      },
    ),
    make(
      RESPOND,
      'respond.E1404.not-served',
      ['§8.4 whole-request', '§8.1 served'],
      'an answer to a notice addressed to a third province',
      async (ctx) => {
        const { noticeId } = await noticeTo(ctx, other(ctx), { ...me(ctx), regionScope: thirdProvince(ctx) });
        expectNotFound(ctx, await respond(me(ctx), noticeId, responseBody(me(ctx), 'ACKNOWLEDGED')));
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.valid',
      ['§8.4 answer', '§8.4 fields', '§8.4 actions', '§8 signed'],
      'an answer with findings, actions and a note',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx, { actionsRequired: ['TRACE', 'OFF_SHELF'] });
        const body = responseBody(me(ctx), 'COMPLETED', {
          findings: [await findingOf(ctx, me(ctx))],
          actions: [
            { action: 'TRACE', at: ctx.factory.hoursAgo(1) },
            {
              action: 'OFF_SHELF',
              at: ctx.factory.now(),
              subjectCode: ctx.factory.creditCode(),
              quantity: 12.5,
              unit: 'KG',
              note: '已下架',
            },
          ],
          note: 'the lot was taken off the shelves',
        });
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, body), noticeId, body);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.idempotent',
      ['§8.4 idempotent'],
      'the same answer again is the same 200 with the original receivedAt',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const body = responseBody(me(ctx), 'ACKNOWLEDGED');
        const first = expectAnswered(ctx.v, await respond(me(ctx), noticeId, body), noticeId, body);
        await new Promise((r) => setTimeout(r, 1100));
        const again = expectAnswered(ctx.v, await respond(me(ctx), noticeId, body), noticeId, body);
        ctx.v.equal('receivedAt kept', first, again);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E1409',
      ['§8.4 E1409', '§8.7 codes'],
      'the same responseId with other content',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const body = responseBody(me(ctx), 'ACKNOWLEDGED');
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, body), noticeId, body);
        expectRequestError(ctx.v, await respond(me(ctx), noticeId, { ...body, note: 'other content' }), 409, 'E1409');
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.status-forward',
      ['§8.4 status-forward'],
      'ACKNOWLEDGED twice, IN_PROGRESS twice, then NOT_FOUND',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        for (const status of ['ACKNOWLEDGED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'IN_PROGRESS', 'NOT_FOUND']) {
          const body = responseBody(me(ctx), status);
          expectAnswered(ctx.v, await respond(me(ctx), noticeId, body), noticeId, body);
        }
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.status-skip',
      ['§8.4 status-forward'],
      'COMPLETED straight after ACKNOWLEDGED',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const ack = responseBody(me(ctx), 'ACKNOWLEDGED');
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, ack), noticeId, ack);
        const done = responseBody(me(ctx), 'COMPLETED', { findings: [await findingOf(ctx, me(ctx))] });
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, done), noticeId, done);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4011.back',
      ['§8.4 E4011', '§8.7 codes'],
      'ACKNOWLEDGED after IN_PROGRESS',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const progress = responseBody(me(ctx), 'IN_PROGRESS');
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, progress), noticeId, progress);
        expectRequestError(ctx.v, await respond(me(ctx), noticeId, responseBody(me(ctx), 'ACKNOWLEDGED')), 409, 'E4011');
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4011.after-final',
      ['§8.4 E4011'],
      'any answer after NOT_FOUND, NOT_FOUND again included',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const final = responseBody(me(ctx), 'NOT_FOUND');
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, final), noticeId, final);
        expectRequestError(ctx.v, await respond(me(ctx), noticeId, responseBody(me(ctx), 'IN_PROGRESS')), 409, 'E4011');
        expectRequestError(ctx.v, await respond(me(ctx), noticeId, responseBody(me(ctx), 'NOT_FOUND')), 409, 'E4011');
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4000.fields',
      ['§8.4 E4000', '§8.4 fields', '§8.7 codes'],
      'several bad fields: one error each, in table order',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const res = await respond(me(ctx), noticeId, {
          responseId: 'short',
          status: 'DONE',
          respondedAt: '2024-03-01 08:00:00',
          findings: {},
          note: 'x'.repeat(1001),
        });
        expectFieldErrors(ctx.v, res, ['E4001 /responseId', 'E4001 /status', 'E4001 /respondedAt', 'E4001 /findings', 'E4001 /note']);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4000.required',
      ['§8.4 E4000', '§8.4 fields'],
      'responseId, status and respondedAt missing',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        expectFieldErrors(ctx.v, await respond(me(ctx), noticeId, { note: 'only a note' }), [
          'E4002 /responseId',
          'E4002 /status',
          'E4002 /respondedAt',
        ]);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4000.actions',
      ['§8.4 E4000', '§8.4 actions'],
      'bad action, too many decimals, wrong check character, quantity without unit',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const credit = ctx.factory.creditCode();
        const wrongCheck = credit.slice(0, 17) + (credit[17] === '0' ? '1' : '0');
        const body = responseBody(me(ctx), 'IN_PROGRESS', {
          actions: [
            { action: 'BURN', at: ctx.factory.now(), quantity: 1.2345, unit: 'KG' },
            { action: 'OFF_SHELF', at: ctx.factory.now(), subjectCode: wrongCheck, quantity: 2 },
          ],
        });
        expectFieldErrors(ctx.v, await respond(me(ctx), noticeId, body), [
          'E4001 /actions/0/action',
          'E4001 /actions/0/quantity',
          'E4004 /actions/1/subjectCode',
          'E4002 /actions/1/unit',
        ]);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4000.duplicate-finding',
      ['§8.4 E4000', '§8.4 fields'],
      'the same finding twice: the later one is flagged',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const finding = await findingOf(ctx, me(ctx));
        expectFieldErrors(ctx.v, await respond(me(ctx), noticeId, responseBody(me(ctx), 'IN_PROGRESS', { findings: [finding, finding] })), [
          'E4001 /findings/1',
        ]);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4012',
      ['§8.4 E4012', '§8.7 codes'],
      'findings naming records this appKey has not had accepted (one of another appKey)',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const theirs = await evidenceOf(ctx, other(ctx));
        const body = responseBody(me(ctx), 'IN_PROGRESS', {
          findings: [await findingOf(ctx, me(ctx)), theirs, { interface: 'trades', recordId: `cf-${ctx.factory.runId}-never-sent` }],
        });
        expectFieldErrors(ctx.v, await respond(me(ctx), noticeId, body), ['E4012 /findings/1', 'E4012 /findings/2']);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4005.completed-without-findings',
      ['§8.4 E4005 findings'],
      'COMPLETED with no finding',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        expectFieldErrors(ctx.v, await respond(me(ctx), noticeId, responseBody(me(ctx), 'COMPLETED')), ['E4005 /findings']);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4005.not-found-with-findings',
      ['§8.4 E4005 findings'],
      'NOT_FOUND with a finding',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        expectFieldErrors(
          ctx.v,
          await respond(me(ctx), noticeId, responseBody(me(ctx), 'NOT_FOUND', { findings: [await findingOf(ctx, me(ctx))] })),
          ['E4005 /findings'],
        );
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4005.required-actions',
      ['§8.4 E4005 actions'],
      'COMPLETED must cover OFF_SHELF and RECALL over all answers',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx, { actionsRequired: ['TRACE', 'OFF_SHELF', 'RECALL'] });
        const finding = await findingOf(ctx, me(ctx));
        const offShelf = [{ action: 'OFF_SHELF', at: ctx.factory.now() }];
        expectFieldErrors(
          ctx.v,
          await respond(me(ctx), noticeId, responseBody(me(ctx), 'COMPLETED', { findings: [finding], actions: offShelf })),
          ['E4005 /actions'],
        );
        const recall = responseBody(me(ctx), 'IN_PROGRESS', { actions: [{ action: 'RECALL', at: ctx.factory.now() }] });
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, recall), noticeId, recall);
        const done = responseBody(me(ctx), 'COMPLETED', { findings: [finding], actions: offShelf });
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, done), noticeId, done);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.error-order',
      ['§8.4 E4000', '§8.4 E4012', '§8.4 E4005 actions'],
      'a field error, then E4012, then the E4005 rule',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx, { actionsRequired: ['TRACE', 'OFF_SHELF'] });
        const body = responseBody(me(ctx), 'COMPLETED', {
          respondedAt: 'today',
          findings: [{ interface: 'batches', recordId: `cf-${ctx.factory.runId}-never-sent` }],
        });
        expectFieldErrors(ctx.v, await respond(me(ctx), noticeId, body), ['E4001 /respondedAt', 'E4012 /findings/0', 'E4005 /actions']);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.precedence.422-before-409',
      ['§8.4 precedence'],
      'an invalid answer after NOT_FOUND is 422, not 409',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const final = responseBody(me(ctx), 'NOT_FOUND');
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, final), noticeId, final);
        expectFieldErrors(ctx.v, await respond(me(ctx), noticeId, responseBody(me(ctx), 'IN_PROGRESS', { respondedAt: 'later' })), [
          'E4001 /respondedAt',
        ]);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.precedence.E1409-before-E4011',
      ['§8.4 precedence', '§8.4 E1409'],
      'a used responseId with other content after NOT_FOUND is E1409',
      async (ctx) => {
        const { noticeId } = await servedNotice(ctx);
        const final = responseBody(me(ctx), 'NOT_FOUND');
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, final), noticeId, final);
        expectRequestError(ctx.v, await respond(me(ctx), noticeId, { ...final, status: 'IN_PROGRESS' }), 409, 'E1409');
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, final), noticeId, final);
      },
      TWO,
    ),
    make(
      RESPOND,
      'respond.E4013',
      ['§8.4 E4013', '§8.1 withdrawn', '§8.7 codes'],
      'answers to a withdrawn notice and to the withdrawal',
      async (ctx) => {
        const issued = await issueByPlatform(ctx, me(ctx));
        const withdrawal = await mockAdmin(ctx, `/admin/notices/${String(issued.noticeId)}/withdraw`);
        expectRequestError(ctx.v, await respond(me(ctx), String(issued.noticeId), responseBody(me(ctx), 'ACKNOWLEDGED')), 409, 'E4013');
        expectRequestError(ctx.v, await respond(me(ctx), String(withdrawal.noticeId), responseBody(me(ctx), 'ACKNOWLEDGED')), 409, 'E4013');
      },
      ADMIN,
    ),
    make(
      RESPOND,
      'respond.precedence.E4013-before-E4011',
      ['§8.4 precedence', '§8.4 E4013'],
      'after NOT_FOUND and a withdrawal, a new answer is E4013',
      async (ctx) => {
        const issued = await issueByPlatform(ctx, me(ctx));
        const noticeId = String(issued.noticeId);
        const final = responseBody(me(ctx), 'NOT_FOUND');
        expectAnswered(ctx.v, await respond(me(ctx), noticeId, final), noticeId, final);
        await mockAdmin(ctx, `/admin/notices/${noticeId}/withdraw`);
        expectRequestError(ctx.v, await respond(me(ctx), noticeId, responseBody(me(ctx), 'IN_PROGRESS')), 409, 'E4013');
      },
      ADMIN,
    ),
    make(
      RESPOND,
      'respond.latest-revision',
      ['§8.1 revisions'],
      'the answer rules follow the latest revision’s actionsRequired',
      async (ctx) => {
        const issued = await issueByPlatform(ctx, me(ctx), { actionsRequired: ['TRACE'] });
        const noticeId = String(issued.noticeId);
        await mockAdmin(ctx, `/admin/notices/${noticeId}/amend`, { actionsRequired: ['TRACE', 'RECALL'] });
        const done = responseBody(me(ctx), 'COMPLETED', { findings: [await findingOf(ctx, me(ctx))] });
        expectFieldErrors(ctx.v, await respond(me(ctx), noticeId, done), ['E4005 /actions']);
      },
      ADMIN,
    ),
    ...authCases({
      prefix: 'notices.respond',
      endpoint: RESPOND,
      clauses: ['§8 signed', '§8.4 whole-request'],
      request: (ctx) => ({ method: 'POST', path: `/notices/${UNKNOWN_NOTICE}/responses`, body: responseBody(me(ctx), 'ACKNOWLEDGED') }),
    }),
  ];
}

/** A raised notice's targetRegions must name the second appKey's province once its records join the chain. */
async function expectExtended(ctx: CaseContext, body: Record<string, unknown>, expectProvince: boolean): Promise<void> {
  const { targetRegions } = expectCreated(ctx.v, await raise(me(ctx), body), body);
  const province = other(ctx).regionScope.slice(0, 2);
  ctx.v.ok(
    'targetRegions',
    targetRegions.includes(province) === expectProvince,
    `${expectProvince ? 'includes' : 'does not include'} ${province}`,
    describe(targetRegions),
  );
}

function raiseCases(): ConformanceCase[] {
  const chain = (
    id: string,
    title: string,
    build: (ctx: CaseContext, trace: string, a: Party, b: Party) => Promise<void>,
    clauses = ['§8.6 chain'],
  ): ConformanceCase =>
    make(
      RAISE,
      `raise.chain.${id}`,
      ['§8.5 target-extension', ...clauses],
      title,
      async (ctx) => {
        const a = me(ctx);
        const trace = a.factory.traceCode();
        const evidence = failedInspection(a, trace);
        await deliver(ctx, a, 'inspections', [evidence]);
        await build(ctx, trace, a, other(ctx));
        await expectExtended(
          ctx,
          await raiseBody(ctx, a, { traceCodes: [trace], evidence: [{ interface: 'inspections', recordId: evidence.recordId }] }),
          true,
        );
      },
      TWO,
    );
  return [
    make(
      RAISE,
      'raise.valid',
      ['§8.5 answer', '§8.5 fields', '§8 signed'],
      'a notice with every optional field: 201 with the targetRegions sent',
      async (ctx) => {
        const body = await raiseBody(ctx, me(ctx), {
          subjectCode: ctx.factory.creditCode(),
          targetRegions: [thirdProvince(ctx)],
          actionsRequired: ['TRACE', 'OFF_SHELF', 'RECALL'],
          respondBy: new Date(ctx.client.now() + 48 * 3600_000).toISOString(),
        });
        const { targetRegions } = expectCreated(ctx.v, await raise(me(ctx), body), body);
        ctx.v.ok('targetRegions', targetRegions.includes(thirdProvince(ctx)), `includes ${thirdProvince(ctx)}`, describe(targetRegions));
      },
    ),
    make(
      RAISE,
      'raise.no-other-region',
      ['§8.5 answer'],
      'a notice about a lot no other region holds: 201 with empty targetRegions',
      async (ctx) => {
        const body = await raiseBody(ctx, me(ctx), { kind: 'RECALL', evidence: [await findingOf(ctx, me(ctx))] });
        const { targetRegions } = expectCreated(ctx.v, await raise(me(ctx), body), body);
        ctx.v.equal('targetRegions', [], targetRegions);
      },
    ),
    make(RAISE, 'raise.idempotent', ['§8.5 idempotent'], 'the same clientNoticeId and content: the same answer with 200', async (ctx) => {
      const body = await raiseBody(ctx, me(ctx));
      const res = await raise(me(ctx), body);
      expectCreated(ctx.v, res, body);
      const again = await raise(me(ctx), body);
      ctx.v.equal('answer', '200 0', answerOf(again));
      ctx.v.ok('same answer', sameJson(res.json, again.json), describe(res.json), describe(again.json));
    }),
    make(RAISE, 'raise.E1409', ['§8.5 idempotent', '§8.7 codes'], 'the same clientNoticeId with other content', async (ctx) => {
      const body = await raiseBody(ctx, me(ctx));
      expectCreated(ctx.v, await raise(me(ctx), body), body);
      expectRequestError(ctx.v, await raise(me(ctx), { ...body, severity: 'LOW' }), 409, 'E1409');
    }),
    make(RAISE, 'raise.E1000.not-json', ['§8.4 whole-request', '§3.2 E1000'], 'a body that is not JSON', async (ctx) => {
      expectRequestError(ctx.v, await raise(me(ctx), Buffer.from('{"clientNoticeId"')), 400, 'E1000');
    }),
    make(RAISE, 'raise.E4000.fields', ['§8.5 fields', '§8.4 E4000'], 'bad fields: one error each, in table order', async (ctx) => {
      const body = await raiseBody(ctx, me(ctx), {
        clientNoticeId: 'bad id',
        kind: 'WITHDRAWN',
        severity: 'SEVERE',
        traceCodes: [],
        productCode: 'NOT_A_PRODUCT',
        hazard: 'x'.repeat(501),
        actionsRequired: ['TRACE', 'TRACE'],
      });
      expectFieldErrors(ctx.v, await raise(me(ctx), body), [
        'E4001 /clientNoticeId',
        'E4001 /kind',
        'E4001 /severity',
        'E4001 /traceCodes',
        'E4003 /productCode',
        'E4001 /hazard',
        'E4001 /actionsRequired/1',
      ]);
    }),
    make(RAISE, 'raise.E4000.required', ['§8.5 fields', '§8.4 E4000'], 'every required field missing', async (ctx) => {
      expectFieldErrors(ctx.v, await raise(me(ctx), { testItem: 'CHLORPYRIFOS' }), [
        'E4002 /clientNoticeId',
        'E4002 /kind',
        'E4002 /severity',
        'E4002 /issuerRegion',
        'E4002 /traceCodes',
        'E4002 /productCode',
        'E4002 /hazard',
        'E4002 /evidence',
        'E4002 /actionsRequired',
      ]);
    }),
    make(RAISE, 'raise.E2005.issuer-region', ['§8.5 E2005', '§2 region-scope'], 'an issuerRegion outside the scope', async (ctx) => {
      expectFieldErrors(ctx.v, await raise(me(ctx), await raiseBody(ctx, me(ctx), { issuerRegion: ctx.factory.otherRegion })), [
        'E2005 /issuerRegion',
      ]);
    }),
    make(RAISE, 'raise.E4012.evidence', ['§8.5 E4012', '§8.7 codes'], 'evidence naming a record never accepted', async (ctx) => {
      const evidence = [await evidenceOf(ctx, me(ctx)), { interface: 'inspections', recordId: `cf-${ctx.factory.runId}-never-sent` }];
      expectFieldErrors(ctx.v, await raise(me(ctx), await raiseBody(ctx, me(ctx), { evidence })), ['E4012 /evidence/1']);
    }),
    make(
      RAISE,
      'raise.E4005.no-failed-inspection',
      ['§8.5 E4005 evidence'],
      'a PROBLEM_PRODUCT notice whose evidence holds no FAIL inspection',
      async (ctx) => {
        expectFieldErrors(ctx.v, await raise(me(ctx), await raiseBody(ctx, me(ctx), { evidence: [await findingOf(ctx, me(ctx))] })), [
          'E4005 /evidence',
        ]);
      },
    ),
    make(RAISE, 'raise.E4005.respond-by', ['§8.5 respondBy'], 'respondBy 30 minutes after the request', async (ctx) => {
      const respondBy = new Date(ctx.client.now() + 30 * 60_000).toISOString();
      expectFieldErrors(ctx.v, await raise(me(ctx), await raiseBody(ctx, me(ctx), { respondBy })), ['E4005 /respondBy']);
    }),
    make(
      RAISE,
      'raise.error-order',
      ['§8.4 E4000', '§8.5 E4012', '§8.5 E4005 evidence', '§8.5 respondBy'],
      'a field error, E4012, then the two E4005 rules in the order written',
      async (ctx) => {
        const body = await raiseBody(ctx, me(ctx), {
          severity: 'URGENT',
          evidence: [{ interface: 'batches', recordId: `cf-${ctx.factory.runId}-never-sent` }],
          respondBy: new Date(ctx.client.now() + 10 * 60_000).toISOString(),
        });
        expectFieldErrors(ctx.v, await raise(me(ctx), body), [
          'E4001 /severity',
          'E4012 /evidence/0',
          'E4005 /evidence',
          'E4005 /respondBy',
        ]);
      },
    ),
    make(
      RAISE,
      'raise.default-respond-by',
      ['§8.5 respondBy', '§8.1 served'],
      'without respondBy the notice is due 72 hours after it was raised',
      async (ctx) => {
        const { notice } = await servedNotice(ctx);
        const due = Date.parse(String(notice.respondBy));
        const expected = ctx.client.now() + 72 * 3600_000;
        ctx.v.ok(
          'respondBy',
          Math.abs(due - expected) < 10 * 60_000,
          `about ${new Date(expected).toISOString()}`,
          describe(notice.respondBy),
        );
      },
      TWO,
    ),
    chain('trace-code', 'another province’s batch of the lot adds that province', async (ctx, trace, _a, b) => {
      await deliver(ctx, b, 'batches', [{ ...b.factory.valid('batches'), traceCode: trace }]);
    }),
    chain('parent-trace-code', 'another province’s trade of a lot cut from it adds that province', async (ctx, trace, _a, b) => {
      await deliver(ctx, b, 'trades', [{ ...b.factory.valid('trades'), parentTraceCode: trace }]);
    }),
    chain(
      'through-raiser-trade',
      'a lot the raiser cut from it, held in another province, adds that province',
      async (ctx, trace, a, b) => {
        const cut = a.factory.traceCode('05');
        await deliver(ctx, a, 'trades', [{ ...a.factory.valid('trades'), traceCode: cut, parentTraceCode: trace }]);
        await deliver(ctx, b, 'entries', [{ ...b.factory.valid('entries'), traceCode: cut }]);
      },
    ),
    chain('transport', 'another province’s transport carrying the lot adds that province', async (ctx, trace, _a, b) => {
      await deliver(ctx, b, 'transports', [{ ...b.factory.valid('transports'), traceCodes: [b.factory.traceCode('09'), trace] }]);
    }),
    chain(
      'certificate',
      'an entry made on the lot’s certificate, whose lot another province holds, adds that province',
      async (ctx, trace, a, b) => {
        const cert = { ...a.factory.valid('certificates'), traceCode: trace };
        const entered = a.factory.traceCode('04');
        await deliver(ctx, a, 'certificates', [cert]);
        await deliver(ctx, a, 'entries', [
          { ...a.factory.valid('entries'), traceCode: entered, originCertificateNo: (cert as Record<string, unknown>).certificateNo },
        ]);
        await deliver(ctx, b, 'batches', [{ ...b.factory.valid('batches'), traceCode: entered }]);
      },
    ),
    make(
      RAISE,
      'raise.chain.latest-version',
      ['§8.5 target-extension', '§8.6 latest-version'],
      'a record whose latest version left the lot does not count',
      async (ctx) => {
        const a = me(ctx);
        const b = other(ctx);
        const trace = a.factory.traceCode();
        const evidence = failedInspection(a, trace);
        await deliver(ctx, a, 'inspections', [evidence]);
        const v1 = { ...b.factory.valid('batches'), traceCode: trace };
        await deliver(ctx, b, 'batches', [v1]);
        await deliver(ctx, b, 'batches', [{ ...v1, version: 2, traceCode: b.factory.traceCode(), reportedAt: b.factory.now() }]);
        await expectExtended(
          ctx,
          await raiseBody(ctx, a, { traceCodes: [trace], evidence: [{ interface: 'inspections', recordId: evidence.recordId }] }),
          false,
        );
      },
      TWO,
    ),
    ...authCases({
      prefix: 'notices.raise',
      endpoint: RAISE,
      clauses: ['§8 signed'],
      request: (ctx) => ({
        method: 'POST',
        path: '/notices',
        body: { clientNoticeId: `cf-${ctx.factory.runId}-auth${ctx.factory.next()}` },
      }),
    }),
  ];
}

/** National §8: the feed, one notice, answers and raised notices. */
export function noticeCases(): ConformanceCase[] {
  return [...feedCases(), ...getCases(), ...respondCases(), ...raiseCases()];
}
