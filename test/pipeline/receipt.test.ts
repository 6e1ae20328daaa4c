import { describe, expect, it } from 'vitest';
import { storedReceipt } from '../../src/pipeline/receipt';
import type { Receipt, ReceiptResult } from '../../src/national/types';

const receipt = (results: Receipt['results']): Receipt => ({
  code: '0',
  message: 'ok',
  receiptId: 'R1',
  batchId: 'B1',
  accepted: results.filter((r) => r.status === 'ACCEPTED').length,
  duplicate: results.filter((r) => r.status === 'DUPLICATE').length,
  rejected: results.filter((r) => r.status === 'REJECTED').length,
  results,
});

describe('storedReceipt', () => {
  it('leaves out the plain acceptances and counts them, keeping everything else as the platform wrote it', () => {
    const refused: ReceiptResult = {
      index: 1,
      recordId: 'r1',
      status: 'REJECTED',
      errors: [{ code: 'E4001', path: '/quantity', message: 'must be > 0' }],
    };
    const duplicate = { index: 2, recordId: 'r2', status: 'DUPLICATE' as const };
    const stored = storedReceipt(
      receipt([{ index: 0, recordId: 'r0', status: 'ACCEPTED' }, refused, duplicate, { index: 3, recordId: 'r3', status: 'ACCEPTED' }]),
    );
    expect(stored).toEqual({
      code: '0',
      message: 'ok',
      receiptId: 'R1',
      batchId: 'B1',
      accepted: 2,
      duplicate: 1,
      rejected: 1,
      results: [refused, duplicate],
      acceptedResultsOmitted: 2,
    });
  });

  it('keeps an acceptance that carries errors or fields of its own', () => {
    const withErrors = { index: 0, recordId: 'r0', status: 'ACCEPTED' as const, errors: [] };
    const withMore = { index: 1, recordId: 'r1', status: 'ACCEPTED' as const, note: 'kept by the platform' } as Receipt['results'][number];
    const stored = storedReceipt(receipt([withErrors, withMore, { index: 2, recordId: 'r2', status: 'ACCEPTED' }]));
    expect(stored.results).toEqual([withErrors, withMore]);
    expect(stored.acceptedResultsOmitted).toBe(1);
  });

  it('stores a receipt of 500 acceptances in a few hundred bytes', () => {
    const results = Array.from({ length: 500 }, (_, i) => ({
      index: i,
      recordId: `62:batches:PB2026${String(i).padStart(8, '0')}`,
      status: 'ACCEPTED' as const,
    }));
    expect(JSON.stringify(receipt(results)).length).toBeGreaterThan(30_000);
    expect(JSON.stringify(storedReceipt(receipt(results))).length).toBeLessThan(300);
  });
});
