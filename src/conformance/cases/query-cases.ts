import { NATIONAL_INTERFACES, type NationalInterface } from '../../national/types';
import { answerOf, bodyOf, expectRequestError, RFC3339, sameJson } from '../checks';
import type { CaseContext } from '../context';
import { describe } from '../verify';
import type { ConformanceCase } from '../types';
import { authCases } from './auth-cases';
import { copyRecord, freshBatch, uploadExpect } from './helpers';
import type { MutableRecord } from '../mutations/mutation';

/** GET /receipts/{receiptId} and GET /{interface}/records/{recordId} (§4). */
export function receiptAndRecordCases(): ConformanceCase[] {
  return [
    {
      id: 'receipts.get.valid',
      endpoint: 'GET /receipts/{receiptId}',
      clauses: ['§4 receipts', '§4 signed'],
      title: 'the receipt of a batch, as first returned',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades', 2);
        batch.records[1].amount = 1;
        const receipt = await uploadExpect(ctx, 'trades', batch, ['ACCEPTED', [{ code: 'E4005', path: '/amount' }]]);
        const res = await ctx.client.get(`/receipts/${encodeURIComponent(receipt.receiptId)}`);
        ctx.v.equal('answer', '200 0', answerOf(res));
        ctx.v.ok('receipt', sameJson(receipt, res.json), describe(receipt), describe(res.json));
      },
    },
    {
      id: 'receipts.get.E1404',
      endpoint: 'GET /receipts/{receiptId}',
      clauses: ['§4 receipts'],
      title: 'an unknown receiptId',
      run: async (ctx) => expectRequestError(ctx.v, await ctx.client.get(`/receipts/cf-unknown-${ctx.factory.runId}`), 404, 'E1404'),
    },
    ...authCases({
      prefix: 'receipts.get',
      endpoint: 'GET /receipts/{receiptId}',
      clauses: ['§4 signed'],
      request: (ctx) => ({ method: 'GET', path: `/receipts/cf-unknown-${ctx.factory.runId}` }),
    }),
    ...NATIONAL_INTERFACES.flatMap((iface) => recordQueryCases(iface)),
    {
      id: 'records.get.latest-version',
      endpoint: 'GET /{interface}/records/{recordId}',
      clauses: ['§4 records', '§3.1 higher-version'],
      title: 'after version 2, the record query answers version 2',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades');
        await uploadExpect(ctx, 'trades', batch, ['ACCEPTED']);
        const v2 = { ...copyRecord(batch.records[0]), version: 2, quantity: 4, amount: 10, reportedAt: ctx.factory.now() };
        await uploadExpect(ctx, 'trades', { batchId: ctx.factory.batchId(), records: [v2] }, ['ACCEPTED']);
        await expectStoredRecord(ctx, 'trades', v2, 2);
      },
    },
    {
      id: 'records.get.E1004.unknown-interface',
      endpoint: 'GET /{interface}/records/{recordId}',
      clauses: ['§3.2 E1004', '§4 records'],
      title: 'GET /fruits/records/{id}',
      run: async (ctx) => expectRequestError(ctx.v, await ctx.client.get(`/fruits/records/cf-${ctx.factory.runId}`), 404, 'E1004'),
    },
    ...authCases({
      prefix: 'records.get',
      endpoint: 'GET /{interface}/records/{recordId}',
      clauses: ['§4 signed'],
      request: (ctx) => ({ method: 'GET', path: `/trades/records/cf-unknown-${ctx.factory.runId}` }),
    }),
  ];
}

async function expectStoredRecord(ctx: CaseContext, iface: NationalInterface, record: MutableRecord, version: number): Promise<void> {
  const res = await ctx.client.get(`/${iface}/records/${encodeURIComponent(String(record.recordId))}`);
  ctx.v.equal('answer', '200 0', answerOf(res));
  const body = bodyOf(res);
  ctx.v.equal('version', version, body.version);
  ctx.v.ok('record', sameJson(record, body.record), describe(record), describe(body.record));
  ctx.v.ok(
    'receivedAt',
    typeof body.receivedAt === 'string' && RFC3339.test(body.receivedAt),
    'an RFC 3339 timestamp',
    describe(body.receivedAt),
  );
}

function recordQueryCases(iface: NationalInterface): ConformanceCase[] {
  return [
    {
      id: `records.get.${iface}.valid`,
      endpoint: 'GET /{interface}/records/{recordId}',
      clauses: ['§4 records', '§4 signed'],
      title: `a stored ${iface} record: record, version, receivedAt`,
      run: async (ctx) => {
        const batch = freshBatch(ctx, iface);
        await uploadExpect(ctx, iface, batch, ['ACCEPTED']);
        await expectStoredRecord(ctx, iface, batch.records[0], 1);
      },
    },
    {
      id: `records.get.${iface}.E1404`,
      endpoint: 'GET /{interface}/records/{recordId}',
      clauses: ['§4 records'],
      title: `an unknown ${iface} recordId`,
      run: async (ctx) =>
        expectRequestError(ctx.v, await ctx.client.get(`/${iface}/records/cf-unknown-${ctx.factory.runId}`), 404, 'E1404'),
    },
  ];
}
