import { describe, expect, it } from 'vitest';
import type { NationalAnswer } from '../../src/national/answer';
import { classifyAnswer } from '../../src/national/classify';

const error = (status: number, code: string, retryAfterMs?: number): NationalAnswer =>
  retryAfterMs === undefined ? { kind: 'error', status, code, message: 'm' } : { kind: 'error', status, code, message: 'm', retryAfterMs };

describe('classifyAnswer', () => {
  it('treats a receipt and a query answer as success', () => {
    const receipt = {
      code: '0' as const,
      message: 'ok',
      receiptId: 'r',
      batchId: 'b',
      accepted: 0,
      duplicate: 0,
      rejected: 0,
      results: [],
    };
    expect(classifyAnswer({ kind: 'receipt', status: 200, receipt }).action).toBe('success');
    expect(classifyAnswer({ kind: 'ok', status: 200, body: {} }).action).toBe('success');
  });

  it('retries network errors and timeouts', () => {
    expect(classifyAnswer({ kind: 'network', error: 'ECONNRESET', timedOut: false })).toMatchObject({ action: 'retry' });
    expect(classifyAnswer({ kind: 'network', error: 'ECONNABORTED', timedOut: true })).toMatchObject({
      action: 'retry',
      reason: 'timed out',
    });
  });

  it.each([
    [400, 'E1000', 'fix'],
    [400, 'E1001', 'fix'],
    [413, 'E1002', 'split'],
    [415, 'E1003', 'fix'],
    [404, 'E1004', 'fix'],
    [404, 'E1404', 'fix'],
    [401, 'E2001', 'pause'],
    [401, 'E2002', 'resign'],
    [401, 'E2003', 'resign'],
    [401, 'E2004', 'pause'],
    [429, 'E3001', 'retry'],
    [500, 'E9000', 'retry'],
    [503, 'E9001', 'maintenance'],
    [200, 'TG_NATIONAL_BAD_RESPONSE', 'retry'],
  ])('%i %s → %s', (status, code, action) => {
    expect(classifyAnswer(error(status, code))).toMatchObject({ action, code });
  });

  it.each([
    [413, 'split'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [504, 'retry'],
    [503, 'maintenance'],
    [401, 'pause'],
    [400, 'fix'],
    [404, 'fix'],
  ])('falls back to the status for an unknown code: %i → %s', (status, action) => {
    expect(classifyAnswer(error(status, 'TG_NATIONAL_NO_CODE')).action).toBe(action);
  });

  it('carries Retry-After for 429 and 503 only', () => {
    expect(classifyAnswer(error(429, 'E3001', 2000)).retryAfterMs).toBe(2000);
    expect(classifyAnswer(error(503, 'E9001', 30000))).toMatchObject({ action: 'maintenance', retryAfterMs: 30000 });
    expect(classifyAnswer(error(400, 'E1000', 5000)).retryAfterMs).toBeUndefined();
  });
});
