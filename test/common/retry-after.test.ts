import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/common/retry-after';

const now = Date.parse('2024-03-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds, a decimal fraction included', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP-date in each of its three forms, relative to now', () => {
    expect(parseRetryAfter('Fri, 01 Mar 2024 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Friday, 01-Mar-24 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Fri Mar  1 00:00:09 2024', now)).toBe(9000);
    expect(parseRetryAfter(new Date(now + 42_000).toUTCString(), now)).toBe(42_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Thu, 29 Feb 2024 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(0);
  });

  it('ignores absent values and garbage', () => {
    for (const value of [
      undefined,
      null,
      '',
      '   ',
      'soon',
      'foo 1',
      'a 2024',
      '3 s',
      '0x10',
      '1e3',
      'Infinity',
      'NaN',
      '2024-03-01T00:00:05Z',
      'Fri, 31 Feb 2024 00:00:05 GMT',
      'Fri, 01 Mar 2024 25:00:05 GMT',
      'Fri, 01 Mar 2024 00:00:05 +0800',
    ]) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined();
    }
  });

  it('ignores negative numbers', () => {
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('-0.5', now)).toBeUndefined();
  });

  it('reads a huge hint as the longest wait it allows', () => {
    expect(parseRetryAfter('86401', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('99999999999999999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('takes the first value of a repeated header', () => {
    expect(parseRetryAfter(['2', '30'], now)).toBe(2000);
    expect(parseRetryAfter([], now)).toBeUndefined();
  });
});
