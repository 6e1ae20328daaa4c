import { describe, expect, it } from 'vitest';
import { NATIONAL_INTERFACES } from '../../../src/national/types';
import type { NationalAnswer } from '../../../src/national/answer';
import { batchBody, GS, LZ, newBatchId, rec, startMock } from './helpers';

function receiptOf(answer: NationalAnswer) {
  if (answer.kind !== 'receipt') throw new Error(`expected a receipt, got ${JSON.stringify(answer)}`);
  return answer.receipt;
}

const statuses = (answer: NationalAnswer) => receiptOf(answer).results.map((r) => r.status);

describe('batch upload', () => {
  it.each(NATIONAL_INTERFACES)('accepts a valid %s record and stores it', async (iface) => {
    const { client, mock } = await startMock();
    const record = rec(iface, { recordId: `${iface}-1` });
    const receipt = receiptOf(await client().postBatch(iface, batchBody(newBatchId(), [record])));
    expect(receipt).toMatchObject({ code: '0', accepted: 1, duplicate: 0, rejected: 0 });
    expect(receipt.results).toEqual([{ index: 0, recordId: `${iface}-1`, status: 'ACCEPTED' }]);
    expect(mock.storedRecord(GS.appKey, iface, `${iface}-1`)).toMatchObject({ version: 1, record });
  });

  it('gives one result per record, in order, and one bad record rejects only itself', async () => {
    const { client } = await startMock();
    const records = [
      rec('batches', { recordId: 'b-1' }),
      rec('batches', { recordId: 'b-2', quantity: -1 }),
      rec('batches', { recordId: 'b-3', regionCode: '110101' }),
      rec('batches', { recordId: 'b-4', colour: 'green' }),
      rec('batches', { recordId: 'b-5' }),
    ];
    const receipt = receiptOf(await client().postBatch('batches', batchBody(newBatchId(), records)));
    expect(receipt.results.map((r) => [r.index, r.recordId, r.status])).toEqual([
      [0, 'b-1', 'ACCEPTED'],
      [1, 'b-2', 'REJECTED'],
      [2, 'b-3', 'REJECTED'],
      [3, 'b-4', 'REJECTED'],
      [4, 'b-5', 'ACCEPTED'],
    ]);
    expect(receipt).toMatchObject({ accepted: 2, duplicate: 0, rejected: 3 });
    expect(receipt.results[1].errors).toEqual([expect.objectContaining({ code: 'E4001', path: '/quantity' })]);
    expect(receipt.results[2].errors).toEqual([expect.objectContaining({ code: 'E2005', path: '/regionCode' })]);
    expect(receipt.results[3].errors).toEqual([expect.objectContaining({ code: 'E4006', path: '/colour' })]);
  });

  it('checks the region scope of each appKey', async () => {
    const { client } = await startMock();
    // 620502 (Tianshui) is inside GS's scope 62, outside LZ's 6201 (Lanzhou).
    const record = rec('subjects', { recordId: 's-scope', regionCode: '620502' });
    expect(statuses(await client(GS).postBatch('subjects', batchBody(newBatchId(), [record])))).toEqual(['ACCEPTED']);
    const lz = receiptOf(await client(LZ).postBatch('subjects', batchBody(newBatchId(), [record])));
    expect(lz.results[0]).toMatchObject({ status: 'REJECTED', errors: [{ code: 'E2005', path: '/regionCode' }] });
  });

  it('rejects a record that is not an object', async () => {
    const { client } = await startMock();
    const receipt = receiptOf(await client().postBatch('trades', batchBody(newBatchId(), ['text', rec('trades')])));
    expect(receipt.results[0]).toMatchObject({ index: 0, status: 'REJECTED', errors: [{ code: 'E4001' }] });
    expect(receipt.results[1].status).toBe('ACCEPTED');
  });

  it('counts decimals as written in the body text', async () => {
    const { client } = await startMock();
    const text = batchBody(newBatchId(), [rec('batches', { recordId: 'dec-1', quantity: 1 })]).replace('"quantity":1', '"quantity":8.3300');
    const receipt = receiptOf(await client().postBatch('batches', text));
    expect(receipt.results[0]).toMatchObject({ status: 'REJECTED', errors: [{ code: 'E4001', path: '/quantity' }] });
  });
});

describe('versions (§3.1, §7.7, §7.8)', () => {
  const send = async (c: ReturnType<Awaited<ReturnType<typeof startMock>>['client']>, text: string) =>
    statuses(await c.postBatch('trades', text));

  it('keeps the latest version and answers every rule of the table', async () => {
    const { client, mock } = await startMock();
    const c = client();
    const v1 = rec('trades', { recordId: 't-1', version: 1 });
    const v2 = rec('trades', { recordId: 't-1', version: 2, unitPrice: 2, amount: 2 * (v1.quantity as number) });
    expect(await send(c, batchBody(newBatchId(), [v1]))).toEqual(['ACCEPTED']); // no stored record
    expect(await send(c, batchBody(newBatchId(), [v1]))).toEqual(['DUPLICATE']); // same version, identical
    expect(await send(c, batchBody(newBatchId(), [v2]))).toEqual(['ACCEPTED']); // higher version
    expect(mock.storedRecord(GS.appKey, 'trades', 't-1')?.version).toBe(2);
    const lower = receiptOf(await c.postBatch('trades', batchBody(newBatchId(), [v1])));
    expect(lower.results[0]).toMatchObject({ status: 'REJECTED', errors: [{ code: 'E4009', path: '/version' }] });
    const changed = { ...v2, reportedAt: '2024-06-13T08:00:00+08:00' };
    const conflict = receiptOf(await c.postBatch('trades', batchBody(newBatchId(), [changed])));
    expect(conflict.results[0]).toMatchObject({ status: 'REJECTED', errors: [{ code: 'E4009' }] });
    expect(mock.storedRecord(GS.appKey, 'trades', 't-1')?.record).toEqual(v2);
  });

  it('compares canonical text: key order and whitespace do not matter, scalar spelling does', async () => {
    const { client } = await startMock();
    const c = client();
    const v1 = rec('batches', { recordId: 'canon-1', quantity: 1.5 });
    expect(statuses(await c.postBatch('batches', batchBody(newBatchId(), [v1])))).toEqual(['ACCEPTED']);
    const reordered = Object.fromEntries(Object.entries(v1).reverse());
    const spaced = JSON.stringify({ batchId: newBatchId(), records: [reordered] }, null, 2);
    expect(statuses(await c.postBatch('batches', spaced))).toEqual(['DUPLICATE']);
    const respelled = batchBody(newBatchId(), [v1]).replace('"quantity":1.5', '"quantity":1.50');
    const answer = receiptOf(await c.postBatch('batches', respelled));
    expect(answer.results[0]).toMatchObject({ status: 'REJECTED', errors: [{ code: 'E4009' }] });
  });

  it('applies the records of one batch in order', async () => {
    const { client, mock } = await startMock();
    const c = client();
    const v4 = rec('entries', { recordId: 'e-1', version: 4 });
    const v5 = rec('entries', { recordId: 'e-1', version: 5, quantity: 7 });
    expect(statuses(await c.postBatch('entries', batchBody(newBatchId(), [v4, v4])))).toEqual(['ACCEPTED', 'DUPLICATE']);
    expect(statuses(await c.postBatch('entries', batchBody(newBatchId(), [v5, v4])))).toEqual(['ACCEPTED', 'REJECTED']);
    expect(mock.storedRecord(GS.appKey, 'entries', 'e-1')?.version).toBe(5);
    expect(mock.acceptLog().map((e) => e.version)).toEqual([4, 5]);
  });

  it('keeps records of different appKeys and interfaces apart', async () => {
    const { client } = await startMock();
    const record = rec('subjects', { recordId: 'shared-id' });
    expect(statuses(await client(GS).postBatch('subjects', batchBody(newBatchId(), [record])))).toEqual(['ACCEPTED']);
    expect(statuses(await client(LZ).postBatch('subjects', batchBody(newBatchId(), [record])))).toEqual(['ACCEPTED']);
  });
});

describe('idempotent batchId (§3, §7.6)', () => {
  it('returns the original receipt, on any interface, whatever the content, processing nothing', async () => {
    const { client, mock } = await startMock();
    const c = client();
    const batchId = newBatchId();
    const first = receiptOf(await c.postBatch('trades', batchBody(batchId, [rec('trades', { recordId: 'i-1' })])));
    const again = receiptOf(await c.postBatch('trades', batchBody(batchId, [rec('trades', { recordId: 'i-1' })])));
    expect(again).toEqual(first);
    const other = receiptOf(await c.postBatch('subjects', batchBody(batchId, [rec('subjects', { recordId: 'i-2' })])));
    expect(other).toEqual(first);
    expect(mock.storedRecord(GS.appKey, 'subjects', 'i-2')).toBeUndefined();
    expect(mock.acceptLog()).toHaveLength(1);
    expect(mock.summary().interfaces.trades).toEqual({ accepted: 1, duplicate: 0, rejected: 0 });
  });

  it('returns the original receipt even for a body that would now be refused as a whole', async () => {
    const { client } = await startMock();
    const batchId = newBatchId();
    const first = receiptOf(await client().postBatch('trades', batchBody(batchId, [rec('trades')])));
    expect(receiptOf(await client().postBatch('trades', batchBody(batchId, [])))).toEqual(first);
  });

  it('does not use up a batchId refused with a whole-request error', async () => {
    const { client, send } = await startMock();
    const batchId = newBatchId();
    const refused = await send({ path: 'trades/batch', body: batchBody(batchId, []) });
    expect(refused.json).toMatchObject({ code: 'E1001' });
    const refusedType = await send({
      path: 'trades/batch',
      body: batchBody(batchId, [rec('trades')]),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(refusedType.status).toBe(415);
    expect(statuses(await client().postBatch('trades', batchBody(batchId, [rec('trades')])))).toEqual(['ACCEPTED']);
  });

  it('keeps batchIds per appKey', async () => {
    const { client } = await startMock();
    const batchId = newBatchId();
    const a = receiptOf(await client(GS).postBatch('trades', batchBody(batchId, [rec('trades')])));
    const b = receiptOf(await client(LZ).postBatch('trades', batchBody(batchId, [rec('trades')])));
    expect(b.receiptId).not.toBe(a.receiptId);
    expect(b.results[0].status).toBe('ACCEPTED');
  });
});
