import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createNationalClient } from '../../src/national/client';
import { createLogger } from '../../src/log';
import { runNoticeRound } from '../../src/notices/notice-round';
import { closeCaseWithAnswer, recordCaseAction } from '../../src/notices/cases';

/** An operator's token, as the API passes it. */
const OPS = { tokenId: null, name: 'token:ops' };
import { noticeChain } from '../../src/notices/chain';
import { getNoticeCase, noticeResponses } from '../../src/db/queries/notices';
import { insertNationalRecord, notice, traceCode } from './support';

const ORIGIN = 'http://ntp.notices.test';
const BATCH = traceCode('01', 1);
const TICKET = traceCode('05', 2);
const TICKET_2 = traceCode('05', 3);
const ENTRY = traceCode('04', 4);
const LONELY = traceCode('05', 5);
const WAITING = traceCode('01', 6);
const NOWHERE = traceCode('01', 7);

describe('a round of notices: feed, acknowledgements, TRACE-only answers, cases, outbox', () => {
  let t: TestDatabase;
  const client = createNationalClient({ baseUrl: `${ORIGIN}/ntp/v1`, appKey: 'gs-prov', appSecret: 'secret', signMethod: 'HMAC-SHA256' });
  const log = createLogger({ level: 'error' });
  const posted: Array<{ noticeId: string; body: any }> = [];
  const round = (now?: number) =>
    runNoticeRound({ db: t.db, schema: t.schema, client, log, pageLimit: 50, ...(now ? { now: () => now } : {}) });
  const acceptResponses = () =>
    nock(ORIGIN)
      .persist()
      .post(/\/ntp\/v1\/notices\/NT\d+\/responses/)
      .reply(function (uri, body) {
        const noticeId = uri.split('/')[4]!;
        posted.push({ noticeId, body });
        return [200, { code: '0', noticeId, responseId: (body as any).responseId, receivedAt: '2026-12-05T10:31:00+08:00' }];
      });

  beforeAll(async () => {
    nock.disableNetConnect();
    t = await createTestDatabase();
    // The chain of BATCH: batch, its certificate and inspection, a trade sold from it, a trade sold
    // from that, an entry by the certificate, a transport carrying the ticket.
    await insertNationalRecord(t.db, 'batches', 'b1', { traceCode: BATCH, subjectCode: 'S1', quantity: 100, unit: 'KG' });
    await insertNationalRecord(t.db, 'certificates', 'c1', { traceCode: BATCH, certificateNo: 'CERT-1' });
    await insertNationalRecord(t.db, 'inspections', 'i1', { traceCode: BATCH, conclusion: 'FAIL' });
    await insertNationalRecord(t.db, 'trades', 't1', { traceCode: TICKET, parentTraceCode: BATCH, quantity: 10, unit: 'KG' });
    await insertNationalRecord(t.db, 'trades', 't2', { traceCode: TICKET_2, parentTraceCode: TICKET });
    await insertNationalRecord(t.db, 'entries', 'e1', { traceCode: ENTRY, originCertificateNo: 'CERT-1' });
    await insertNationalRecord(t.db, 'trades', 't3', { traceCode: LONELY, parentTraceCode: ENTRY });
    await insertNationalRecord(t.db, 'transports', 'w1', { waybillNo: 'W1', traceCodes: [TICKET_2, traceCode('01', 99)] });
    // Not in the chain: a trade whose latest accepted version moved to another parent; a refused record.
    await insertNationalRecord(t.db, 'trades', 't9', { traceCode: traceCode('05', 73), parentTraceCode: BATCH });
    await insertNationalRecord(t.db, 'trades', 't9', { traceCode: traceCode('05', 73), parentTraceCode: LONELY + 'x' }, { version: 2 });
    await insertNationalRecord(t.db, 'inspections', 'i-refused', { traceCode: BATCH, conclusion: 'PASS' }, { state: 'rejected' });
    // A chain still on its way: accepted batch, a pending trade.
    await insertNationalRecord(t.db, 'batches', 'b2', { traceCode: WAITING });
    await insertNationalRecord(
      t.db,
      'trades',
      't-wait',
      { traceCode: traceCode('05', 80), parentTraceCode: WAITING },
      { state: 'pending' },
    );
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await t?.drop();
  });

  it('walks the chain of §8.6 over the latest accepted versions, listing what is held back apart', async () => {
    const chain = await noticeChain(t.db, [BATCH]);
    expect(chain.records.map((r) => `${r.interface}:${r.recordId}`)).toEqual([
      'batches:b1',
      'certificates:c1',
      'entries:e1',
      'inspections:i1',
      'trades:t1',
      'trades:t2',
      'trades:t3',
      'transports:w1',
    ]);
    expect(chain.quarantined.map((r) => r.recordId)).toEqual(['i-refused']);
    expect(chain.pending).toEqual([]);
    const waiting = await noticeChain(t.db, [WAITING]);
    expect(waiting.records.map((r) => r.recordId)).toEqual(['b2']);
    expect(waiting.pending.map((r) => [r.recordId, r.state])).toEqual([['t-wait', 'pending']]);
  });

  it('acknowledges every new notice in the round that reads it and answers TRACE-only ones with their chain', async () => {
    nock(ORIGIN)
      .get('/ntp/v1/notices')
      .query({ limit: '50' })
      .reply(200, {
        code: '0',
        cursor: 'c-1',
        hasMore: true,
        notices: [
          notice({ noticeId: 'NT20261205000001', traceCodes: [BATCH] }),
          notice({ noticeId: 'NT20261205000002', traceCodes: [NOWHERE] }),
        ],
      });
    nock(ORIGIN)
      .get('/ntp/v1/notices')
      .query({ after: 'c-1', limit: '50' })
      .reply(200, {
        code: '0',
        cursor: 'c-2',
        hasMore: false,
        notices: [
          notice({ noticeId: 'NT20261205000003', traceCodes: [TICKET], actionsRequired: ['TRACE', 'OFF_SHELF', 'RECALL'], kind: 'RECALL' }),
          notice({ noticeId: 'NT20261205000004', traceCodes: [WAITING] }),
        ],
      });
    acceptResponses();
    const r = await round();
    expect(r.ran).toBe(true);
    expect(r.intake?.error).toBeNull();
    expect(r.intake?.malformed).toBe(0);
    expect(r.intake?.newNotices).toEqual(['NT20261205000001', 'NT20261205000002', 'NT20261205000003', 'NT20261205000004']);
    const acks = posted
      .filter((p) => p.body.status === 'ACKNOWLEDGED')
      .map((p) => p.noticeId)
      .sort();
    expect(acks).toEqual(['NT20261205000001', 'NT20261205000002', 'NT20261205000003', 'NT20261205000004']);
    const final1 = posted.find((p) => p.noticeId === 'NT20261205000001' && p.body.status === 'COMPLETED')!;
    expect(final1.body.findings.map((f: any) => `${f.interface}:${f.recordId}`)).toEqual([
      'batches:b1',
      'certificates:c1',
      'entries:e1',
      'inspections:i1',
      'trades:t1',
      'trades:t2',
      'trades:t3',
      'transports:w1',
    ]);
    expect(final1.body.actions).toEqual([{ action: 'TRACE', at: final1.body.respondedAt }]);
    expect(posted.find((p) => p.noticeId === 'NT20261205000002' && p.body.status !== 'ACKNOWLEDGED')?.body).toMatchObject({
      status: 'NOT_FOUND',
    });
    expect(posted.find((p) => p.noticeId === 'NT20261205000002' && p.body.status === 'NOT_FOUND')?.body.findings).toBeUndefined();
    // A chain with a record still pending waits; the case needing actions waits for operators.
    expect(posted.filter((p) => p.noticeId === 'NT20261205000004').map((p) => p.body.status)).toEqual(['ACKNOWLEDGED']);
    expect(posted.filter((p) => p.noticeId === 'NT20261205000003').map((p) => p.body.status)).toEqual(['ACKNOWLEDGED']);
    // Every answer left in the order written, each once.
    const sent = await noticeResponses(t.db, 'NT20261205000001');
    expect(sent.map((s) => [s.status, s.outcome, s.receivedAt])).toEqual([
      ['ACKNOWLEDGED', 'sent', '2026-12-05T02:31:00.000Z'],
      ['COMPLETED', 'sent', '2026-12-05T02:31:00.000Z'],
    ]);
  });

  it('answers a TRACE-only notice whose chain is still pending one hour before respondBy', async () => {
    nock(ORIGIN)
      .get('/ntp/v1/notices')
      .query({ after: 'c-2', limit: '50' })
      .times(2)
      .reply(200, { code: '0', cursor: 'c-2', hasMore: false, notices: [] });
    const before = posted.length;
    await round();
    expect(posted.length).toBe(before);
    const c = (await getNoticeCase(t.db, 'NT20261205000004'))!;
    await round(c.respondBy.getTime() - 3600_000);
    const final = posted.slice(before).find((p) => p.noticeId === 'NT20261205000004')!;
    expect(final.body.status).toBe('COMPLETED');
    expect(final.body.findings).toEqual([{ interface: 'batches', recordId: 'b2' }]);
    expect(final.body.note).toMatch(/1 record\(s\) of the chain were still on their way/);
  });

  it('an operator records actions (IN_PROGRESS once) and closes the case with the findings; closing early is refused', async () => {
    await recordCaseAction(
      t.db,
      'NT20261205000003',
      { action: 'OFF_SHELF', subjectCode: '91350100M000100Y43', quantity: 12.5, unit: 'KG', note: 'stall 14' },
      OPS,
    );
    await expect(closeCaseWithAnswer(t.db, 'NT20261205000003', OPS)).rejects.toThrow(/requires RECALL/);
    await recordCaseAction(t.db, 'NT20261205000003', { action: 'RECALL', at: '2026-12-05T11:00:00+08:00' }, OPS);
    const closed = await closeCaseWithAnswer(t.db, 'NT20261205000003', OPS, { note: 'all lots off the shelves' });
    expect(closed.answer.status).toBe('COMPLETED');
    await expect(recordCaseAction(t.db, 'NT20261205000003', { action: 'RETEST' }, OPS)).rejects.toThrow(/closed/);
    nock(ORIGIN)
      .get('/ntp/v1/notices')
      .query({ after: 'c-2', limit: '50' })
      .reply(200, { code: '0', cursor: 'c-2', hasMore: false, notices: [] });
    await round();
    const mine = posted.filter((p) => p.noticeId === 'NT20261205000003');
    expect(mine.map((p) => p.body.status)).toEqual(['ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETED']);
    expect(mine[1]!.body.actions).toEqual([
      { action: 'OFF_SHELF', at: expect.any(String), subjectCode: '91350100M000100Y43', quantity: 12.5, unit: 'KG', note: 'stall 14' },
    ]);
    expect(mine[2]!.body.findings.map((f: any) => f.recordId)).toEqual(['t1', 't2', 'w1']);
    expect(mine[2]!.body.actions.map((a: any) => a.action)).toEqual(['TRACE', 'OFF_SHELF', 'RECALL']);
    const events = await t.db.query(
      `SELECT action, actor FROM events WHERE subject = 'NT20261205000003' AND actor = 'token:ops' ORDER BY id`,
    );
    expect(events.rows).toEqual([
      { action: 'notice:action', actor: 'token:ops' },
      { action: 'notice:action', actor: 'token:ops' },
      { action: 'notice:closed', actor: 'token:ops' },
    ]);
  });

  it('a lost answer is sent again with the same id and bytes; a withdrawal cancels what has not left', async () => {
    nock.cleanAll();
    const bodies: string[] = [];
    nock(ORIGIN)
      .get('/ntp/v1/notices')
      .query({ after: 'c-2', limit: '50' })
      .reply(200, {
        code: '0',
        cursor: 'c-3',
        hasMore: false,
        notices: [notice({ noticeId: 'NT20261205000005', traceCodes: [BATCH], actionsRequired: ['TRACE', 'RETEST'] })],
      });
    nock(ORIGIN)
      .post('/ntp/v1/notices/NT20261205000005/responses')
      .reply(503, (_u, b) => (bodies.push(JSON.stringify(b)), { code: 'E9001', message: 'maintenance' }));
    await round();
    const [ack] = await noticeResponses(t.db, 'NT20261205000005');
    expect(ack).toMatchObject({ status: 'ACKNOWLEDGED', outcome: 'pending', attempts: 1 });
    await t.db.query(`UPDATE notice_responses SET next_attempt_at = now() WHERE response_id = $1`, [ack!.responseId]);
    nock(ORIGIN)
      .post('/ntp/v1/notices/NT20261205000005/responses')
      .reply(
        200,
        (_u, b) => (
          bodies.push(JSON.stringify(b)),
          { code: '0', noticeId: 'NT20261205000005', responseId: ack!.responseId, receivedAt: '2026-12-05T12:00:00+08:00' }
        ),
      );
    nock(ORIGIN)
      .get('/ntp/v1/notices')
      .query({ after: 'c-3', limit: '50' })
      .reply(200, { code: '0', cursor: 'c-3', hasMore: false, notices: [] });
    await round();
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);

    await recordCaseAction(t.db, 'NT20261205000005', { action: 'RETEST' }, OPS);
    nock(ORIGIN)
      .get('/ntp/v1/notices')
      .query({ after: 'c-3', limit: '50' })
      .reply(200, {
        code: '0',
        cursor: 'c-4',
        hasMore: false,
        notices: [
          notice({
            noticeId: 'NT20261205000006',
            kind: 'WITHDRAWN',
            supersedes: 'NT20261205000005',
            traceCodes: [BATCH],
            actionsRequired: ['TRACE', 'RETEST'],
          }),
        ],
      });
    await round();
    const rows = await noticeResponses(t.db, 'NT20261205000005');
    expect(rows.map((x) => [x.status, x.outcome])).toEqual([
      ['ACKNOWLEDGED', 'sent'],
      ['IN_PROGRESS', 'cancelled'],
    ]);
    expect((await getNoticeCase(t.db, 'NT20261205000005'))?.caseState).toBe('withdrawn');
    expect(await noticeResponses(t.db, 'NT20261205000006')).toEqual([]);
    await expect(closeCaseWithAnswer(t.db, 'NT20261205000005', OPS)).rejects.toThrow(/withdrawn/);
  });
});
