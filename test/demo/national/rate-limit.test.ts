import { describe, expect, it } from 'vitest';
import { batchBody, GS, LZ, newBatchId, rec, startMock } from './helpers';

describe('§7.5 rate limit', () => {
  it('admits N requests per sliding second per appKey, queries included, then 429 E3001 with Retry-After', async () => {
    let t = Date.parse('2024-03-01T00:00:00Z');
    const { client, send } = await startMock({ now: () => t, rateLimitPerSecond: 3 });
    const c = client();
    for (let i = 0; i < 5; i++) {
      expect((await send({ path: 'stats?date=2024-03-01', as: { ...GS, appSecret: 'bad' } })).status).toBe(401);
    }
    expect((await c.postBatch('trades', batchBody(newBatchId(), [rec('trades')]))).kind).toBe('receipt');
    t += 400;
    expect((await c.getStats('2024-03-01')).kind).toBe('ok');
    t += 400;
    expect((await c.getCodeList('units')).kind).toBe('ok');
    const refused = await send({ path: 'stats?date=2024-03-01', now: () => t });
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ code: 'E3001' });
    expect(refused.headers['retry-after']).toBe('1');
    expect((await client(LZ).getStats('2024-03-01')).kind).toBe('ok');
    t += 200; // the first request leaves the window
    expect((await c.getStats('2024-03-01')).kind).toBe('ok');
    expect(await c.getStats('2024-03-01')).toMatchObject({ kind: 'error', status: 429, code: 'E3001', retryAfterMs: 1000 });
  });

  it('defaults to 20 per second', async () => {
    const t = Date.parse('2024-03-01T00:00:00Z');
    const { client } = await startMock({ now: () => t, rateLimitPerSecond: undefined });
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push(await client().getStats('2024-03-01'));
    expect(answers.slice(0, 20).every((a) => a.kind === 'ok')).toBe(true);
    expect(answers[20]).toMatchObject({ status: 429, code: 'E3001' });
  });

  it('0 means unlimited', async () => {
    const t = Date.parse('2024-03-01T00:00:00Z');
    const { client } = await startMock({ now: () => t, rateLimitPerSecond: 0 });
    for (let i = 0; i < 30; i++) expect((await client().getStats('2024-03-01')).kind).toBe('ok');
  });
});
