import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchBody, GS, newBatchId, rec, startMock } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'mock-national-'));
  dirs.push(d);
  return d;
}

describe('state across restarts (dataDir)', () => {
  it('keeps records, receipts, batchIds, stats and the accept log', async () => {
    const dataDir = tempDir();
    const t = Date.parse('2024-03-01T02:00:00Z');
    const first = await startMock({ dataDir, now: () => t });
    const batchId = newBatchId();
    const v1 = rec('trades', { recordId: 'd-1' });
    const posted = await first.client().postBatch('trades', batchBody(batchId, [v1, rec('trades', { recordId: 'd-2', amount: -1 })]));
    if (posted.kind !== 'receipt') throw new Error('no receipt');
    const summaryBefore = first.mock.summary();
    await first.mock.close();

    const second = await startMock({ dataDir, now: () => t });
    expect(second.mock.storedRecord(GS.appKey, 'trades', 'd-1')).toMatchObject({ version: 1, record: v1 });
    expect(second.mock.acceptLog()).toEqual(first.mock.acceptLog());
    expect(second.mock.summary().interfaces).toEqual(summaryBefore.interfaces);
    expect(second.mock.summary().storedRecords).toBe(1);
    const c = second.client();
    expect(await c.postBatch('subjects', batchBody(batchId, [rec('subjects')]))).toEqual(posted);
    expect(await c.getReceipt(posted.receipt.receiptId)).toEqual(posted);
    const stats = await c.getStats('2024-03-01');
    expect(stats).toMatchObject({ body: { counts: { trades: { accepted: 1, duplicate: 0, rejected: 1 } } } });
    const again = await c.postBatch('trades', batchBody(newBatchId(), [v1]));
    expect(again.kind === 'receipt' && again.receipt.results[0].status).toBe('DUPLICATE');
  });

  it('ignores a torn last line and keeps appending after it', async () => {
    const dataDir = tempDir();
    const first = await startMock({ dataDir });
    await first.client().postBatch('trades', batchBody(newBatchId(), [rec('trades', { recordId: 'torn-1' })]));
    await first.mock.close();
    const journal = path.join(dataDir, 'national-journal.jsonl');
    appendFileSync(journal, '{"type":"batch","appKey":"gs-prov');

    const second = await startMock({ dataDir });
    expect(second.mock.storedRecord(GS.appKey, 'trades', 'torn-1')).toBeDefined();
    await second.client().postBatch('trades', batchBody(newBatchId(), [rec('trades', { recordId: 'torn-2' })]));
    await second.mock.close();
    for (const line of readFileSync(journal, 'utf8').trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();

    const third = await startMock({ dataDir });
    expect(third.mock.storedRecord(GS.appKey, 'trades', 'torn-1')).toBeDefined();
    expect(third.mock.storedRecord(GS.appKey, 'trades', 'torn-2')).toBeDefined();
    expect(third.mock.acceptLog().map((e) => e.recordId)).toEqual(['torn-1', 'torn-2']);
  });

  it('keeps nothing without a dataDir', async () => {
    const first = await startMock();
    await first.client().postBatch('trades', batchBody(newBatchId(), [rec('trades', { recordId: 'mem-1' })]));
    expect(first.mock.storedRecord(GS.appKey, 'trades', 'mem-1')).toBeDefined();
    const second = await startMock();
    expect(second.mock.storedRecord(GS.appKey, 'trades', 'mem-1')).toBeUndefined();
  });
});
