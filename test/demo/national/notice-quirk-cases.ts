import type { NoticeQuirk } from '../../../src/demo/national';
import { GS, LZ, type Running } from './helpers';
import { BJ, deliverChain, issueInput, NOTICE_CLIENTS, raiseBody, response } from './notice-fixtures';

interface Case {
  run(m: Running): Promise<unknown>;
  strict: unknown;
  quirky: unknown;
  /** The mock needs the clients of two provinces. */
  clients?: typeof NOTICE_CLIENTS;
}

const status = (a: { kind: string; status?: number; code?: string }) => (a.kind === 'ok' ? 200 : `${a.status} ${a.code}`);

/** One scenario per notice quirk of the mock (§8), observed the same way against the strict and the quirky mock. */
export const noticeQuirkCases: Record<NoticeQuirk, Case> = {
  noticeFeedIgnoresScope: {
    clients: NOTICE_CLIENTS,
    run: async (m) => {
      m.mock.notices.issue(issueInput(['11']));
      const page = await m.client(GS).noticeFeed(undefined, 50);
      return page.kind === 'ok' ? page.body.notices.length : -1;
    },
    strict: 0,
    quirky: 1,
  },
  acceptForeignCursor: {
    run: async (m) => {
      const page = await m.client(GS).noticeFeed(undefined, 50);
      if (page.kind !== 'ok') return -1;
      return status(await m.client(LZ).noticeFeed(page.body.cursor, 50));
    },
    strict: '400 E1005',
    quirky: 200,
  },
  allowStatusBack: {
    run: async (m) => {
      const n = m.mock.notices.issue(issueInput(['62']));
      await m.client(GS).respondToNotice(n.noticeId, response('resp-q-back-1', 'IN_PROGRESS'));
      return status(await m.client(GS).respondToNotice(n.noticeId, response('resp-q-back-2', 'ACKNOWLEDGED')));
    },
    strict: '409 E4011',
    quirky: 200,
  },
  acceptReusedResponseId: {
    run: async (m) => {
      const n = m.mock.notices.issue(issueInput(['62']));
      await m.client(GS).respondToNotice(n.noticeId, response('resp-q-reuse-1', 'ACKNOWLEDGED'));
      return status(await m.client(GS).respondToNotice(n.noticeId, response('resp-q-reuse-1', 'IN_PROGRESS')));
    },
    strict: '409 E1409',
    quirky: 200,
  },
  answerWithdrawnNotice: {
    run: async (m) => {
      const n = m.mock.notices.issue(issueInput(['62']));
      m.mock.notices.withdraw(n.noticeId);
      return status(await m.client(GS).respondToNotice(n.noticeId, response('resp-q-wd-1', 'ACKNOWLEDGED')));
    },
    strict: '409 E4013',
    quirky: 200,
  },
  noTargetRegionExtension: {
    clients: NOTICE_CLIENTS,
    run: async (m) => {
      await deliverChain(m);
      const a = await m.client(GS).raiseNotice(raiseBody());
      return a.kind === 'ok' ? a.body.targetRegions : a;
    },
    strict: [BJ.regionScope],
    quirky: [],
  },
  noticeConflictBeforeFieldErrors: {
    run: async (m) => {
      const n = m.mock.notices.issue(issueInput(['62']));
      await m.client(GS).respondToNotice(n.noticeId, response('resp-q-ord-1', 'NOT_FOUND'));
      return status(await m.client(GS).respondToNotice(n.noticeId, response('resp-q-ord-2', 'ACKNOWLEDGED', { respondedAt: 'soon' })));
    },
    strict: '422 E4000',
    quirky: '409 E4011',
  },
  reverseNoticeFieldErrors: {
    run: async (m) => {
      const n = m.mock.notices.issue(issueInput(['62']));
      const a = await m.client(GS).respondToNotice(n.noticeId, { responseId: 'x', status: 'DONE', respondedAt: 'soon' } as never);
      return a.kind === 'error' ? a.errors?.map((e) => e.path) : a;
    },
    strict: ['/responseId', '/status', '/respondedAt'],
    quirky: ['/respondedAt', '/status', '/responseId'],
  },
};
