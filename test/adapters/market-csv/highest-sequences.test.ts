import { describe, expect, it } from 'vitest';
import { HighestSequences } from '../../../src/adapters/market-csv/highest-sequences';
import { Rng } from '../../../src/demo/common/random';

/** What HighestSequences must behave as: a Map in age order, the oldest key dropped beyond capacity. */
class ReferenceTable {
  private readonly seen = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  record(key: string, seq: number): number | undefined {
    const previous = this.seen.get(key);
    if (previous !== undefined && seq <= previous) return previous;
    this.seen.delete(key);
    this.seen.set(key, seq);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value as string);
    return previous;
  }

  get size(): number {
    return this.seen.size;
  }
}

describe('HighestSequences', () => {
  it('returns the previous highest sequence and keeps the higher one', () => {
    const t = new HighestSequences(10);
    expect(t.record('XS1', 5)).toBeUndefined();
    expect(t.record('XS1', 3)).toBe(5);
    expect(t.record('XS1', 5)).toBe(5);
    expect(t.record('XS1', 9)).toBe(5);
    expect(t.record('XS1', 1)).toBe(9);
    expect(t.record('销售单1', 2)).toBeUndefined();
    expect(t.size).toBe(2);
  });

  it('forgets the key recorded or raised longest ago beyond its capacity', () => {
    const t = new HighestSequences(2);
    t.record('A', 1);
    t.record('B', 2);
    t.record('A', 3); // A raised: B is now the oldest
    t.record('C', 4);
    expect(t.record('B', 5)).toBeUndefined();
    expect(t.record('A', 6)).toBeUndefined(); // forgotten when B came back
    expect(t.record('B', 7)).toBe(5);
  });

  it('behaves as a Map in age order over random keys, while growing and once full', () => {
    for (const capacity of [1, 3, 700, 5000]) {
      const rng = new Rng(capacity);
      const t = new HighestSequences(capacity);
      const ref = new ReferenceTable(capacity);
      const keys = Array.from({ length: capacity * 3 }, (_, i) => (i % 7 === 0 ? `票号-${i}` : `XS${String(i).padStart(12, '0')}`));
      const mismatches: string[] = [];
      for (let step = 0; step < 20_000; step++) {
        const key = keys[rng.int(0, keys.length - 1)]!;
        const seq = rng.int(0, 999_999);
        const got = t.record(key, seq);
        const want = ref.record(key, seq);
        if (got !== want) mismatches.push(`step ${step}, ${key} ${seq}: ${got} instead of ${want}`);
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(t.size).toBe(ref.size);
    }
  });

  it('tells apart 500,000 distinct keys', () => {
    const t = new HighestSequences(500_000);
    for (let i = 0; i < 500_000; i++) {
      if (t.record(`XS${String(i).padStart(12, '0')}`, i) !== undefined) throw new Error(`key ${i} taken for another`);
    }
    expect(t.size).toBe(500_000);
    expect(t.record('XS000000000000', 0)).toBe(0);
    expect(t.record('XS000000499999', 0)).toBe(499_999);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new HighestSequences(0)).toThrow(RangeError);
    expect(() => new HighestSequences(1.5)).toThrow(RangeError);
  });
});
