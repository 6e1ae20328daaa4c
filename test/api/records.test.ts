import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESIDENT_ID, VALID_CREDIT_CODE } from './support/fixture-source';
import { eventually, startTestGateway, type TestGateway } from './support/test-gateway';

describe('records and lineage', () => {
  let g: TestGateway;
  const adapterId = 'fx-people';

  beforeAll(async () => {
    g = await startTestGateway();
    await g.addFixtureAdapter(adapterId);
    for (let i = 1; i <= 5; i++)
      g.source.rows.push({ id: `r${i}`, name: `公司${i}`, code: VALID_CREDIT_CODE, kind: '企业', gx: `2026-01-05 08:00:0${i}` });
    g.source.rows.push({
      id: 'farmer',
      name: '张三',
      code: RESIDENT_ID,
      kind: '个体农户',
      gx: '2026-01-05 08:00:06',
      idType: 'RESIDENT_ID',
    });
    g.source.rows.push({ id: 'bad', name: '丁公司', code: VALID_CREDIT_CODE, kind: '未知', gx: '2026-01-05 08:00:07' });
    await g.gw.pullNow(adapterId);
    // A second revision of r1: a new version of the same record.
    g.source.rows.push({ id: 'r1', name: '公司1（更名）', code: VALID_CREDIT_CODE, kind: '企业', gx: '2026-01-05 09:00:00' });
    await eventually(
      async () => (await g.t.db.query(`SELECT count(*)::int AS n FROM national_record_states WHERE state = 'accepted'`)).rows[0].n === 6,
    );
    await g.gw.pullNow(adapterId);
    await eventually(
      async () => (await g.t.db.query(`SELECT count(*)::int AS n FROM national_record_states WHERE state = 'accepted'`)).rows[0].n === 7,
    );
  });
  afterAll(async () => {
    await g?.stop();
  });

  const get = async (path: string) => {
    const r = await g.call('GET', path, { token: g.tokens.viewer });
    expect(r.status, `${path}: ${r.text}`).toBe(200);
    return r.body;
  };

  it('pages record versions newest first with a keyset cursor, never unbounded', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/api/records?interface=subjects&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((r: any) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    const r1 = await get('/api/records?recordId=fx:people:r1');
    expect(r1.items.map((r: any) => [r.version, r.state])).toEqual([
      [2, 'accepted'],
      [1, 'accepted'],
    ]);
    expect((await get('/api/records?state=pending')).items).toEqual([]);
    expect((await g.call('GET', '/api/records?limit=501', { token: g.tokens.viewer })).status).toBe(400);
    expect((await g.call('GET', '/api/records?unknown=1', { token: g.tokens.viewer })).status).toBe(400);
  });

  it('shows a record lineage: source revisions, every version with its body, batch and receipt', async () => {
    const l = await get('/api/lineage?recordId=fx:people:r1');
    expect(l.records).toHaveLength(1);
    const rec = l.records[0];
    expect(rec.source).toMatchObject({ adapterId, stream: 'people', sourceKey: 'r1' });
    expect(rec.source.revisions.map((r: any) => r.payload.name)).toEqual(['公司1（更名）', '公司1']);
    const versions = rec.national[0].versions;
    expect(versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect(versions[0].body).toMatchObject({ recordId: 'fx:people:r1', version: 2, name: '公司1（更名）' });
    expect(versions[0].batch).toMatchObject({ state: 'delivered', receipt: { accepted: expect.any(Number) } });
    // The batch stored its receipt without the plain acceptances; the member's is given back at its position.
    expect(versions[0].receiptResult).toEqual({ index: expect.any(Number), recordId: 'fx:people:r1', status: 'ACCEPTED' });
    const stored = await g.t.db.query('SELECT receipt FROM batches WHERE batch_id = $1', [versions[0].batch.batchId]);
    expect(stored.rows[0].receipt).toMatchObject({ results: [], acceptedResultsOmitted: versions[0].batch.receipt.accepted });
    expect(versions[1].batch.batchId).not.toBe(versions[0].batch.batchId);
  });

  it('finds the same lineage by source key and by batch, and masks resident IDs', async () => {
    const bySource = await get(`/api/lineage?adapterId=${adapterId}&sourceKey=farmer`);
    const text = JSON.stringify(bySource);
    expect(text).not.toContain(RESIDENT_ID);
    expect(bySource.records[0].source.revisions[0].payload.code).toBe('6229**********2315');
    expect(bySource.records[0].national[0].versions[0].body.subjectCode).toBe('6229**********2315');
    const batchId = bySource.records[0].national[0].versions[0].batch.batchId;
    const byBatch = await get(`/api/lineage?batchId=${batchId}`);
    expect(byBatch.batch).toMatchObject({ batchId, state: 'delivered' });
    expect(byBatch.records.map((r: any) => r.source.sourceKey)).toContain('farmer');
  });

  it('includes quarantine errors of a record that never got a version', async () => {
    const l = await get(`/api/lineage?adapterId=${adapterId}&sourceKey=bad`);
    expect(l.records[0].national).toEqual([]);
    expect(l.records[0].quarantine[0]).toMatchObject({ stage: 'mapping', reasons: ['UNKNOWN_CODE'], resolvedAt: null });
  });

  it('needs exactly one selector', async () => {
    expect((await g.call('GET', '/api/lineage', { token: g.tokens.viewer })).status).toBe(400);
    expect((await g.call('GET', '/api/lineage?recordId=a&batchId=b', { token: g.tokens.viewer })).status).toBe(400);
    expect((await g.call('GET', '/api/lineage?sourceKey=x', { token: g.tokens.viewer })).status).toBe(400);
    expect((await g.call('GET', '/api/lineage?recordId=nothing-here', { token: g.tokens.viewer })).status).toBe(404);
  });
});
