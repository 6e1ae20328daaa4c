import { describe, expect, it } from 'vitest';
import { daysInMonth, isRealDate } from '../../src/common/time';

describe('calendar dates', () => {
  it('counts the days of each month, February by the Gregorian leap rule', () => {
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('accepts real dates and refuses the rest', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2023, 2, 29)).toBe(false);
    expect(isRealDate(2100, 2, 29)).toBe(false);
    expect(isRealDate(2024, 4, 30)).toBe(true);
    expect(isRealDate(2024, 4, 31)).toBe(false);
    expect(isRealDate(2024, 12, 31)).toBe(true);
    expect(isRealDate(2024, 13, 1)).toBe(false);
    expect(isRealDate(2024, 0, 1)).toBe(false);
    expect(isRealDate(2024, 1, 0)).toBe(false);
  });
});
