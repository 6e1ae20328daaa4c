import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeNoticeRevision } from '../../src/db/queries/notices';
import { advanceCase } from '../../src/db/queries/notices';
import { insertNationalRecord, notice, traceCode } from '../notices/support';
import { startTestGateway, type TestGateway } from './support/test-gateway';

const LOT = traceCode('01', 41);
const TICKET = traceCode('05', 42);
const RESIDENT_ID = '620102199001011234';

describe('notices API: cases, actions, closing, report, proposals', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway();
    await insertNationalRecord(g.gw.db, 'batches', 'api-b1', {
      traceCode: LOT,
      subjectCode: '91350100M000100Y43',
      productCode: 'VEG_LEAFY',
      quantity: 250,
      unit: 'KG',
      originRegionCode: '620102',
      regionCode: '620102',
    });
    await insertNationalRecord(g.gw.db, 'trades', 'api-t1', {
      traceCode: TICKET,
      parentTraceCode: LOT,
      sellerCode: '91350100M000100Y43',
      buyerCode: RESIDENT_ID,
      quantity: 20,
      unit: 'KG',
      regionCode: '620105',
    });
    await storeNoticeRevision(
      g.gw.db,
      notice({ noticeId: 'NT20261205100001', kind: 'RECALL', traceCodes: [LOT], actionsRequired: ['TRACE', 'RECALL'] }),
      'received',
    );
    await advanceCase(g.gw.db, 'NT20261205100001', 'acknowledged');
  }, 60_000);
  afterAll(async () => {
    await g?.stop();
  });

  it('lists cases and shows one with its chain; operators act and close it; viewers may only read', async () => {
    const list = await g.call('GET', '/api/notices?state=active', { token: g.tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: any) => [c.noticeId, c.caseState])).toEqual([['NT20261205100001', 'acknowledged']]);
    const one = await g.call('GET', '/api/notices/NT20261205100001', { token: g.tokens.viewer });
    expect(one.body.chain.records.map((r: any) => r.recordId)).toEqual(['api-b1', 'api-t1']);
    expect(one.body.missingActions).toEqual(['RECALL']);
    expect(one.text).not.toContain(RESIDENT_ID);

    expect(
      (await g.call('POST', '/api/notices/NT20261205100001/actions', { token: g.tokens.viewer, body: { action: 'RECALL' } })).status,
    ).toBe(403);
    const badUnit = await g.call('POST', '/api/notices/NT20261205100001/actions', {
      token: g.tokens.operator,
      body: { action: 'RECALL', quantity: 2, unit: 'kilo' },
    });
    expect([badUnit.status, badUnit.body.code]).toEqual([400, 'TG_REQUEST_INVALID']);
    const halfQuantity = await g.call('POST', '/api/notices/NT20261205100001/actions', {
      token: g.tokens.operator,
      body: { action: 'RECALL', quantity: 2 },
    });
    expect(halfQuantity.status).toBe(400);
    const early = await g.call('POST', '/api/notices/NT20261205100001/close', { token: g.tokens.operator, body: {} });
    expect([early.status, early.body.details]).toEqual([409, { missing: ['RECALL'] }]);
    const act = await g.call('POST', '/api/notices/NT20261205100001/actions', {
      token: g.tokens.operator,
      body: { action: 'RECALL', quantity: 20, unit: 'KG', note: 'recalled from buyers' },
    });
    expect(act.status).toBe(201);
    const closed = await g.call('POST', '/api/notices/NT20261205100001/close', { token: g.tokens.operator, body: { note: 'done' } });
    expect(closed.body).toMatchObject({ noticeId: 'NT20261205100001', status: 'COMPLETED', findings: 2 });
    expect((await g.call('POST', '/api/notices/NT20261205100001/close', { token: g.tokens.operator, body: {} })).status).toBe(409);
    expect((await g.call('GET', '/api/notices/NT20269999999999', { token: g.tokens.viewer })).status).toBe(404);

    // The operator's steps in the audit trail (the platform does not know this seeded notice, so its answers are refused and logged by system:notices).
    const events = await g.call('GET', '/api/events?subject=NT20261205100001&actor=ops-alice', { token: g.tokens.viewer });
    expect(events.body.items.map((e: any) => [e.action, e.actor]).reverse()).toEqual([
      ['notice:action', 'ops-alice'],
      ['notice:closed', 'ops-alice'],
    ]);
  });

  it('reports a case as JSON and as a printable page, resident IDs masked', async () => {
    const json = await g.call('GET', '/api/notices/NT20261205100001/report', { token: g.tokens.viewer });
    expect(json.status).toBe(200);
    expect(json.body.chain.records.map((r: any) => [r.recordId, r.quantity, r.unit])).toEqual([
      ['api-b1', 250, 'KG'],
      ['api-t1', 20, 'KG'],
    ]);
    expect(json.body.regions.map((r: any) => r.code)).toEqual(['620102', '620105']);
    expect(json.body.subjects.map((s: any) => s.code)).toContain('91350100M000100Y43');
    expect(json.body.actions.map((a: any) => a.action)).toEqual(['RECALL']);
    expect(json.body.answers.map((a: any) => a.status)).toEqual(['IN_PROGRESS', 'COMPLETED']);
    expect(json.text).not.toContain(RESIDENT_ID);
    const page = await g.call('GET', '/api/notices/NT20261205100001/report.html', { token: g.tokens.viewer });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('Notice NT20261205100001');
    expect(page.text).toContain('api-t1');
    expect(page.text).not.toContain(RESIDENT_ID);
    expect(page.text).not.toMatch(/<script/i);
  });

  it('lists proposals; an operator confirms one once', async () => {
    await g.gw.db.query(
      `INSERT INTO raised_notices (client_notice_id, body, evidence_record, trace_codes) VALUES ('insp-test-proposal', $1, 'inspections:i-9', $2)`,
      [
        JSON.stringify({
          clientNoticeId: 'insp-test-proposal',
          kind: 'PROBLEM_PRODUCT',
          traceCodes: [LOT],
          hazard: 'failed',
          productCode: 'VEG_LEAFY',
        }),
        [LOT],
      ],
    );
    const list = await g.call('GET', '/api/raised-notices?state=proposed', { token: g.tokens.viewer });
    expect(list.body.map((r: any) => r.clientNoticeId)).toEqual(['insp-test-proposal']);
    const ok = await g.call('POST', '/api/raised-notices/insp-test-proposal/confirm', { token: g.tokens.operator });
    expect([ok.status, ok.body.state, ok.body.decidedBy]).toEqual([200, 'confirmed', 'ops-alice']);
    expect((await g.call('POST', '/api/raised-notices/insp-test-proposal/dismiss', { token: g.tokens.operator })).status).toBe(409);
  });

  it('exports cases by state and answers by outcome as metrics', async () => {
    const m = await g.call('GET', '/metrics', { token: null });
    expect(m.text).toMatch(/^tg_notice_cases\{state="closed"\} 1$/m);
    expect(m.text).toMatch(/^tg_notice_answers\{outcome="pending"\} \d+$/m);
  });
});
