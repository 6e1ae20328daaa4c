import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { FaultConfig } from '../../../src/demo/national';
import { batchBody, GS, newBatchId, rec, startMock } from './helpers';

const upload = (recordId = 'f-1') => batchBody(newBatchId(), [rec('trades', { recordId })]);

function admin(port: number, method: string, path: string, body?: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    r.on('error', reject);
    r.end(body);
  });
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('fault injection', () => {
  it.each([
    ['error500', 500, 'E9000', undefined],
    ['error503', 503, 'E9001', 7000],
    ['rateLimit429', 429, 'E3001', 7000],
  ] as const)('%s answers %i %s and processes nothing', async (kind, status, code, retryAfterMs) => {
    const { client, mock } = await startMock({ faults: { probability: 1, kinds: [kind], retryAfterSeconds: 7 } });
    const answer = await client().postBatch('trades', upload());
    expect(answer).toEqual({ kind: 'error', status, code, message: expect.any(String), ...(retryAfterMs ? { retryAfterMs } : {}) });
    expect(mock.storedRecord(GS.appKey, 'trades', 'f-1')).toBeUndefined();
    expect(mock.summary().requests.faulted).toBe(1);
  });

  it('faults only uploads, not queries', async () => {
    const { client } = await startMock({ faults: { probability: 1, kinds: ['error500'] } });
    expect((await client().getStats('2024-03-01')).kind).toBe('ok');
  });

  it('latency delays the answer, then processes the batch', async () => {
    const { client, mock } = await startMock({ faults: { probability: 1, kinds: ['latency'], latencyMs: 300 } });
    const answer = await client(GS, { timeoutMs: 30 }).postBatch('trades', upload());
    expect(answer).toMatchObject({ kind: 'network', timedOut: true });
    await until(() => mock.storedRecord(GS.appKey, 'trades', 'f-1') !== undefined);
  });

  it('lostResponse stores the batch, then drops the connection; a retry gets the original receipt', async () => {
    const { client, mock } = await startMock({ faults: { probability: 1, kinds: ['lostResponse'] } });
    const body = upload();
    const lost = await client().postBatch('trades', body);
    expect(lost).toMatchObject({ kind: 'network', timedOut: false });
    expect(mock.storedRecord(GS.appKey, 'trades', 'f-1')).toBeDefined();
    mock.setFaults({});
    const retry = await client().postBatch('trades', body);
    expect(retry).toMatchObject({ kind: 'receipt', receipt: { accepted: 1 } });
    expect(mock.acceptLog()).toHaveLength(1);
  });

  it('hang never answers, and the mock still closes cleanly', async () => {
    const { client, mock } = await startMock({ faults: { probability: 1, kinds: ['hang'] } });
    const answer = await client(GS, { timeoutMs: 100 }).postBatch('trades', upload());
    expect(answer).toMatchObject({ kind: 'network', timedOut: true });
    expect(mock.storedRecord(GS.appKey, 'trades', 'f-1')).toBeUndefined();
    const pending = client(GS, { timeoutMs: 60_000 }).postBatch('trades', upload('f-2'));
    await until(() => mock.summary().requests.total === 2);
    await mock.close();
    expect(await pending).toMatchObject({ kind: 'network' });
  });

  it('maintenance answers every request 503 E9001 with Retry-After until it ends', async () => {
    let t = Date.parse('2024-03-01T00:00:00Z');
    const { client } = await startMock({ now: () => t, faults: { maintenance: { until: '2024-03-01T00:01:30Z' } } });
    expect(await client().postBatch('trades', upload())).toMatchObject({ status: 503, code: 'E9001', retryAfterMs: 90_000 });
    expect(await client().getStats('2024-03-01')).toMatchObject({ status: 503, code: 'E9001' });
    t = Date.parse('2024-03-01T00:01:30Z');
    expect((await client().postBatch('trades', upload())).kind).toBe('receipt');
  });

  it('repeats the same faults for the same seed', async () => {
    const faults: FaultConfig = { seed: 42, probability: 0.5, kinds: ['error500', 'error503'] };
    const run = async (seed: number) => {
      const { client } = await startMock({ faults: { ...faults, seed } });
      const out: string[] = [];
      for (let i = 0; i < 16; i++) {
        const a = await client().postBatch('trades', upload(`s-${i}`));
        out.push(a.kind === 'error' ? a.code : a.kind);
      }
      return out;
    };
    const a = await run(42);
    expect(await run(42)).toEqual(a);
    expect(new Set(a)).toEqual(new Set(['receipt', 'E9000', 'E9001']));
    expect(await run(43)).not.toEqual(a);
  });

  it('is read and changed through /admin', async () => {
    const { port, client, mock } = await startMock();
    expect(await admin(port, 'GET', '/admin/faults')).toEqual({ status: 200, json: {} });
    const set = await admin(port, 'PUT', '/admin/faults', JSON.stringify({ probability: 1, kinds: ['error500'] }));
    expect(set).toEqual({ status: 200, json: { probability: 1, kinds: ['error500'] } });
    expect(await client().postBatch('trades', upload())).toMatchObject({ status: 500 });
    expect((await admin(port, 'PUT', '/admin/faults', '{"kinds":["meteor"]}')).status).toBe(400);
    expect((await admin(port, 'PUT', '/admin/faults', '{"probability":2}')).status).toBe(400);
    expect(mock.faults()).toEqual({ probability: 1, kinds: ['error500'] });
    const summary = await admin(port, 'GET', '/admin/summary');
    expect(summary).toMatchObject({ status: 200, json: { storedRecords: 0, requests: { total: 1, faulted: 1, byStatus: { 500: 1 } } } });
    expect((await admin(port, 'GET', '/admin/other')).status).toBe(404);
  });
});
