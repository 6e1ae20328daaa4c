import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/common/bounded';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapBounded', () => {
  it('keeps the items’ order with no more calls under way than the limit', async () => {
    let running = 0;
    let most = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      most = Math.max(most, ++running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it('answers an empty list without calling', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });

  it('starts nothing after a failure, lets the calls under way finish and throws the first failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapBounded([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('lookup 1 failed');
      for (let i = 0; i < 3; i++) await tick();
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow('lookup 1 failed');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });
});
