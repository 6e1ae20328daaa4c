import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESIDENT_ID, VALID_CREDIT_CODE } from './support/fixture-source';
import { eventually, startTestGateway, type TestGateway } from './support/test-gateway';

const MASKED_ID = `${RESIDENT_ID.slice(0, 4)}${'*'.repeat(10)}${RESIDENT_ID.slice(-4)}`;

describe('quarantine: list, inspect, edit and replay through the API', () => {
  let g: TestGateway;
  const adapterId = 'fx-people';

  beforeAll(async () => {
    g = await startTestGateway();
    await g.addFixtureAdapter(adapterId);
    g.source.rows.push(
      { id: 'p1', name: '甲公司', code: VALID_CREDIT_CODE, kind: '企业', gx: '2026-01-05 08:00:01' },
      { id: 'p2', name: '乙合作社', code: VALID_CREDIT_CODE, kind: '合作社', gx: '2026-01-05 08:00:02' },
      { id: 'p3', name: '张三', code: RESIDENT_ID, kind: '散户', gx: '2026-01-05 08:00:03', idType: 'RESIDENT_ID' },
      { id: 'p4', name: '丙公司', code: VALID_CREDIT_CODE, kind: '合作社', gx: '2026-01-05 08:00:04' },
    );
    await g.gw.pullNow(adapterId);
  });
  afterAll(async () => {
    await g?.stop();
  });

  const open = async (query = '') => (await g.call('GET', `/api/quarantine${query}`, { token: g.tokens.viewer })).body;

  it('lists open entries with filters and keyset pages', async () => {
    const all = await open();
    expect(all.total).toBe(3);
    expect(all.items.map((e: any) => e.sourceKey)).toEqual(['p2', 'p3', 'p4']);
    expect(all.items[0]).toMatchObject({ adapterId, stream: 'people', interface: 'subjects', stage: 'mapping', reasons: ['UNKNOWN_CODE'] });

    const first = await open('?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBe(String(first.items[1].id));
    const second = await open(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((e: any) => e.sourceKey)).toEqual(['p4']);
    expect(second.nextCursor).toBeNull();

    expect((await open('?reason=UNKNOWN_CODE&stage=mapping')).total).toBe(3);
    expect((await open('?reason=E4003')).total).toBe(0);
    expect((await open('?adapterId=other')).total).toBe(0);
    expect((await open(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).total).toBe(0);
    expect((await g.call('GET', '/api/quarantine?stage=nowhere', { token: g.tokens.viewer })).status).toBe(400);
    expect((await g.call('GET', '/api/quarantine?limit=100000', { token: g.tokens.viewer })).status).toBe(400);
  });

  it('summarises open entries by reason', async () => {
    const s = (await g.call('GET', '/api/quarantine/summary', { token: g.tokens.viewer })).body;
    expect(s.total).toBe(3);
    expect(s.groups).toEqual([
      expect.objectContaining({ reason: 'UNKNOWN_CODE', adapterId, interface: 'subjects', stage: 'mapping', n: 3 }),
    ]);
  });

  it('shows one entry with its payload, the resident ID masked everywhere', async () => {
    const id = (await open()).items.find((e: any) => e.sourceKey === 'p3').id;
    const r = await g.call('GET', `/api/quarantine/${id}`, { token: g.tokens.viewer });
    expect(r.status).toBe(200);
    expect(r.body.payload).toMatchObject({ id: 'p3', code: MASKED_ID, kind: '散户' });
    expect(r.text).not.toContain(RESIDENT_ID);
    expect((await g.call('GET', '/api/quarantine/424242', { token: g.tokens.viewer })).status).toBe(404);
  });

  it('stores an edited payload as a new revision, keeps masked values, replays and delivers it', async () => {
    const entry = (await open()).items.find((e: any) => e.sourceKey === 'p3');
    const shown = (await g.call('GET', `/api/quarantine/${entry.id}`, { token: g.tokens.operator })).body.payload;
    const edited = { ...shown, kind: '个体农户' };
    const r = await g.call('PUT', `/api/quarantine/${entry.id}/record`, {
      token: g.tokens.operator,
      body: { payload: edited, comment: 'label fixed at source later' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ entries: 1, mapped: 1, quarantined: 0, interfaces: ['subjects'], batchedRecords: 1 });

    const stored = await g.t.db.query(`SELECT payload, ordering_key, warnings FROM source_records WHERE id = $1`, [r.body.revisionId]);
    expect(stored.rows[0].payload.code).toBe(RESIDENT_ID);
    expect(stored.rows[0].payload.kind).toBe('个体农户');
    expect(stored.rows[0].ordering_key).toBe('2026-01-05 08:00:03');
    expect(stored.rows[0].warnings[0]).toMatchObject({ code: 'OPERATOR_EDIT' });

    const state = await eventually(async () => {
      const row = (await g.t.db.query(`SELECT state FROM national_record_states WHERE record_id = 'fx:people:p3'`)).rows[0];
      return row?.state === 'accepted' ? row.state : null;
    });
    expect(state).toBe('accepted');
    expect(g.mock.storedRecord('k-ops', 'subjects', 'fx:people:p3')?.record.subjectCode).toBe(RESIDENT_ID);

    const again = await g.call('PUT', `/api/quarantine/${entry.id}/record`, { token: g.tokens.operator, body: { payload: edited } });
    expect(again.status).toBe(409);
    const audit = (await g.call('GET', '/api/events?action=quarantine:record-edited', { token: g.tokens.viewer })).body.items;
    expect(audit[0]).toMatchObject({ actor: 'ops-alice', subject: 'fx-people/people/p3' });
  });

  it('replays by ids once the translation is fixed, and records the operator', async () => {
    const before = await open();
    const p2 = before.items.find((e: any) => e.sourceKey === 'p2');
    g.source.labels.set('合作社', 'COOPERATIVE');
    const r = await g.call('POST', '/api/quarantine/replay', { token: g.tokens.operator, body: { ids: [p2.id] } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ entries: 1, mapped: 1, quarantined: 0 });
    expect((await open()).items.map((e: any) => e.sourceKey)).toEqual(['p4']);
    const events = (await g.call('GET', '/api/events?action=quarantine:replayed', { token: g.tokens.viewer })).body.items;
    expect(events[0]).toMatchObject({ actor: 'ops-alice', action: 'quarantine:replayed' });
  });

  it('replays by filter, and refuses a request that is neither ids nor filter', async () => {
    expect((await g.call('POST', '/api/quarantine/replay', { token: g.tokens.operator, body: {} })).status).toBe(400);
    expect((await g.call('POST', '/api/quarantine/replay', { token: g.tokens.operator, body: { ids: [1], filter: {} } })).status).toBe(400);
    expect(
      (await g.call('POST', '/api/quarantine/replay', { token: g.tokens.operator, body: { filter: { stage: 'bogus' } } })).status,
    ).toBe(400);
    const started = await g.call('POST', '/api/quarantine/replay', {
      token: g.tokens.operator,
      body: { filter: { adapterId, reason: 'UNKNOWN_CODE' } },
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      state: 'queued',
      filter: { adapterId, reason: 'UNKNOWN_CODE' },
      requestedBy: 'ops-alice',
      processed: 0,
    });
    expect(started.headers.get('location')).toBe(started.body.progressUrl);
    const job = await eventually(async () => {
      const j = (await g.call('GET', started.body.progressUrl, { token: g.tokens.viewer })).body;
      return j.state === 'done' ? j : undefined;
    });
    expect(job).toMatchObject({ total: 1, processed: 1, outcome: { entries: 1, mapped: 1 }, error: null });
    expect((await open()).total).toBe(0);
    const trail = (await g.call('GET', `/api/events?subject=replay:${job.id}`, { token: g.tokens.viewer })).body.items;
    expect(trail.map((e: any) => [e.action, e.actor])).toEqual([
      ['quarantine:replayed', 'ops-alice'],
      ['quarantine:replay-requested', 'ops-alice'],
    ]);
    expect((await g.call('GET', '/api/replays/999999', { token: g.tokens.viewer })).status).toBe(404);
    await eventually(async () => {
      const n = (await g.t.db.query(`SELECT count(*)::int AS n FROM national_record_states WHERE state = 'accepted'`)).rows[0].n;
      return n === 4;
    });
  });
});
