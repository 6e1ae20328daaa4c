import { describe, expect, it } from 'vitest';
import { PageError, SourceError } from '../../../src/adapters/errors';
import { isRetryable, withRetry, type RetryPolicy } from '../../../src/adapters/toolkit/retry';
import { sleep } from '../../../src/adapters/toolkit/sleep';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
const serverError = () => new SourceError('transient', 'TG_SOURCE_SERVER_ERROR', 'HTTP 500');

/** An attempt that throws the given errors in turn, then answers `value`; counts its calls. */
function scripted<T>(errors: unknown[], value: T) {
  const s = {
    calls: 0,
    run: async (): Promise<T> => {
      s.calls++;
      const e = errors.shift();
      if (e !== undefined) throw e;
      return value;
    },
  };
  return s;
}

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('isRetryable', () => {
  it.each([
    [new SourceError('transient', 'TG_SOURCE_SERVER_ERROR', 'x'), true],
    [new SourceError('transient', 'TG_SOURCE_TIMEOUT', 'x'), true],
    [new SourceError('transient', 'TG_SOURCE_ABORTED', 'x'), false],
    [new SourceError('config', 'TG_SOURCE_AUTH', 'x'), false],
    [new SourceError('system', 'TG_SOURCE_UNEXPECTED_STATUS', 'x'), false],
    [new PageError('MALFORMED_BODY', 'x'), true],
    [new PageError('UNEXPECTED_RESPONSE', 'x'), true],
    [new PageError('UNDECODABLE_BODY', 'x'), true],
    [new PageError('BODY_TOO_LARGE', 'x'), false],
    [new Error('bug'), false],
  ])('%s retryable: %s', (err, retryable) => {
    expect(isRetryable(err)).toBe(retryable);
  });
});

describe('withRetry', () => {
  it('makes maxAttempts attempts in all, then throws the last error', async () => {
    const r = recorder();
    const last = serverError();
    const attempt = scripted([serverError(), serverError(), serverError(), last], 'page');
    await expect(withRetry(policy, { sleep: r.sleep, random: () => 0 }, attempt.run)).rejects.toBe(last);
    expect(attempt.calls).toBe(4);
    expect(r.waits).toHaveLength(3);
  });

  it('answers as soon as an attempt succeeds', async () => {
    const r = recorder();
    const attempt = scripted([serverError()], 'page');
    expect(await withRetry(policy, { sleep: r.sleep, random: () => 0 }, attempt.run)).toBe('page');
    expect([attempt.calls, r.waits]).toEqual([2, [100]]);
  });

  it('a single attempt is never repeated', async () => {
    const attempt = scripted([serverError()], 'page');
    await expect(withRetry({ ...policy, maxAttempts: 1 }, { sleep: recorder().sleep }, attempt.run)).rejects.toMatchObject({
      code: 'TG_SOURCE_SERVER_ERROR',
    });
    expect(attempt.calls).toBe(1);
  });

  it('backs off between the base and a doubling ceiling, never above the cap', async () => {
    const draws = (random: () => number) => async () => {
      const r = recorder();
      const attempt = scripted(Array.from({ length: 6 }, serverError), 'page');
      await withRetry({ ...policy, maxAttempts: 7 }, { sleep: r.sleep, random }, attempt.run);
      return r.waits;
    };
    expect(await draws(() => 0)()).toEqual([100, 100, 100, 100, 100, 100]);
    expect(await draws(() => 0.5)()).toEqual([100, 150, 250, 450, 550, 550]);
    const highest = await draws(() => 0.999999)();
    const ceilings = [100, 200, 400, 800, 1000, 1000];
    highest.forEach((ms, i) => {
      expect(ms).toBeLessThanOrEqual(ceilings[i]!);
      expect(ms).toBeGreaterThan(ceilings[i]! - 2);
    });
  });

  it('waits at least the Retry-After, and at least the backoff', async () => {
    const r = recorder();
    const attempt = scripted(
      [
        new SourceError('transient', 'TG_SOURCE_RATE_LIMITED', '429', 3000),
        serverError(),
        new SourceError('transient', 'TG_SOURCE_UNAVAILABLE', '503', 10),
      ],
      'page',
    );
    await withRetry(policy, { sleep: r.sleep, random: () => 0.5 }, attempt.run);
    expect(r.waits).toEqual([3000, 150, 250]);
  });

  it('ends the call at once when the Retry-After is beyond maxRetryAfterMs, keeping the hint', async () => {
    const r = recorder();
    const long = new SourceError('transient', 'TG_SOURCE_RATE_LIMITED', '429', 5001);
    const attempt = scripted([long], 'page');
    await expect(withRetry(policy, { sleep: r.sleep }, attempt.run)).rejects.toBe(long);
    expect([attempt.calls, r.waits]).toEqual([1, []]);
    const atLimit = scripted([new SourceError('transient', 'TG_SOURCE_RATE_LIMITED', '429', 5000)], 'page');
    expect(await withRetry(policy, { sleep: r.sleep }, atLimit.run)).toBe('page');
    expect(r.waits).toEqual([5000]);
  });

  it('does not repeat config failures, BODY_TOO_LARGE or a bug', async () => {
    for (const err of [new SourceError('config', 'TG_SOURCE_AUTH', '401'), new PageError('BODY_TOO_LARGE', 'big'), new TypeError('bug')]) {
      const attempt = scripted([err], 'page');
      await expect(withRetry(policy, { sleep: recorder().sleep }, attempt.run)).rejects.toBe(err);
      expect(attempt.calls).toBe(1);
    }
  });

  it('lets the caller decide what is retryable', async () => {
    const expired = new SourceError('transient', 'TG_SOURCE_CURSOR_EXPIRED', '40002');
    const attempt = scripted([expired], 'page');
    const retryable = (err: unknown) => isRetryable(err) && (err as SourceError).code !== 'TG_SOURCE_CURSOR_EXPIRED';
    await expect(withRetry(policy, { sleep: recorder().sleep, retryable }, attempt.run)).rejects.toBe(expired);
    expect(attempt.calls).toBe(1);
  });

  it('tells onRetry the failure, the attempt and the delay before each wait', async () => {
    const seen: Array<[string, number, number]> = [];
    const attempt = scripted([serverError(), new PageError('MALFORMED_BODY', 'cut')], 'page');
    await withRetry(
      policy,
      { sleep: recorder().sleep, random: () => 0, onRetry: (err, n, ms) => seen.push([(err as { code: string }).code, n, ms]) },
      attempt.run,
    );
    expect(seen).toEqual([
      ['TG_SOURCE_SERVER_ERROR', 1, 100],
      ['MALFORMED_BODY', 2, 100],
    ]);
  });

  it('does not start when the read is already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const attempt = scripted([], 'page');
    await expect(withRetry(policy, { signal: controller.signal, sleep: recorder().sleep }, attempt.run)).rejects.toMatchObject({
      code: 'TG_SOURCE_ABORTED',
    });
    expect(attempt.calls).toBe(0);
  });

  it('ends with TG_SOURCE_ABORTED when the read is cancelled during a wait, without another attempt', async () => {
    const controller = new AbortController();
    const attempt = scripted([serverError(), serverError()], 'page');
    const abortingSleep = (ms: number, signal?: AbortSignal) => {
      const waiting = sleep(ms + 600_000, signal);
      controller.abort();
      return waiting;
    };
    await expect(withRetry(policy, { signal: controller.signal, sleep: abortingSleep }, attempt.run)).rejects.toMatchObject({
      code: 'TG_SOURCE_ABORTED',
      failure: 'transient',
    });
    expect(attempt.calls).toBe(1);
  });

  it('reports a cancellation rather than the failure it interrupted', async () => {
    const controller = new AbortController();
    const attempt = async () => {
      controller.abort();
      throw serverError();
    };
    await expect(withRetry(policy, { signal: controller.signal, sleep: recorder().sleep }, attempt)).rejects.toMatchObject({
      code: 'TG_SOURCE_ABORTED',
    });
  });
});
