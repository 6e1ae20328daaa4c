import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createNationalClient } from '../../src/national/client';
import { silentLogger } from '../../src/log';
import { clientNoticeIdFor, proposeFromInspections, sendConfirmedRaised } from '../../src/notices/raise';
import { runNoticeRound } from '../../src/notices/notice-round';
import { decideRaisedNotice, getRaisedNotice } from '../../src/db/queries/raised-notices';
import { openNoticesCovering } from '../../src/db/queries/notices';
import { insertNationalRecord, traceCode } from './support';

const ORIGIN = 'http://ntp.raise.test';
const LOT = traceCode('05', 71);
const PARENT = traceCode('01', 70, '330102');
const SOLD = traceCode('05', 72);

describe('raising notices from failed inspections', () => {
  let t: TestDatabase;
  const client = createNationalClient({ baseUrl: `${ORIGIN}/ntp/v1`, appKey: 'gs-prov', appSecret: 'secret', signMethod: 'HMAC-SHA256' });
  const log = silentLogger();
  const ids = async (recordId: string) =>
    (await t.db.query(`SELECT id FROM national_records WHERE record_id = $1`, [recordId])).rows.map((r) => Number(r.id));

  beforeAll(async () => {
    nock.disableNetConnect();
    t = await createTestDatabase();
    // The lot was sold from a batch produced in Zhejiang; part of it was sold on and carried to Sichuan.
    await insertNationalRecord(t.db, 'batches', 'r-b1', {
      traceCode: PARENT,
      subjectCode: '91350100M000100Y43',
      productCode: 'VEG_LEAFY',
      originRegionCode: '330102',
      regionCode: '620102',
    });
    await insertNationalRecord(t.db, 'trades', 'r-t1', {
      traceCode: LOT,
      parentTraceCode: PARENT,
      productCode: 'VEG_LEAFY',
      regionCode: '620102',
    });
    await insertNationalRecord(t.db, 'trades', 'r-t2', {
      traceCode: SOLD,
      parentTraceCode: LOT,
      productCode: 'VEG_LEAFY',
      regionCode: '510104',
    });
    await insertNationalRecord(t.db, 'inspections', 'r-i1', {
      traceCode: LOT,
      inspectionNo: 'JC-1',
      method: 'LAB',
      agency: '甘肃省检测中心',
      regionCode: '620102',
      conclusion: 'FAIL',
      items: [{ itemCode: 'CHLORPYRIFOS', value: 0.5, limit: 0.02, unit: 'mg/kg', result: 'FAIL' }],
    });
    await insertNationalRecord(t.db, 'inspections', 'r-i2', {
      traceCode: LOT,
      inspectionNo: 'JC-2',
      regionCode: '620102',
      conclusion: 'PASS',
      items: [],
    });
    await insertNationalRecord(
      t.db,
      'inspections',
      'r-i3',
      { traceCode: LOT, inspectionNo: 'JC-3', regionCode: '620102', conclusion: 'FAIL', items: [] },
      { state: 'rejected' },
    );
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await t?.drop();
  });

  it('proposes one notice per accepted FAIL inspection, with the regions its chain reaches outside the scope', async () => {
    const all = [...(await ids('r-i1')), ...(await ids('r-i2')), ...(await ids('r-i3')), ...(await ids('r-b1'))];
    expect(await proposeFromInspections(t.db, all, { mode: 'propose', regionScope: '62', log })).toEqual([clientNoticeIdFor('r-i1')]);
    // The same receipt looked at again proposes nothing new.
    expect(await proposeFromInspections(t.db, all, { mode: 'propose', regionScope: '62', log })).toEqual([]);
    const p = (await getRaisedNotice(t.db, clientNoticeIdFor('r-i1')))!;
    expect(p.state).toBe('proposed');
    expect(p.body).toMatchObject({
      kind: 'PROBLEM_PRODUCT',
      issuerRegion: '620102',
      traceCodes: [LOT],
      productCode: 'VEG_LEAFY',
      subjectCode: '91350100M000100Y43',
      testItem: 'CHLORPYRIFOS',
      evidence: [{ interface: 'inspections', recordId: 'r-i1' }],
      targetRegions: ['330102', '510104'],
      actionsRequired: ['TRACE', 'OFF_SHELF'],
    });
    expect(p.body.hazard).toContain('CHLORPYRIFOS 0.5 mg/kg (limit 0.02)');
    // A proposal is not sent until an operator confirms it.
    expect(await sendConfirmedRaised({ db: t.db, client, log })).toEqual({ accepted: [], refused: [] });
  });

  it('sends a confirmed notice with the same id and bytes until the platform accepts it, then it covers its lot', async () => {
    await decideRaisedNotice(t.db, clientNoticeIdFor('r-i1'), 'confirmed', 'ops-alice');
    const bodies: string[] = [];
    nock(ORIGIN)
      .post('/ntp/v1/notices')
      .reply(500, (_u, b) => (bodies.push(JSON.stringify(b)), { code: 'E9000', message: 'platform error' }));
    expect(await sendConfirmedRaised({ db: t.db, client, log })).toEqual({ accepted: [], refused: [] });
    await t.db.query(`UPDATE raised_notices SET next_attempt_at = now()`);
    nock(ORIGIN)
      .post('/ntp/v1/notices')
      .reply(
        201,
        (_u, b) => (
          bodies.push(JSON.stringify(b)),
          { code: '0', noticeId: 'NT20261205300001', clientNoticeId: clientNoticeIdFor('r-i1'), targetRegions: ['330102', '510104', '44'] }
        ),
      );
    expect(await sendConfirmedRaised({ db: t.db, client, log })).toEqual({ accepted: [clientNoticeIdFor('r-i1')], refused: [] });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
    expect(await getRaisedNotice(t.db, clientNoticeIdFor('r-i1'))).toMatchObject({
      state: 'accepted',
      noticeId: 'NT20261205300001',
      targetRegions: ['330102', '510104', '44'],
    });
    expect((await openNoticesCovering(t.db, [LOT])).map((n) => n.noticeId)).toEqual(['NT20261205300001']);
  });

  it('a round does nothing while another process holds the notices lock', async () => {
    const holder = await t.db.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtext($1))', [`trace-gateway:notices:${t.schema}`]);
      const r = await runNoticeRound({ db: t.db, schema: t.schema, client, log });
      expect(r.ran).toBe(false);
    } finally {
      await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [`trace-gateway:notices:${t.schema}`]);
      holder.release();
    }
  });
});
