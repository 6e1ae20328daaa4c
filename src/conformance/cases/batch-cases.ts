import { answerOf, bodyOf, expectOutcome, expectReceipt, expectRequestError, sameJson } from '../checks';
import { RawNumber, toJsonBuffer } from '../json-text';
import { describe } from '../verify';
import { copyRecord, FOUR_MIB, freshBatch, paddedBody, uploadExpect } from './helpers';
import type { ConformanceCase } from '../types';

const TRADES = 'POST /trades/batch' as const;

/** Batch-level rules of §3, §3.1 and §7.6–§7.8, exercised on trades (and subjects where a second interface is needed). */
export function batchCases(): ConformanceCase[] {
  return [...orderAndIdempotency(), ...refusedBatches(), ...batchIdAndShape(), ...versionDetails()];
}

function orderAndIdempotency(): ConformanceCase[] {
  return [
    {
      id: 'batch.results.order',
      endpoint: TRADES,
      clauses: ['§3 results-order', '§3 record-by-record', '§3 receipt', '§7.8 in-batch-order'],
      title: 'five mixed records come back one result each, in request order',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades', 3);
        const [a, b, c] = batch.records;
        b.amount = 9;
        c.remark = 'x';
        const d = ctx.factory.valid('trades');
        batch.records = [a, b, d, copyRecord(a), c];
        await uploadExpect(ctx, 'trades', batch, [
          'ACCEPTED',
          [{ code: 'E4005', path: '/amount' }],
          'ACCEPTED',
          'DUPLICATE',
          [{ code: 'E4006', path: '/remark' }],
        ]);
      },
    },
    {
      id: 'batch.idempotency.same-receipt',
      endpoint: TRADES,
      clauses: ['§3 batch-idempotency', '§7.6 batchId-reuse'],
      title: 'the same batch sent twice returns the original receipt (same receiptId, ACCEPTED not DUPLICATE)',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades', 2);
        const first = await uploadExpect(ctx, 'trades', batch, ['ACCEPTED', 'ACCEPTED']);
        const again = await uploadExpect(ctx, 'trades', batch, ['ACCEPTED', 'ACCEPTED']);
        ctx.v.equal('receiptId', first.receiptId, again.receiptId);
        ctx.v.ok('receipt', sameJson(first, again), describe(first), describe(again));
      },
    },
    {
      id: 'batch.idempotency.different-records',
      endpoint: TRADES,
      clauses: ['§3 batch-idempotency', '§7.6 batchId-reuse'],
      title: 'a used batchId with other records returns the original receipt and stores nothing',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades');
        const first = await uploadExpect(ctx, 'trades', batch, ['ACCEPTED']);
        const other = ctx.factory.valid('trades');
        const res = await ctx.client.upload('trades', { batchId: batch.batchId, records: [other] });
        const again = expectReceipt(ctx.v, res, batch.batchId, batch.records);
        ctx.v.equal('receiptId', first.receiptId, again.receiptId);
        const lookup = await ctx.client.get(`/trades/records/${other.recordId}`);
        expectRequestError(ctx.v, lookup, 404, 'E1404');
      },
    },
    {
      id: 'batch.idempotency.other-interface',
      endpoint: TRADES,
      clauses: ['§7.6 batchId-reuse', '§3 batch-idempotency'],
      title: 'a batchId used on subjects, sent to trades, returns the subjects receipt and stores nothing',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'subjects');
        const first = await uploadExpect(ctx, 'subjects', batch, ['ACCEPTED']);
        const trade = ctx.factory.valid('trades');
        const res = await ctx.client.upload('trades', { batchId: batch.batchId, records: [trade] });
        const again = expectReceipt(ctx.v, res, batch.batchId, batch.records);
        ctx.v.equal('receiptId', first.receiptId, again.receiptId);
        const lookup = await ctx.client.get(`/trades/records/${trade.recordId}`);
        expectRequestError(ctx.v, lookup, 404, 'E1404');
      },
    },
  ];
}

function refusedBatches(): ConformanceCase[] {
  const refusedThenAccepted = (
    id: string,
    clause: string,
    title: string,
    refuse: (ctx: Parameters<ConformanceCase['run']>[0], batchId: string) => Promise<void>,
  ): ConformanceCase => ({
    id,
    endpoint: TRADES,
    clauses: ['§7.6 refused-batchId', clause],
    title,
    run: async (ctx) => {
      const batch = freshBatch(ctx, 'trades');
      await refuse(ctx, batch.batchId);
      await uploadExpect(ctx, 'trades', batch, ['ACCEPTED']);
    },
  });
  return [
    refusedThenAccepted(
      'batch.refused.E1001-keeps-batchId',
      '§3.2 E1001',
      'after 400 E1001 the same batchId is processed',
      async (ctx, batchId) => {
        const res = await ctx.client.upload('trades', { batchId, records: freshBatch(ctx, 'trades', 501).records });
        expectRequestError(ctx.v, res, 400, 'E1001');
      },
    ),
    refusedThenAccepted(
      'batch.refused.E1002-keeps-batchId',
      '§3.2 E1002',
      'after 413 E1002 the same batchId is processed',
      async (ctx, batchId) => {
        const body = paddedBody({ batchId, records: [ctx.factory.valid('trades')] }, FOUR_MIB + 1);
        const res = await ctx.client.send({ method: 'POST', path: '/trades/batch', body });
        expectRequestError(ctx.v, res, 413, 'E1002');
      },
    ),
    refusedThenAccepted(
      'batch.refused.E1003-keeps-batchId',
      '§3.2 E1003',
      'after 415 E1003 the same batchId is processed',
      async (ctx, batchId) => {
        const res = await ctx.client.upload('trades', { batchId, records: [ctx.factory.valid('trades')] }, { contentType: 'text/plain' });
        expectRequestError(ctx.v, res, 415, 'E1003');
      },
    ),
  ];
}

function batchIdAndShape(): ConformanceCase[] {
  const e1000 = (
    id: string,
    clauses: string[],
    title: string,
    body: (ctx: Parameters<ConformanceCase['run']>[0]) => unknown,
  ): ConformanceCase => ({
    id,
    endpoint: TRADES,
    clauses: ['§3.2 E1000', '§3.2 error-body', ...clauses],
    title,
    run: async (ctx) => {
      const res = await ctx.client.send({ method: 'POST', path: '/trades/batch', body: body(ctx) });
      expectRequestError(ctx.v, res, 400, 'E1000');
    },
  });
  const records = (ctx: Parameters<ConformanceCase['run']>[0]) => [ctx.factory.valid('trades')];
  return [
    e1000('batch.E1000.batchId-7-chars', ['§7.6 batchId-pattern', '§3 batch-body'], 'batchId of 7 characters', (ctx) => ({
      batchId: ctx.factory.randomBatchId(7),
      records: records(ctx),
    })),
    e1000('batch.E1000.batchId-65-chars', ['§7.6 batchId-pattern', '§3 batch-body'], 'batchId of 65 characters', (ctx) => ({
      batchId: ctx.factory.batchId().padEnd(65, 'x'),
      records: records(ctx),
    })),
    e1000('batch.E1000.batchId-characters', ['§7.6 batchId-pattern'], 'batchId with a dot', (ctx) => ({
      batchId: `${ctx.factory.batchId()}.x`,
      records: records(ctx),
    })),
    e1000('batch.E1000.batchId-number', ['§7.6 batchId-pattern'], 'batchId given as a number', (ctx) => ({
      batchId: 12345678,
      records: records(ctx),
    })),
    e1000('batch.E1000.batchId-missing', ['§3 batch-body'], 'no batchId', (ctx) => ({ records: records(ctx) })),
    e1000('batch.E1000.records-missing', ['§3 batch-body'], 'no records', (ctx) => ({ batchId: ctx.factory.batchId() })),
    e1000('batch.E1000.array', ['§3 batch-body'], 'a JSON array instead of an object', (ctx) => records(ctx)),
    {
      id: 'batch.valid.batchId-8-chars',
      endpoint: TRADES,
      clauses: ['§3 batch-body', '§7.6 batchId-pattern'],
      title: 'a batchId of exactly 8 characters',
      run: async (ctx) => {
        await uploadExpect(ctx, 'trades', { batchId: ctx.factory.randomBatchId(8), records: records(ctx) }, ['ACCEPTED']);
      },
    },
    {
      id: 'batch.valid.batchId-64-chars',
      endpoint: TRADES,
      clauses: ['§3 batch-body', '§7.6 batchId-pattern'],
      title: 'a batchId of exactly 64 characters with _ and -',
      run: async (ctx) => {
        await uploadExpect(ctx, 'trades', { batchId: `${ctx.factory.batchId()}_`.padEnd(64, 'Z'), records: records(ctx) }, ['ACCEPTED']);
      },
    },
    {
      id: 'batch.E1001.empty',
      endpoint: TRADES,
      clauses: ['§3.2 E1001'],
      title: 'records []',
      run: async (ctx) => {
        const res = await ctx.client.upload('trades', { batchId: ctx.factory.batchId(), records: [] });
        expectRequestError(ctx.v, res, 400, 'E1001');
      },
    },
    {
      id: 'batch.valid.500-records',
      endpoint: TRADES,
      clauses: ['§1 batch-size', '§3 results-order'],
      title: '500 records: 500 results, all ACCEPTED',
      run: async (ctx) => {
        await uploadExpect(
          ctx,
          'trades',
          freshBatch(ctx, 'trades', 500),
          Array.from({ length: 500 }, () => 'ACCEPTED' as const),
        );
      },
    },
  ];
}

function versionDetails(): ConformanceCase[] {
  return [
    {
      id: 'batch.version.in-batch-duplicate',
      endpoint: TRADES,
      clauses: ['§7.8 in-batch-order', '§3.1 duplicate'],
      title: 'v1, v1 in one batch: ACCEPTED, DUPLICATE',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades');
        batch.records.push(copyRecord(batch.records[0]));
        await uploadExpect(ctx, 'trades', batch, ['ACCEPTED', 'DUPLICATE']);
      },
    },
    {
      id: 'batch.version.in-batch-order',
      endpoint: TRADES,
      clauses: ['§7.8 in-batch-order', '§3.1 higher-version', '§3.1 E4009'],
      title: 'v1, v2, v1 in one batch: ACCEPTED, ACCEPTED, E4009',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades');
        const v1 = batch.records[0];
        batch.records.push({ ...copyRecord(v1), version: 2, amount: 7.5, sourceSystem: 'conformance-suite-v2' }, copyRecord(v1));
        await uploadExpect(ctx, 'trades', batch, ['ACCEPTED', 'ACCEPTED', [{ code: 'E4009' }]]);
      },
    },
    {
      id: 'batch.E4001.member-written-twice',
      endpoint: TRADES,
      clauses: ['§7.22 unicode', '§3.3 E4001'],
      title: 'a record with ticketNo written twice: E4001 at /ticketNo, the other record of the batch ACCEPTED',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades', 2);
        const text = toJsonBuffer(batch).toString('utf8');
        const first = JSON.stringify(batch.records[0].ticketNo);
        const at = text.indexOf(`"ticketNo":${first}`);
        const twice = `${text.slice(0, at)}"ticketNo":${first},${text.slice(at)}`;
        const res = await ctx.client.send({ method: 'POST', path: '/trades/batch', body: Buffer.from(twice, 'utf8') });
        const receipt = expectReceipt(ctx.v, res, batch.batchId, batch.records);
        expectOutcome(ctx.v, receipt, 0, [{ code: 'E4001', path: '/ticketNo' }]);
        expectOutcome(ctx.v, receipt, 1, 'ACCEPTED');
      },
    },
    {
      id: 'batch.version.relayout-is-duplicate',
      endpoint: TRADES,
      clauses: ['§3.1 identical-content', '§7.7 canonical-content', '§3.1 duplicate'],
      title: 'the same record with keys reversed and indented is DUPLICATE',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades');
        await uploadExpect(ctx, 'trades', batch, ['ACCEPTED']);
        const again = { batchId: ctx.factory.batchId(), records: [copyRecord(batch.records[0])] };
        const res = await ctx.client.send({ method: 'POST', path: '/trades/batch', body: toJsonBuffer(again, { relayout: true }) });
        const receipt = expectReceipt(ctx.v, res, again.batchId, again.records);
        ctx.v.equal('results[0].status', 'DUPLICATE', receipt.results[0]?.status);
      },
    },
    {
      id: 'batch.version.decimal-as-written',
      endpoint: 'POST /batches/batch',
      clauses: ['§7.7 canonical-content', '§3.1 E4009'],
      title: 'quantity 120.5 then 120.50 in the same version is E4009 (scalars as written)',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'batches');
        batch.records[0].quantity = new RawNumber('120.5');
        await uploadExpect(ctx, 'batches', batch, ['ACCEPTED']);
        const again = copyRecord(batch.records[0]);
        again.quantity = new RawNumber('120.50');
        await uploadExpect(ctx, 'batches', { batchId: ctx.factory.batchId(), records: [again] }, [[{ code: 'E4009' }]]);
      },
    },
    {
      id: 'batch.version.reportedAt-counts',
      endpoint: TRADES,
      clauses: ['§7.7 canonical-content', '§3.1 E4009'],
      title: 'the same version with only reportedAt changed is E4009',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades');
        await uploadExpect(ctx, 'trades', batch, ['ACCEPTED']);
        const again = { ...copyRecord(batch.records[0]), reportedAt: ctx.factory.hoursAgo(-1) };
        await uploadExpect(ctx, 'trades', { batchId: ctx.factory.batchId(), records: [again] }, [[{ code: 'E4009' }]]);
      },
    },
    {
      id: 'batch.version.rejected-not-stored',
      endpoint: TRADES,
      clauses: ['§3.1 new-record', '§3 record-by-record'],
      title: 'a REJECTED record is not stored: its valid version 1 is then ACCEPTED',
      run: async (ctx) => {
        const batch = freshBatch(ctx, 'trades');
        const bad = { ...copyRecord(batch.records[0]), amount: 99 };
        await uploadExpect(ctx, 'trades', { batchId: ctx.factory.batchId(), records: [bad] }, [[{ code: 'E4005', path: '/amount' }]]);
        await uploadExpect(ctx, 'trades', batch, ['ACCEPTED']);
        const lookup = await ctx.client.get(`/trades/records/${batch.records[0].recordId}`);
        ctx.v.equal('stored version', '200 0 version 1', `${answerOf(lookup)} version ${String(bodyOf(lookup).version)}`);
      },
    },
  ];
}
