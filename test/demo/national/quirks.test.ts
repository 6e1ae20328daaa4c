import { describe, expect, it } from 'vitest';
import type { NationalInterface } from '../../../src/national/types';
import { MOCK_QUIRKS, type MockClient, type MockQuirk } from '../../../src/demo/national';
import { batchBody, GS, newBatchId, rec, startMock, type Running } from './helpers';
import { noticeQuirkCases } from './notice-quirk-cases';

const T0 = Date.parse('2024-03-01T16:30:00Z'); // 2024-03-02 00:30 in UTC+8
/** The mock's clock: T0, moved only by the scenario that needs time to pass. */
let elapsedMs = 0;
const clock = () => T0 + elapsedMs;

async function firstResult(m: Running, iface: NationalInterface, records: unknown[]) {
  const answer = await m.client().postBatch(iface, batchBody(newBatchId(), records));
  if (answer.kind !== 'receipt') throw new Error(`no receipt: ${JSON.stringify(answer)}`);
  return answer.receipt.results[0];
}

interface Case {
  /** What the scenario observes; it must differ between the strict mock and the quirky one. */
  run(m: Running): Promise<unknown>;
  strict: unknown;
  quirky: unknown;
  rateLimitPerSecond?: number;
  clients?: MockClient[];
}

const cases: Record<MockQuirk, Case> = {
  ...noticeQuirkCases,
  acceptBadSignature: {
    run: async (m) =>
      (await m.send({ path: 'trades/batch', body: batchBody(newBatchId(), [rec('trades')]), as: { ...GS, appSecret: 'wrong' } })).status,
    strict: 401,
    quirky: 200,
  },
  ignoreNonceReuse: {
    run: async (m) => {
      await m.send({ path: 'stats?date=2024-03-01', nonce: 'nonce-again-0123456789' });
      return (await m.send({ path: 'stats?date=2024-03-01', nonce: 'nonce-again-0123456789' })).status;
    },
    strict: 401,
    quirky: 200,
  },
  ignoreTimestampSkew: {
    run: async (m) => (await m.send({ path: 'stats?date=2024-03-01', now: () => T0 - 600_000 })).status,
    strict: 401,
    quirky: 200,
  },
  reprocessRepeatedBatchId: {
    run: async (m) => {
      const batchId = newBatchId();
      await m.client().postBatch('trades', batchBody(batchId, [rec('trades', { recordId: 'rp-1' })]));
      await m.client().postBatch('trades', batchBody(batchId, [rec('trades', { recordId: 'rp-2' })]));
      return m.mock.storedRecord(GS.appKey, 'trades', 'rp-2') !== undefined;
    },
    strict: false,
    quirky: true,
  },
  wrongCodeForOversizeBody: {
    run: async (m) => {
      const body = batchBody(newBatchId(), [rec('trades', { ticketNo: 'x'.repeat(4_194_304) })]);
      const a = await m.send({ path: 'trades/batch', body });
      return [a.status, a.json?.code];
    },
    strict: [413, 'E1002'],
    quirky: [400, 'E1000'],
  },
  dropResultOrder: {
    run: async (m) => {
      const a = await m.client().postBatch(
        'trades',
        batchBody(
          newBatchId(),
          [0, 1, 2].map((i) => rec('trades', { recordId: `o-${i}` })),
        ),
      );
      return a.kind === 'receipt' ? a.receipt.results.map((r) => r.index) : a;
    },
    strict: [0, 1, 2],
    quirky: [2, 1, 0],
  },
  acceptWrongCheckCharacter: {
    run: async (m) => {
      const r = await firstResult(m, 'batches', [rec('batches', { traceCode: '62012301240611000123' })]);
      return [r.status, r.errors?.map((e) => e.code)];
    },
    strict: ['REJECTED', ['E4004']],
    quirky: ['ACCEPTED', undefined],
  },
  acceptOver500Records: {
    run: async (m) => {
      const records = Array.from({ length: 501 }, (_, i) => rec('trades', { recordId: `m-${i}` }));
      return (await m.send({ path: 'trades/batch', body: batchBody(newBatchId(), records) })).status;
    },
    strict: 400,
    quirky: 200,
  },
  ignoreRegionScope: {
    run: async (m) => (await firstResult(m, 'trades', [rec('trades', { regionCode: '110101' })])).status,
    strict: 'REJECTED',
    quirky: 'ACCEPTED',
  },
  acceptLowerVersion: {
    run: async (m) => {
      await firstResult(m, 'trades', [rec('trades', { recordId: 'lv', version: 2 })]);
      return (await firstResult(m, 'trades', [rec('trades', { recordId: 'lv', version: 1 })])).status;
    },
    strict: 'REJECTED',
    quirky: 'ACCEPTED',
  },
  duplicateAsAccepted: {
    run: async (m) => {
      await firstResult(m, 'trades', [rec('trades', { recordId: 'dup' })]);
      return (await firstResult(m, 'trades', [rec('trades', { recordId: 'dup' })])).status;
    },
    strict: 'DUPLICATE',
    quirky: 'ACCEPTED',
  },
  acceptUnknownField: {
    run: async (m) => (await firstResult(m, 'trades', [rec('trades', { colour: 'red' })])).status,
    strict: 'REJECTED',
    quirky: 'ACCEPTED',
  },
  acceptWrongContentType: {
    run: async (m) =>
      (await m.send({ path: 'trades/batch', body: batchBody(newBatchId(), [rec('trades')]), headers: { 'Content-Type': 'text/plain' } }))
        .status,
    strict: 415,
    quirky: 200,
  },
  statsInUtc: {
    run: async (m) => {
      await firstResult(m, 'trades', [rec('trades')]);
      const stats = await m.client().getStats('2024-03-02');
      return stats.kind === 'ok' ? (stats.body as { counts: { trades: { accepted: number } } }).counts.trades.accepted : stats;
    },
    strict: 1,
    quirky: 0,
  },
  newReceiptIdOnRepeat: {
    run: async (m) => {
      const body = batchBody(newBatchId(), [rec('trades')]);
      const a = await m.client().postBatch('trades', body);
      const b = await m.client().postBatch('trades', body);
      return a.kind === 'receipt' && b.kind === 'receipt' && a.receipt.receiptId === b.receipt.receiptId;
    },
    strict: true,
    quirky: false,
  },
  noRateLimit: {
    rateLimitPerSecond: 1,
    run: async (m) => {
      await m.client().getStats('2024-03-01');
      const second = await m.client().getStats('2024-03-01');
      return second.kind === 'error' ? second.status : 200;
    },
    strict: 429,
    quirky: 200,
  },
  useUpNonceOnBadSignature: {
    run: async (m) => {
      const nonce = 'nonce-bad-sign-0123456789';
      await m.send({ path: 'stats?date=2024-03-01', nonce, as: { ...GS, appSecret: 'wrong' } });
      return (await m.send({ path: 'stats?date=2024-03-01', nonce })).status;
    },
    strict: 200,
    quirky: 401,
  },
  calendarSecondRateLimit: {
    rateLimitPerSecond: 2,
    run: async (m) => {
      // Two requests late in one second, two early in the next: four within 200 ms.
      const statuses = [];
      try {
        for (const ms of [900, 950, 1050, 1100]) {
          elapsedMs = ms;
          statuses.push((await m.send({ path: 'stats?date=2024-03-01' })).status);
        }
      } finally {
        elapsedMs = 0;
      }
      return statuses;
    },
    strict: [200, 200, 429, 429],
    quirky: [200, 200, 200, 200],
  },
  dropCodeListAttributes: {
    run: async (m) => {
      const answer = await m.client().getCodeList('product-categories');
      const entries = answer.kind === 'ok' ? (answer.body as { entries: Array<Record<string, unknown>> }).entries : [];
      return entries.find((e) => e.code === 'MEAT_PORK')?.meat;
    },
    strict: true,
    quirky: undefined,
  },
};

describe('deliberate defects (quirks)', () => {
  it('has a scenario for every quirk', () => {
    expect(Object.keys(cases).sort()).toEqual([...MOCK_QUIRKS].sort());
  });

  it.each(MOCK_QUIRKS)('%s changes the behaviour it names', async (quirk) => {
    const c = cases[quirk];
    const opts = { now: clock, rateLimitPerSecond: c.rateLimitPerSecond ?? 0, ...(c.clients ? { clients: c.clients } : {}) };
    expect(c.strict).not.toEqual(c.quirky);
    expect(await c.run(await startMock(opts))).toEqual(c.strict);
    expect(await c.run(await startMock({ ...opts, quirks: [quirk] }))).toEqual(c.quirky);
  });
});
