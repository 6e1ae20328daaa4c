import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSecret } from '../../src/log';
import { RESIDENT_ID, VALID_CREDIT_CODE } from './support/fixture-source';
import { eventually, startTestGateway, type TestGateway } from './support/test-gateway';

const FULL_WIDTH_ID = '６２２９２４１９７８０３１５２３１５';
const OLD_ID = '622924780315231';

describe('every API answer masks resident IDs and registered secrets', () => {
  let g: TestGateway;

  beforeAll(async () => {
    g = await startTestGateway();
    await g.addFixtureAdapter('fx-mask');
  });
  afterAll(async () => {
    await g?.stop();
  });

  it("a batch's lastError in GET /api/batches", async () => {
    g.source.rows.push({ id: 'm1', name: '甲公司', code: VALID_CREDIT_CODE, kind: '企业', gx: '2026-01-05 08:00:01' });
    await g.gw.pullNow('fx-mask');
    const batch = await eventually(
      async () => (await g.t.db.query(`SELECT batch_id FROM batches LIMIT 1`)).rows[0]?.batch_id as string | undefined,
    );
    await eventually(
      async () => (await g.t.db.query(`SELECT state FROM batches WHERE batch_id = $1`, [batch])).rows[0].state === 'delivered' || undefined,
    );
    await g.t.db.query(`UPDATE batches SET state = 'blocked', last_code = 'E1000', last_error = $2 WHERE batch_id = $1`, [
      batch,
      `refused: sfzh${RESIDENT_ID}, ${FULL_WIDTH_ID}, old ${OLD_ID}, {"idNo":${RESIDENT_ID}}`,
    ]);
    const r = await g.call('GET', '/api/batches?state=blocked', { token: g.tokens.viewer });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain(RESIDENT_ID);
    expect(r.text).not.toContain(FULL_WIDTH_ID);
    expect(r.text).not.toContain(OLD_ID);
    expect(r.body[0].lastError).toBe(
      'refused: sfzh6229**********2315, ６２２９**********２３１５, old 6229*******5231, {"idNo":6229**********2315}',
    );
  });

  it('the result of an adapter connection test', async () => {
    registerSecret('source-token-abcdef-123');
    g.source.checkResult = { ok: false, failure: 'config', message: `refused holder ${RESIDENT_ID} with token source-token-abcdef-123` };
    const r = await g.call('POST', '/api/adapters/fx-mask/test', { token: g.tokens.operator });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: false, failure: 'config', message: 'refused holder 6229**********2315 with token ***' });
  });
});
