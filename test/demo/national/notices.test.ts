import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../../src/national/notices';
import { batchBody, GS, LZ, newBatchId, rec, startMock, type Running } from './helpers';
import { BJ, deliverChain, issueInput, LOT, NOTICE_CLIENTS, raiseBody, response, SOLD_LOT, T0 } from './notice-fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function mock(opts: Parameters<typeof startMock>[0] = {}): Promise<Running> {
  return startMock({ clients: NOTICE_CLIENTS, now: () => T0, ...opts });
}

async function feed(m: Running, who = GS, after?: string, limit = 50) {
  const answer = await m.client(who).noticeFeed(after, limit);
  if (answer.kind !== 'ok') throw new Error(`feed failed: ${JSON.stringify(answer)}`);
  return answer.body;
}

async function adminPost(m: Running, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${m.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('§8.2 the feed', () => {
  it('serves each appKey the notices whose targetRegions overlap its scope, with cursors that go on', async () => {
    const m = await mock();
    const toGansu = m.mock.notices.issue(issueInput(['62']));
    const toLanzhou = m.mock.notices.issue(issueInput(['620102']));
    const toBeijing = m.mock.notices.issue(issueInput(['11']));
    const toOtherCity = m.mock.notices.issue(issueInput(['6202']));

    const gs = await feed(m, GS);
    expect(gs.notices.map((n) => n.noticeId)).toEqual([toGansu.noticeId, toLanzhou.noticeId, toOtherCity.noticeId]);
    expect(gs.hasMore).toBe(false);
    expect(gs.malformed).toEqual([]);
    // 6201 and 62 overlap (62 is a prefix of 6201); 620102 lies inside 6201.
    expect((await feed(m, LZ)).notices.map((n) => n.noticeId)).toEqual([toGansu.noticeId, toLanzhou.noticeId]);
    expect((await feed(m, BJ)).notices.map((n) => n.noticeId)).toEqual([toBeijing.noticeId]);

    const after = await feed(m, GS, gs.cursor);
    expect(after).toMatchObject({ notices: [], hasMore: false });
    const later = m.mock.notices.issue(issueInput(['62']));
    expect((await feed(m, GS, gs.cursor)).notices.map((n) => n.noticeId)).toEqual([later.noticeId]);
    expect((await feed(m, GS, after.cursor)).notices.map((n) => n.noticeId)).toEqual([later.noticeId]);
  });

  it('pages by limit with hasMore, and an amended notice comes again with its new revision', async () => {
    const m = await mock();
    const a = m.mock.notices.issue(issueInput());
    const b = m.mock.notices.issue(issueInput());
    const c = m.mock.notices.issue(issueInput());
    const page1 = await feed(m, GS, undefined, 2);
    expect(page1.notices.map((n) => n.noticeId)).toEqual([a.noticeId, b.noticeId]);
    expect(page1.hasMore).toBe(true);
    const page2 = await feed(m, GS, page1.cursor, 2);
    expect(page2.notices.map((n) => n.noticeId)).toEqual([c.noticeId]);
    expect(page2.hasMore).toBe(false);

    const amended = m.mock.notices.amend(a.noticeId, { severity: 'CRITICAL' });
    expect(amended).toMatchObject({ noticeId: a.noticeId, revision: 2, severity: 'CRITICAL' });
    const page3 = await feed(m, GS, page2.cursor, 2);
    expect(page3.notices).toEqual([amended]);
    // An amendment that no longer reaches the scope is not served; the earlier revision stays in the feed.
    m.mock.notices.amend(b.noticeId, { targetRegions: ['11'] });
    expect((await feed(m, GS, page3.cursor)).notices).toEqual([]);
    expect((await feed(m, BJ)).notices.map((n) => [n.noticeId, n.revision])).toEqual([[b.noticeId, 2]]);
    expect((await feed(m, GS)).notices.map((n) => [n.noticeId, n.revision])).toEqual([
      [a.noticeId, 1],
      [b.noticeId, 1],
      [c.noticeId, 1],
      [a.noticeId, 2],
    ]);
  });

  it('refuses a cursor of another appKey, a made-up cursor and a limit out of 1-200 with 400 E1005', async () => {
    const m = await mock();
    m.mock.notices.issue(issueInput(['62']));
    const gsCursor = (await feed(m, GS)).cursor;
    expect(await m.client(LZ).noticeFeed(gsCursor, 50)).toMatchObject({ kind: 'error', status: 400, code: 'E1005' });
    expect(await m.client(GS).noticeFeed('not-a-cursor', 50)).toMatchObject({ kind: 'error', status: 400, code: 'E1005' });
    for (const limit of [0, 201]) {
      expect(await m.client(GS).noticeFeed(undefined, limit)).toMatchObject({ kind: 'error', status: 400, code: 'E1005' });
    }
    expect((await m.send({ path: 'notices?limit=abc' })).json).toMatchObject({ code: 'E1005' });
    expect((await m.send({ path: 'notices' })).status).toBe(200);
    expect((await feed(m, GS, undefined, 200)).notices).toHaveLength(1);
    expect((await feed(m, GS, undefined, 1)).notices).toHaveLength(1);
  });

  it('keeps notices, cursors, responses and ids across a restart (dataDir)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mock-notices-'));
    dirs.push(dataDir);
    const first = await mock({ dataDir });
    const n = first.mock.notices.issue(issueInput());
    const page = await feed(first, GS);
    const answered = await first.client(GS).respondToNotice(n.noticeId, response('resp-restart-1', 'ACKNOWLEDGED'));
    expect(answered.kind).toBe('ok');
    await first.mock.close();

    const second = await mock({ dataDir, now: () => T0 + 60_000 });
    expect(await feed(second, GS, page.cursor)).toMatchObject({ notices: [], hasMore: false });
    const again = await second.client(GS).respondToNotice(n.noticeId, response('resp-restart-1', 'ACKNOWLEDGED'));
    expect(again).toEqual(answered);
    expect(await second.client(GS).respondToNotice(n.noticeId, response('resp-restart-2', 'ACKNOWLEDGED'))).toMatchObject({ kind: 'ok' });
    const next = second.mock.notices.issue(issueInput());
    expect(next.noticeId).not.toBe(n.noticeId);
    expect(second.mock.notices.view(n.noticeId)).toMatchObject({ firstAppeared: { [GS.appKey]: expect.any(String) } });
  });
});

describe('§8.3 one notice', () => {
  it('answers the latest revision and this appKey’s responses in the order received; 404 when not served', async () => {
    const m = await mock();
    const n = m.mock.notices.issue(issueInput(['62']));
    await m.client(GS).respondToNotice(n.noticeId, response('resp-gs-0001', 'ACKNOWLEDGED'));
    await m.client(LZ).respondToNotice(n.noticeId, response('resp-lz-0001', 'IN_PROGRESS'));
    m.mock.notices.amend(n.noticeId, { hazard: 'chlorpyrifos and phorate above the limit' });
    const answer = await m.client(GS).getNotice(n.noticeId);
    expect(answer).toMatchObject({
      kind: 'ok',
      body: {
        notice: { revision: 2, hazard: 'chlorpyrifos and phorate above the limit' },
        responses: [{ responseId: 'resp-gs-0001', receivedAt: expect.any(String) }],
      },
    });
    expect(answer.kind === 'ok' && answer.body.responses).toHaveLength(1);
    expect(await m.client(BJ).getNotice(n.noticeId)).toMatchObject({ kind: 'error', status: 404, code: 'E1404' });
    expect(await m.client(GS).getNotice('NT20261205999999')).toMatchObject({ kind: 'error', status: 404, code: 'E1404' });
  });
});

describe('§8.4 answering', () => {
  it('moves statuses forward only, keeps receivedAt of a repeat, and refuses a reused responseId with 409 E1409', async () => {
    let now = T0;
    const m = await mock({ now: () => now });
    const n = m.mock.notices.issue(issueInput(['62'], { actionsRequired: ['TRACE', 'OFF_SHELF'] }));
    const c = m.client(GS);
    const ack = await c.respondToNotice(n.noticeId, response('resp-0000001', 'ACKNOWLEDGED'));
    expect(ack).toMatchObject({ kind: 'ok', status: 200, body: { code: '0', noticeId: n.noticeId, responseId: 'resp-0000001' } });
    now += 5_000;
    expect(await c.respondToNotice(n.noticeId, response('resp-0000001', 'ACKNOWLEDGED'))).toEqual(ack);
    expect(await c.respondToNotice(n.noticeId, response('resp-0000001', 'ACKNOWLEDGED', { note: 'changed' }))).toMatchObject({
      status: 409,
      code: 'E1409',
    });
    expect(await c.respondToNotice(n.noticeId, response('resp-0000002', 'ACKNOWLEDGED'))).toMatchObject({ kind: 'ok' });
    expect(await c.respondToNotice(n.noticeId, response('resp-0000003', 'IN_PROGRESS'))).toMatchObject({ kind: 'ok' });
    expect(await c.respondToNotice(n.noticeId, response('resp-0000004', 'ACKNOWLEDGED'))).toMatchObject({ status: 409, code: 'E4011' });
    expect(await c.respondToNotice(n.noticeId, response('resp-0000005', 'NOT_FOUND'))).toMatchObject({ kind: 'ok' });
    expect(await c.respondToNotice(n.noticeId, response('resp-0000006', 'NOT_FOUND'))).toMatchObject({ status: 409, code: 'E4011' });
    // Another appKey's answers are its own.
    expect(await m.client(LZ).respondToNotice(n.noticeId, response('resp-0000001', 'IN_PROGRESS'))).toMatchObject({ kind: 'ok' });
  });

  it('checks findings against the records this appKey has had accepted (E4012) and the COMPLETED rules (E4005)', async () => {
    const m = await mock();
    await deliverChain(m);
    const n = m.mock.notices.issue(issueInput(['62'], { actionsRequired: ['TRACE', 'OFF_SHELF', 'RECALL'] }));
    const c = m.client(GS);
    const bad = await c.respondToNotice(
      n.noticeId,
      response('resp-c-000001', 'COMPLETED', {
        findings: [
          { interface: 'batches', recordId: String(rec('batches').recordId) },
          { interface: 'trades', recordId: 'bj-trade-1' },
        ],
        actions: [{ action: 'OFF_SHELF', at: '2026-12-05T10:00:00+08:00', quantity: 2.5 } as never],
      }),
    );
    expect(bad).toMatchObject({ kind: 'error', status: 422, code: 'E4000' });
    expect(bad.kind === 'error' && bad.errors).toEqual([
      { code: 'E4002', path: '/actions/0/unit', message: expect.any(String) },
      { code: 'E4012', path: '/findings/1', message: expect.any(String) },
    ]);
    const noRecall = await c.respondToNotice(
      n.noticeId,
      response('resp-c-000002', 'COMPLETED', {
        findings: [{ interface: 'batches', recordId: String(rec('batches').recordId) }],
        actions: [{ action: 'OFF_SHELF', at: '2026-12-05T10:00:00+08:00', quantity: 2.5, unit: 'KG' }],
      }),
    );
    expect(noRecall.kind === 'error' && noRecall.errors).toEqual([
      { code: 'E4005', path: '/actions', message: expect.stringContaining('RECALL') },
    ]);
    // The actions of earlier accepted responses count.
    expect(
      await c.respondToNotice(
        n.noticeId,
        response('resp-c-000003', 'IN_PROGRESS', { actions: [{ action: 'RECALL', at: '2026-12-05T10:10:00+08:00' }] }),
      ),
    ).toMatchObject({ kind: 'ok' });
    const done = await c.respondToNotice(
      n.noticeId,
      response('resp-c-000004', 'COMPLETED', {
        findings: [{ interface: 'batches', recordId: String(rec('batches').recordId) }],
        actions: [{ action: 'OFF_SHELF', at: '2026-12-05T10:00:00+08:00', quantity: 2.5, unit: 'KG' }],
      }),
    );
    expect(done).toMatchObject({ kind: 'ok' });
  });

  it('answers in the order of precedence: 404, then 422, then E1409, E4013, E4011', async () => {
    const m = await mock();
    const n = m.mock.notices.issue(issueInput(['62']));
    const c = m.client(GS);
    await c.respondToNotice(n.noticeId, response('resp-p-000001', 'NOT_FOUND'));
    // Unknown notice with a bad body: 404 first.
    expect(await c.respondToNotice('NT20261205999999', { ...response('x', 'ACKNOWLEDGED') })).toMatchObject({ status: 404, code: 'E1404' });
    // Bad body after a final answer: 422 first.
    expect(await c.respondToNotice(n.noticeId, response('resp-p-000002', 'ACKNOWLEDGED', { respondedAt: 'yesterday' }))).toMatchObject({
      status: 422,
    });
    m.mock.notices.withdraw(n.noticeId);
    // Reused id with other content on a withdrawn notice after a final answer: E1409 first.
    expect(await c.respondToNotice(n.noticeId, response('resp-p-000001', 'COMPLETED', { findings: [] }))).toMatchObject({ status: 422 });
    expect(await c.respondToNotice(n.noticeId, response('resp-p-000001', 'ACKNOWLEDGED'))).toMatchObject({ status: 409, code: 'E1409' });
    // Withdrawn and after a final answer: E4013 before E4011.
    expect(await c.respondToNotice(n.noticeId, response('resp-p-000003', 'ACKNOWLEDGED'))).toMatchObject({ status: 409, code: 'E4013' });
    // The identical repeat of an accepted answer is still its 200.
    expect(await c.respondToNotice(n.noticeId, response('resp-p-000001', 'NOT_FOUND'))).toMatchObject({ kind: 'ok' });
  });

  it('refuses answers to a withdrawn notice and to the withdrawal itself with 409 E4013', async () => {
    const m = await mock();
    const n = m.mock.notices.issue(issueInput(['62']));
    const w = m.mock.notices.withdraw(n.noticeId);
    expect(w).toMatchObject({ kind: 'WITHDRAWN', supersedes: n.noticeId, revision: 1, traceCodes: n.traceCodes, respondBy: n.respondBy });
    const page = await feed(m, GS);
    expect(page.notices.map((x) => x.kind)).toEqual(['PROBLEM_PRODUCT', 'WITHDRAWN']);
    for (const id of [n.noticeId, w.noticeId]) {
      expect(await m.client(GS).respondToNotice(id, response(`resp-w-${id}`, 'ACKNOWLEDGED'))).toMatchObject({
        status: 409,
        code: 'E4013',
      });
    }
  });

  it('answers whole-request errors first: a body that is not JSON is 400 E1000', async () => {
    const m = await mock();
    const n = m.mock.notices.issue(issueInput(['62']));
    const res = await m.send({ path: `notices/${n.noticeId}/responses`, body: '{"responseId":' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'E1000' });
    const notFound = await m.send({ path: 'notices/NT20261205999999/responses', body: '[]' });
    expect(notFound.json).toMatchObject({ code: 'E1000' });
  });
});

describe('§8.5 raising a notice', () => {
  it('creates it (201), extends targetRegions with every other province in the chain, and serves it to them but not the raiser', async () => {
    const m = await mock();
    await deliverChain(m);
    const created = await m.client(GS).raiseNotice(raiseBody({ targetRegions: ['31'] }));
    expect(created).toMatchObject({
      kind: 'ok',
      status: 201,
      body: { code: '0', clientNoticeId: 'notice-gs-000001', targetRegions: ['31', '11'] },
    });
    if (created.kind !== 'ok') return;
    const again = await m.client(GS).raiseNotice(raiseBody({ targetRegions: ['31'] }));
    expect(again).toEqual({ ...created, status: 200 });
    expect(await m.client(GS).raiseNotice(raiseBody({ targetRegions: ['32'] }))).toMatchObject({ status: 409, code: 'E1409' });

    const bj = await feed(m, BJ);
    expect(bj.notices).toHaveLength(1);
    const notice: Notice = bj.notices[0];
    expect(notice).toMatchObject({
      noticeId: created.body.noticeId,
      issuerRegion: '620123',
      targetRegions: ['31', '11'],
      revision: 1,
      kind: 'PROBLEM_PRODUCT',
    });
    expect((await feed(m, GS)).notices).toEqual([]);
    expect(await m.client(GS).getNotice(created.body.noticeId)).toMatchObject({ status: 404, code: 'E1404' });
    // BJ finds its trade of the sold lot in the chain and answers.
    expect(
      await m.client(BJ).respondToNotice(
        notice.noticeId,
        response('resp-bj-00001', 'COMPLETED', {
          findings: [{ interface: 'trades', recordId: 'bj-trade-1' }],
          actions: [{ action: 'OFF_SHELF', at: '2026-12-05T11:00:00+08:00' }],
        }),
      ),
    ).toMatchObject({ kind: 'ok' });
    expect(SOLD_LOT).toHaveLength(20);
  });

  it('creates a notice reaching no other region with empty targetRegions', async () => {
    const m = await mock();
    await deliverChain(m);
    const answer = await m.client(GS).raiseNotice(raiseBody({ clientNoticeId: 'notice-gs-000002', traceCodes: ['62012301240611000276'] }));
    expect(answer).toMatchObject({ status: 201, body: { targetRegions: [] } });
  });

  it('lists field errors, E4012 for evidence, then the E4005 rules', async () => {
    const m = await mock();
    await deliverChain(m);
    const answer = await m.client(GS).raiseNotice(
      raiseBody({
        issuerRegion: '110105',
        evidence: [
          { interface: 'batches', recordId: 'gs-provincial:batches:unknown' },
          { interface: 'batches', recordId: String(rec('batches').recordId) },
        ],
        respondBy: '2026-12-05T10:30:00+08:00',
      }),
    );
    expect(answer.kind === 'error' && answer.status).toBe(422);
    expect(answer.kind === 'error' && answer.errors?.map((e) => `${e.code} ${e.path}`)).toEqual([
      'E2005 /issuerRegion',
      'E4012 /evidence/0',
      'E4005 /evidence',
      'E4005 /respondBy',
    ]);
  });
});

describe('admin endpoint', () => {
  it('issues, amends and withdraws notices over HTTP and refuses an invalid one', async () => {
    const m = await mock();
    const issued = await adminPost(m, '/admin/notices', issueInput(['62']));
    expect(issued.status).toBe(201);
    const id = issued.json.noticeId as string;
    expect(id).toMatch(/^NT20261205\d{6}$/);
    expect(issued.json).toMatchObject({
      revision: 1,
      issuedAt: '2026-12-05T10:00:00.000+08:00',
      respondBy: '2026-12-08T10:00:00.000+08:00',
    });
    expect((await adminPost(m, `/admin/notices/${id}/amend`, { severity: 'CRITICAL' })).json).toMatchObject({
      revision: 2,
      severity: 'CRITICAL',
    });
    const withdrawn = await adminPost(m, `/admin/notices/${id}/withdraw`);
    expect(withdrawn).toMatchObject({ status: 201, json: { kind: 'WITHDRAWN', supersedes: id } });
    expect((await adminPost(m, `/admin/notices/${id}/withdraw`)).status).toBe(409);
    const invalid = await adminPost(m, '/admin/notices', issueInput(['62'], { traceCodes: ['62012301240611000123'] }));
    expect(invalid).toMatchObject({ status: 400, json: { code: 'E1000', errors: [{ code: 'E4004', path: '/traceCodes/0' }] } });
    const list = (await (await fetch(`http://127.0.0.1:${m.port}/admin/notices`)).json()) as { notices: unknown[] };
    expect(list.notices).toHaveLength(2);
    expect((await fetch(`http://127.0.0.1:${m.port}/admin/notices/${id}`)).status).toBe(200);
  });
});

describe('demo notices', () => {
  it('issues a TRACE-only PROBLEM_PRODUCT and an OFF_SHELF/RECALL notice about lots the appKey delivered', async () => {
    const m = await startMock({ clients: NOTICE_CLIENTS, demoNotices: { appKey: GS.appKey, firstAfterMs: 10, tickMs: 50 } });
    await deliverChain(m);
    await m.client(GS).postBatch('trades', batchBody(newBatchId(), [rec('trades')]));
    const deadline = Date.now() + 15_000;
    while (m.mock.notices.list().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const notices = m.mock.notices.list().map((v) => v.notice);
    expect(notices.map((n) => [n.kind, n.actionsRequired])).toEqual([
      ['PROBLEM_PRODUCT', ['TRACE']],
      ['RECALL', ['TRACE', 'OFF_SHELF', 'RECALL']],
    ]);
    for (const n of notices) {
      expect(n.targetRegions).toEqual(['62']);
      expect(n.issuerRegion.slice(0, 2)).not.toBe('62');
      expect([LOT, rec('trades').traceCode]).toContain(n.traceCodes[0]);
      // Who is responsible is named by a credit code, never by a person's resident ID.
      expect(n.subjectCode === undefined || !/^\d{17}[\dX]$/.test(n.subjectCode)).toBe(true);
    }
    expect((await feed(m, GS)).notices).toHaveLength(2);
  }, 20_000);
});
