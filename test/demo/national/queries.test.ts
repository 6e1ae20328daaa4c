import { describe, expect, it } from 'vitest';
import { NATIONAL_INTERFACES } from '../../../src/national/types';
import { batchBody, GS, LZ, newBatchId, rec, startMock } from './helpers';

describe('§4 queries', () => {
  it('returns a receipt as first returned, only to its appKey', async () => {
    const { client } = await startMock();
    const posted = await client().postBatch('trades', batchBody(newBatchId(), [rec('trades'), rec('trades', { amount: -1 })]));
    if (posted.kind !== 'receipt') throw new Error('no receipt');
    expect(await client().getReceipt(posted.receipt.receiptId)).toEqual(posted);
    expect(await client(LZ).getReceipt(posted.receipt.receiptId)).toMatchObject({ kind: 'error', status: 404, code: 'E1404' });
    expect(await client().getReceipt('no-such-receipt')).toMatchObject({ kind: 'error', status: 404, code: 'E1404' });
  });

  it('returns the latest version of a record with its scalars as written', async () => {
    let t = Date.parse('2024-06-12T00:00:00Z');
    const { client } = await startMock({ now: () => t });
    const v1 = rec('batches', { recordId: 'q-1', version: 1 });
    await client().postBatch('batches', batchBody(newBatchId(), [v1]));
    t += 60_000;
    const v2text = batchBody(newBatchId(), [{ ...v1, version: 2, quantity: 1 }]).replace('"quantity":1', '"quantity":8.330');
    await client().postBatch('batches', v2text);
    const answer = await client().getRecord('batches', 'q-1');
    expect(answer).toMatchObject({
      kind: 'ok',
      body: { code: '0', version: 2, receivedAt: '2024-06-12T08:01:00.000+08:00', record: { recordId: 'q-1', version: 2 } },
    });
    expect(await client().getRecord('batches', 'nothing')).toMatchObject({ kind: 'error', status: 404, code: 'E1404' });
    expect(await client(LZ).getRecord('batches', 'q-1')).toMatchObject({ kind: 'error', code: 'E1404' });
  });

  it('keeps 8.330 as written in the record answer', async () => {
    const { client, send } = await startMock();
    const text = batchBody(newBatchId(), [rec('batches', { recordId: 'q-2', quantity: 1 })]).replace('"quantity":1', '"quantity":8.330');
    await client().postBatch('batches', text);
    const answer = await send({ path: 'batches/records/q-2' });
    expect(answer.text).toContain('"quantity":8.330');
  });

  it('counts stats by the receive date in UTC+8', async () => {
    let t = Date.parse('2024-03-01T15:59:59Z'); // 2024-03-01 23:59:59 in UTC+8
    const { client } = await startMock({ now: () => t });
    await client().postBatch('trades', batchBody(newBatchId(), [rec('trades', { recordId: 'a' })]));
    t = Date.parse('2024-03-01T16:00:00Z'); // 2024-03-02 00:00:00 in UTC+8
    await client().postBatch('trades', batchBody(newBatchId(), [rec('trades', { recordId: 'b' }), rec('trades', { recordId: 'a' })]));
    await client().postBatch('subjects', batchBody(newBatchId(), [rec('subjects', { regionCode: '110101' })]));

    const first = await client().getStats('2024-03-01');
    expect(first).toMatchObject({ kind: 'ok', body: { code: '0', date: '2024-03-01' } });
    const counts1 = (first as { body: { counts: Record<string, unknown> } }).body.counts;
    expect(Object.keys(counts1)).toEqual([...NATIONAL_INTERFACES]);
    expect(counts1.trades).toEqual({ accepted: 1, duplicate: 0, rejected: 0 });
    const second = (await client().getStats('2024-03-02')) as { body: { counts: Record<string, unknown> } };
    expect(second.body.counts.trades).toEqual({ accepted: 1, duplicate: 1, rejected: 0 });
    expect(second.body.counts.subjects).toEqual({ accepted: 0, duplicate: 0, rejected: 1 });
    const other = (await client(LZ).getStats('2024-03-02')) as { body: { counts: Record<string, unknown> } };
    expect(other.body.counts.trades).toEqual({ accepted: 0, duplicate: 0, rejected: 0 });
  });

  it.each(['2024-3-1', '2024-02-30', 'today'])('400 E1000 for the stats date %s', async (date) => {
    const { client } = await startMock();
    expect(await client().getStats(date)).toMatchObject({ kind: 'error', status: 400, code: 'E1000' });
  });

  it('400 E1000 for stats without a date', async () => {
    const { send } = await startMock();
    expect((await send({ path: 'stats' })).json).toMatchObject({ code: 'E1000' });
  });

  it('serves the code lists with every attribute of the published list (§7.19)', async () => {
    const { client } = await startMock();
    const answer = await client().getCodeList('product-categories');
    expect(answer).toMatchObject({ kind: 'ok', body: { code: '0', name: 'product-categories', version: '1.0' } });
    const entries = (answer as { body: { entries: Record<string, unknown>[] } }).body.entries;
    expect(entries.length).toBeGreaterThan(5);
    for (const e of entries) {
      expect(e).toMatchObject({
        code: expect.any(String),
        label: expect.any(String),
        labelEn: expect.any(String),
        group: expect.any(String),
      });
      expect(typeof e.meat).toBe('boolean');
    }
    expect(entries.find((e) => e.code === 'MEAT_PORK')?.meat).toBe(true);
    expect(entries.find((e) => e.code === 'LIVE_PIG')?.meat).toBe(false);
    const commitments = await client().getCodeList('commitments');
    expect((commitments as { body: { entries: Record<string, unknown>[] } }).body.entries[0]).toMatchObject({ order: 1 });
    expect(await client().getCodeList('colours')).toMatchObject({ kind: 'error', status: 404, code: 'E1404' });
  });

  it('signs queries like uploads', async () => {
    const { send } = await startMock();
    expect((await send({ path: 'codelists/units', as: { ...GS, appSecret: 'bad' } })).json).toMatchObject({ code: 'E2001' });
  });
});
