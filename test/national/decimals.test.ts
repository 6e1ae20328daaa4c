import { describe, expect, it } from 'vitest';
import {
  collectNumberLiterals,
  countDecimals,
  decimalsOfNumber,
  hasAtMostDecimals,
  recordNumberLiterals,
} from '../../src/national/decimals';

describe('countDecimals', () => {
  it('counts decimals as written', () => {
    expect(countDecimals('8.330')).toBe(3);
    expect(countDecimals('8.33')).toBe(2);
    expect(countDecimals('12')).toBe(0);
    expect(countDecimals('-0.5')).toBe(1);
    expect(countDecimals('1.0')).toBe(1);
  });

  it('accounts for an exponent', () => {
    expect(countDecimals('1e-7')).toBe(7);
    expect(countDecimals('1.5E-7')).toBe(8);
    expect(countDecimals('1.25e1')).toBe(1);
    expect(countDecimals('1.25e+2')).toBe(0);
    expect(countDecimals('1e21')).toBe(0);
  });

  it('gives Infinity for text that is no JSON number', () => {
    expect(countDecimals('abc')).toBe(Number.POSITIVE_INFINITY);
    expect(countDecimals('.5')).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('decimalsOfNumber and hasAtMostDecimals', () => {
  it('count the shortest round-trip form, as JSON.stringify writes it', () => {
    expect(decimalsOfNumber(8.33)).toBe(2);
    expect(decimalsOfNumber(0.1 + 0.2)).toBe(17);
    expect(decimalsOfNumber(1e-7)).toBe(7);
    expect(decimalsOfNumber(5)).toBe(0);
  });

  it('agree with each other on many values, near the exactness limit too', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const disagreements: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const places = Math.floor(random() * 9);
      const whole = Math.floor(random() * 10 ** Math.floor(random() * 13));
      const fraction = String(Math.floor(random() * 10 ** places)).padStart(places, '0');
      const value = Number(places > 0 ? `${whole}.${fraction}` : String(whole)) + (random() < 0.2 ? 1e-9 : 0);
      for (const max of [2, 3, 6]) {
        if (hasAtMostDecimals(value, max) !== decimalsOfNumber(value) <= max) disagreements.push(`${value}/${max}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('handles the classic float traps', () => {
    expect(hasAtMostDecimals(1.005, 3)).toBe(true);
    expect(hasAtMostDecimals(0.1 + 0.2, 3)).toBe(false);
    expect(hasAtMostDecimals(8.33, 2)).toBe(true);
    expect(hasAtMostDecimals(8.333, 2)).toBe(false);
    expect(hasAtMostDecimals(1e-7, 6)).toBe(false);
    expect(hasAtMostDecimals(0.000001, 6)).toBe(true);
  });
});

describe('collectNumberLiterals', () => {
  it('maps JSON pointers to literals as written', () => {
    const text = '{"a": 8.330, "b": [1, {"c": -2.50e1}], "s": "1.5, [x]", "n": null, "t": true, "x/y~": 0.10}';
    expect(Object.fromEntries(collectNumberLiterals(text))).toEqual({
      '/a': '8.330',
      '/b/0': '1',
      '/b/1/c': '-2.50e1',
      '/x~1y~0': '0.10',
    });
  });

  it('decodes escaped keys and skips strings with quotes and digits', () => {
    const text = '{"k\\"1": 3.0, "v": "say \\"2.0\\"", "\\u0071": 4.00}';
    expect(Object.fromEntries(collectNumberLiterals(text))).toEqual({ '/k"1': '3.0', '/q': '4.00' });
  });

  it('splits a batch body by record, with record-relative pointers', () => {
    const body = JSON.stringify({ batchId: 'b1', records: [{ q: 1 }, { s: 'x' }, { q: 2 }] }).replace('"q":2', '"q":2.50');
    const perRecord = recordNumberLiterals(body);
    expect(perRecord).toHaveLength(3);
    expect(Object.fromEntries(perRecord[0])).toEqual({ '/q': '1' });
    expect(perRecord[1].size).toBe(0);
    expect(Object.fromEntries(perRecord[2])).toEqual({ '/q': '2.50' });
  });
});
