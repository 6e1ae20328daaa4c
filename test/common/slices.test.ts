import { describe, expect, it } from 'vitest';
import { mapInSlices } from '../../src/common/slices';

describe('mapInSlices', () => {
  it('returns what map returns, in order', async () => {
    const items = Array.from({ length: 105 }, (_, i) => i);
    expect(await mapInSlices(items, (x) => x * 2, 20)).toEqual(items.map((x) => x * 2));
    expect(await mapInSlices([], (x: number) => x)).toEqual([]);
  });

  it('lets other callbacks run between slices, never inside one', async () => {
    const events: string[] = [];
    const items = Array.from({ length: 6 }, (_, i) => i);
    setImmediate(() => events.push('other'));
    await mapInSlices(items, (x) => events.push(`item ${x}`), 3);
    expect(events).toEqual(['item 0', 'item 1', 'item 2', 'other', 'item 3', 'item 4', 'item 5']);
  });

  it('maps a short list in one turn of the event loop', async () => {
    const events: string[] = [];
    setImmediate(() => events.push('other'));
    await mapInSlices([1, 2], (x) => events.push(`item ${x}`), 3);
    expect(events).toEqual(['item 1', 'item 2']);
  });
});
