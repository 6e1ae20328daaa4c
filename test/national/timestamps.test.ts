import { describe, expect, it } from 'vitest';
import { compareInstants, isCalendarDate, isTimestamp, parseTimestamp } from '../../src/national/timestamps';

describe('isCalendarDate', () => {
  it.each([
    ['2024-06-11', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2024-04-31', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-6-11', false],
    ['2024/06/11', false],
    ['2024-06-11T00:00:00+08:00', false],
    // §7.20: years run 0001–9999.
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['0000-01-01', false],
  ])('%s → %s', (value, expected) => expect(isCalendarDate(value)).toBe(expected));
});

describe('isTimestamp (§7.18, §7.20)', () => {
  it.each([
    ['2024-06-12T08:15:32+08:00', true],
    ['2024-06-12T08:15:32Z', true],
    ['2024-06-12T08:15:32.123456789-05:30', true],
    ['2024-06-12T08:15:32.1+08:00', true],
    ['2024-06-12T08:15:32-12:00', true],
    ['2024-06-12T08:15:32+14:00', true],
    ['2024-06-12T08:15:32+00:00', true],
    ['0001-01-01T00:00:00Z', true],
    ['9999-12-31T23:59:59Z', true],
    // §7.20: T and Z upper case, fraction 1–9 digits, offset -12:00…+14:00, -00:00 refused, year 0001–9999.
    ['2024-06-12t08:15:32z', false],
    ['2024-06-12t08:15:32Z', false],
    ['2024-06-12T08:15:32z', false],
    ['2024-06-12T08:15:32.1234567890+08:00', false],
    ['2024-06-12T08:15:32-12:01', false],
    ['2024-06-12T08:15:32-13:00', false],
    ['2024-06-12T08:15:32+14:01', false],
    ['2024-06-12T08:15:32+23:59', false],
    ['2024-06-12T08:15:32-00:00', false],
    ['0000-01-01T00:00:00Z', false],
    ['2024-02-29T23:59:59+08:00', true],
    ['2024-06-12T08:15:32', false],
    ['2024-06-12T08:15:32+0800', false],
    ['2024-06-12 08:15:32+08:00', false],
    ['2024-06-12T08:15+08:00', false],
    ['2024-06-12T08:15:32.+08:00', false],
    ['2024-06-12T24:00:00+08:00', false],
    ['2024-06-12T08:60:00+08:00', false],
    ['2024-06-12T08:15:60+08:00', false],
    ['2023-02-29T08:15:32+08:00', false],
    ['2024-06-12T08:15:32+24:00', false],
    ['2024-06-12T08:15:32+08:60', false],
    ['2024-06-12T08:15:32+08', false],
    ['2024-06-12T08:15:32+08:00 ', false],
  ])('%s → %s', (value, expected) => expect(isTimestamp(value)).toBe(expected));
});

describe('compareInstants', () => {
  const at = (s: string) => parseTimestamp(s)!;

  it('compares instants across offsets', () => {
    expect(compareInstants(at('2024-06-12T08:00:00+08:00'), at('2024-06-12T00:00:00Z'))).toBe(0);
    expect(compareInstants(at('2024-06-12T08:00:00+08:00'), at('2024-06-12T00:00:01Z'))).toBeLessThan(0);
    expect(compareInstants(at('2024-06-12T00:00:00-00:30'), at('2024-06-12T00:29:59Z'))).toBeGreaterThan(0);
    expect(compareInstants(at('2024-06-12T14:00:00+14:00'), at('2024-06-11T12:00:00-12:00'))).toBe(0);
    expect(compareInstants(at('2024-01-01T00:00:00+08:00'), at('2023-12-31T16:00:00Z'))).toBe(0);
  });

  it('compares fractions exactly', () => {
    expect(compareInstants(at('2024-06-12T08:00:00.5Z'), at('2024-06-12T08:00:00.500Z'))).toBe(0);
    expect(compareInstants(at('2024-06-12T08:00:00.25Z'), at('2024-06-12T08:00:00.5Z'))).toBeLessThan(0);
    expect(compareInstants(at('2024-06-12T08:00:00.0000001Z'), at('2024-06-12T08:00:00Z'))).toBeGreaterThan(0);
  });

  it('keeps years below 100 as written', () => {
    expect(at('0050-01-01T00:00:00Z').epochSeconds).toBeLessThan(at('1950-01-01T00:00:00Z').epochSeconds);
    expect(at('1970-01-01T00:00:00Z').epochSeconds).toBe(0);
    expect(at('2024-06-12T00:00:00Z').epochSeconds).toBe(Date.UTC(2024, 5, 12) / 1000);
  });
});
