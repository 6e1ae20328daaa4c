import { describe, expect, it } from 'vitest';
import { PageError, SourceError } from '../../../src/adapters/errors';
import { backoffMs, createPacer, isRetryable, sleep, withRetry } from '../../../src/adapters/market-csv/retry';

const policy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 250 };

describe('market-csv retry', () => {
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, policy))).toEqual([100, 200, 250, 250]);
  });

  it.each([
    [new SourceError('transient', 'TG_SOURCE_SERVER_ERROR', 'x'), true],
    [new SourceError('transient', 'TG_SOURCE_TIMEOUT', 'x'), true],
    [new SourceError('transient', 'TG_SOURCE_ABORTED', 'x'), false],
    [new SourceError('config', 'TG_SOURCE_AUTH', 'x'), false],
    [new PageError('MALFORMED_BODY', 'x'), true],
    [new PageError('UNEXPECTED_RESPONSE', 'x'), true],
    [new PageError('UNDECODABLE_BODY', 'x'), true],
    [new PageError('BODY_TOO_LARGE', 'x'), false],
    [new Error('bug'), false],
  ])('%s retryable: %s', (err, retryable) => {
    expect(isRetryable(err)).toBe(retryable);
  });

  it('retries until success, honouring Retry-After over the backoff', async () => {
    const waits: number[] = [];
    const errors = [new SourceError('transient', 'TG_SOURCE_RATE_LIMITED', 'x', 180), new PageError('MALFORMED_BODY', 'cut')];
    const result = await withRetry(policy, new AbortController().signal, { sleep: async (ms) => void waits.push(ms) }, async () => {
      const e = errors.shift();
      if (e) throw e;
      return 'page';
    });
    expect(result).toBe('page');
    expect(waits).toEqual([180, 200]);
  });

  it('does not wait when the read is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(10_000, controller.signal)).rejects.toMatchObject({ code: 'TG_SOURCE_ABORTED' });
    let calls = 0;
    const err = await withRetry(policy, controller.signal, { sleep }, async () => {
      calls++;
      throw new SourceError('transient', 'TG_SOURCE_SERVER_ERROR', 'x');
    }).catch((e: unknown) => e);
    expect([calls, (err as SourceError).code]).toEqual([1, 'TG_SOURCE_SERVER_ERROR']);
  });

  it('spaces requests 1000/rate ms apart on its clock', async () => {
    let now = 1000;
    const waits: number[] = [];
    const pace = createPacer(5, async (ms) => { waits.push(ms); now += ms; }, () => now);
    const signal = new AbortController().signal;
    await pace(signal);
    await pace(signal);
    now += 50;
    await pace(signal);
    now += 1000;
    await pace(signal);
    expect(waits).toEqual([0, 200, 150, 0]);
    const unpaced: number[] = [];
    const none = createPacer(0, async (ms) => void unpaced.push(ms));
    await none(signal);
    expect(unpaced).toEqual([]);
  });
});
