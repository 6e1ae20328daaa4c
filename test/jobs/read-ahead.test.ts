import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/jobs/pull';

describe('readAhead', () => {
  it('yields every page in order and has the next page requested while the current one is handled', async () => {
    const requested: number[] = [];
    async function* pages() {
      for (let i = 1; i <= 3; i++) {
        requested.push(i);
        yield i;
      }
    }
    const seen: Array<[number, number[]]> = [];
    for await (const p of readAhead(pages())) {
      await new Promise((r) => setTimeout(r, 1));
      seen.push([p, [...requested]]);
    }
    expect(seen.map(([p]) => p)).toEqual([1, 2, 3]);
    expect(seen[0]![1]).toEqual([1, 2]); // page 2 was fetched while page 1 was being handled
  });

  it('reports a failure of the page read ahead when that page is reached, after the pages before it', async () => {
    async function* pages() {
      yield 1;
      throw new Error('truncated body');
    }
    const seen: number[] = [];
    await expect(async () => {
      for await (const p of readAhead(pages())) seen.push(p);
    }).rejects.toThrow('truncated body');
    expect(seen).toEqual([1]);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* pages() {
      try {
        for (let i = 1; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const p of readAhead(pages())) if (p === 2) break;
    expect(closed).toBe(true);
  });
});
