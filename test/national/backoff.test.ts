import { describe, expect, it } from 'vitest';
import { backoffDelayMs, nextDelayMs } from '../../src/national/backoff';
import type { Decision } from '../../src/national/classify';

const low = () => 0;
const high = () => 0.999999;

describe('backoffDelayMs', () => {
  it('starts at about one second', () => {
    expect(backoffDelayMs(1, { random: low })).toBe(1000);
    expect(backoffDelayMs(1, { random: high })).toBe(1000);
    expect(backoffDelayMs(0, { random: high })).toBe(1000);
  });

  it('doubles its ceiling per attempt, never below the base', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(600_000, 1000 * 2 ** (attempt - 1));
      expect(backoffDelayMs(attempt, { random: low })).toBe(1000);
      expect(backoffDelayMs(attempt, { random: high })).toBeGreaterThan(ceiling - 2);
      expect(backoffDelayMs(attempt, { random: high })).toBeLessThanOrEqual(ceiling);
    }
  });

  it('is capped near ten minutes however many attempts failed', () => {
    expect(backoffDelayMs(11, { random: high })).toBeLessThanOrEqual(600_000);
    expect(backoffDelayMs(11, { random: high })).toBeGreaterThan(590_000);
    expect(backoffDelayMs(1000, { random: high })).toBeLessThanOrEqual(600_000);
  });

  it('spreads delays (jitter) with the default random source', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(8)));
    expect(delays.size).toBeGreaterThan(1);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(1000);
    for (const d of delays) expect(d).toBeLessThanOrEqual(128_000);
  });

  it('honours baseMs and capMs', () => {
    expect(backoffDelayMs(1, { baseMs: 200, random: low })).toBe(200);
    expect(backoffDelayMs(20, { baseMs: 200, capMs: 5000, random: high })).toBeLessThanOrEqual(5000);
  });
});

describe('nextDelayMs', () => {
  const d = (action: Decision['action'], retryAfterMs?: number): Decision => ({ action, reason: 'r', retryAfterMs });

  it('does not send again after success, fix or pause', () => {
    expect(nextDelayMs(d('success'), 1)).toBeNull();
    expect(nextDelayMs(d('fix'), 1)).toBeNull();
    expect(nextDelayMs(d('pause'), 1)).toBeNull();
  });
  it('re-signs and splits at once', () => {
    expect(nextDelayMs(d('resign'), 3)).toBe(0);
    expect(nextDelayMs(d('split'), 3)).toBe(0);
  });
  it('waits at least Retry-After, and at least the backoff', () => {
    expect(nextDelayMs(d('retry', 7000), 1, { random: high })).toBe(7000);
    expect(nextDelayMs(d('retry', 500), 4, { random: high })).toBeGreaterThan(7000);
    expect(nextDelayMs(d('retry'), 1, { random: low })).toBe(1000);
  });
  it('follows the maintenance hint, else backs off', () => {
    expect(nextDelayMs(d('maintenance', 45_000), 9, { random: high })).toBe(45_000);
    expect(nextDelayMs(d('maintenance'), 2, { random: high })).toBeGreaterThan(1900);
  });
});
