import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * `items.map(fn)`, a slice at a time, letting the event loop run between slices. A page is mapped
 * while the page before it is written: in one piece, its 10–20 ms of mapping would hold up every
 * round trip of that page's transaction.
 */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R, sliceSize = 20): Promise<R[]> {
  const out: R[] = new Array(items.length);
  for (let start = 0; start < items.length; start += sliceSize) {
    if (start > 0) await nextTurn();
    const end = Math.min(items.length, start + sliceSize);
    for (let i = start; i < end; i++) out[i] = fn(items[i]!);
  }
  return out;
}
