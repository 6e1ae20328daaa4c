import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_CREDIT_CODE } from './support/fixture-source';
import { eventually, startTestGateway, type TestGateway } from './support/test-gateway';

describe('batches and reconciliation through the API', () => {
  let g: TestGateway;

  beforeAll(async () => {
    g = await startTestGateway();
    await g.addFixtureAdapter('fx-batches');
    g.source.rows.push({ id: 'b1', name: '甲公司', code: VALID_CREDIT_CODE, kind: '企业', gx: '2026-01-05 08:00:01' });
  });
  afterAll(async () => {
    await g?.stop();
  });

  it('an operator sends a blocked batch again, with the same id; the audit trail records it', async () => {
    g.mock.setFaults({ probability: 0, maintenance: null });
    // Hold the batch as refused: as if the platform had answered E1000 to it.
    await g.gw.pullNow('fx-batches');
    const batch = await eventually(
      async () => (await g.t.db.query(`SELECT batch_id FROM batches LIMIT 1`)).rows[0]?.batch_id as string | undefined,
    );
    await eventually(
      async () => (await g.t.db.query(`SELECT state FROM batches WHERE batch_id = $1`, [batch])).rows[0].state === 'delivered' || undefined,
    );
    await g.t.db.query(`UPDATE batches SET state = 'blocked', last_code = 'E1000' WHERE batch_id = $1`, [batch]);

    const listed = await g.call('GET', '/api/batches?state=blocked', { token: g.tokens.viewer });
    expect(listed.status).toBe(200);
    expect(listed.body.map((b: { batchId: string }) => b.batchId)).toEqual([batch]);
    expect((await g.call('POST', `/api/batches/${batch}/retry`, { token: g.tokens.viewer })).status).toBe(403);

    const retried = await g.call('POST', `/api/batches/${batch}/retry`, { token: g.tokens.operator });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ batchId: batch, state: 'queued' });
    // The platform knows the batchId: it answers with the original receipt, and the records are delivered.
    await eventually(
      async () => (await g.t.db.query(`SELECT state FROM batches WHERE batch_id = $1`, [batch])).rows[0].state === 'delivered' || undefined,
    );
    expect((await g.t.db.query(`SELECT state FROM national_record_states WHERE batch_id = $1`, [batch])).rows.map((r) => r.state)).toEqual([
      'accepted',
    ]);
    const events = (await g.t.db.query(`SELECT actor, action FROM events WHERE subject = $1`, [batch])).rows;
    expect(events).toHaveLength(1);
    expect(events[0].action).toBe('batch:retry');
    expect(events[0].actor).not.toBe('system');
    expect((await g.call('POST', `/api/batches/${batch}/retry`, { token: g.tokens.operator })).status).toBe(409);
    expect((await g.call('POST', '/api/batches/tg-subjects-000000000000/retry', { token: g.tokens.operator })).status).toBe(404);
  });

  it('lists reconciliation results', async () => {
    await g.t.db
      .query(`INSERT INTO reconciliations (date, interface, gateway_accepted, gateway_duplicate, platform_accepted, platform_duplicate, difference, status)
                        VALUES (current_date, 'subjects', 5, 0, 4, 0, -1, 'difference')`);
    const r = await g.call('GET', '/api/reconciliations?days=3', { token: g.tokens.viewer });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      expect.objectContaining({ interface: 'subjects', gatewayAccepted: 5, platformAccepted: 4, difference: -1, status: 'difference' }),
    ]);
  });
});
