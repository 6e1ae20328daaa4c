import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryDelayMs } from '../../src/common/backoff';

const low = () => 0;
const mid = () => 0.5;
const high = () => 0.999999;
const backoff = { baseMs: 100, capMs: 1000 };

describe('backoffDelayMs', () => {
  it('waits the base after the first failure, whatever the random draw', () => {
    expect(backoffDelayMs(1, backoff, low)).toBe(100);
    expect(backoffDelayMs(1, backoff, high)).toBe(100);
    expect(backoffDelayMs(0, backoff, high)).toBe(100);
  });

  it('draws uniformly between the base and a ceiling that doubles per failure', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
      expect(backoffDelayMs(attempt, backoff, low)).toBe(100);
      expect(backoffDelayMs(attempt, backoff, mid)).toBe(Math.round(100 + 0.5 * (ceiling - 100)));
      expect(backoffDelayMs(attempt, backoff, high)).toBeLessThanOrEqual(ceiling);
      expect(backoffDelayMs(attempt, backoff, high)).toBeGreaterThan(ceiling - 2);
    }
  });

  it('never exceeds the cap, however many failures', () => {
    expect(backoffDelayMs(1000, backoff, high)).toBeLessThanOrEqual(1000);
    expect(backoffDelayMs(Number.MAX_SAFE_INTEGER, backoff, high)).toBeLessThanOrEqual(1000);
  });

  it('a cap below the base is read as the base; a zero base waits nothing', () => {
    expect(backoffDelayMs(5, { baseMs: 500, capMs: 100 }, high)).toBe(500);
    expect(backoffDelayMs(5, { baseMs: 0, capMs: 1000 }, high)).toBe(0);
  });
});

describe('retryDelayMs', () => {
  it('waits at least the Retry-After and at least the backoff', () => {
    expect(retryDelayMs(1, backoff, 700, low)).toBe(700);
    expect(retryDelayMs(4, backoff, 50, high)).toBeGreaterThan(700);
    expect(retryDelayMs(1, backoff, undefined, low)).toBe(100);
    expect(retryDelayMs(1, backoff, 0, low)).toBe(100);
  });
});
