import { describe, expect, it } from 'vitest';
import { windowPosition, windowProblem } from '../../src/adapters/backfill-window';
import { adapterKinds } from '../../src/adapters/registry';
import type { BackfillWindow } from '../../src/adapters/types';

const TIME: BackfillWindow = { unit: 'time', holds: 'records at or after from and before until' };
const SEQUENCE: BackfillWindow = { unit: 'sequence', holds: 'rows above from and at most until' };

describe('backfill windows', () => {
  it('reads a bound in the unit of the kind', () => {
    expect(windowPosition(TIME, '2024-06-12 10:00:00')).toBe(Date.parse('2024-06-12T10:00:00+08:00'));
    expect(windowPosition(TIME, '2024-06-12T02:00:00Z')).toBe(Date.parse('2024-06-12T10:00:00+08:00'));
    expect(windowPosition(TIME, '50000')).toBeNull();
    expect(windowPosition(SEQUENCE, ' 50000 ')).toBe(50000);
    expect(windowPosition(SEQUENCE, '2024-06-12 10:00:00')).toBeNull();
    expect(windowPosition(SEQUENCE, '-1')).toBeNull();
  });

  it('names the bound at fault and why', () => {
    expect(windowProblem(TIME, { from: '2024-06-12 10:00:00' })).toBeUndefined();
    expect(windowProblem(TIME, { from: 'yesterday' })).toEqual({
      bound: 'from',
      message: '"yesterday" is not a Beijing time "YYYY-MM-DD HH:mm:ss" or ISO 8601 with offset',
    });
    expect(windowProblem(TIME, { from: '2024-06-12 10:00:00', until: '2024-06-12 09:00:00' })).toEqual({
      bound: 'until',
      message: 'must be after from',
    });
    expect(windowProblem(SEQUENCE, { from: '0', until: '50000' })).toBeUndefined();
    // Read as times, these two would be the years 100 and 2050.
    expect(windowProblem(SEQUENCE, { from: '100', until: '50' })).toEqual({ bound: 'until', message: 'must be after from' });
    expect(windowProblem(SEQUENCE, { from: '0', until: '2024-06-12' })).toEqual({
      bound: 'until',
      message: '"2024-06-12" is not a sequence number of the source',
    });
  });

  it('is declared by every registered kind', () => {
    expect(Object.fromEntries(Object.values(adapterKinds).map((k) => [k.kind, k.backfillWindow.unit]))).toEqual({
      'provincial-rest': 'time',
      'market-csv': 'sequence',
      'mvts-xml': 'time',
    });
  });
});
