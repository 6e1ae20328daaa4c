import { describe, expect, it } from 'vitest';
import { batchBody, batchBodySize, type CarriedVersion } from '../../src/pipeline/batch';
import { FormedBatches } from '../../src/pipeline/formed-batches';
import type { FormedBatch } from '../../src/pipeline/process';

let next = 1;
function formedBatch(batchId: string, texts: string[]): FormedBatch {
  const members: CarriedVersion[] = texts.map((body) => {
    const id = next++;
    return { id, bytes: Buffer.byteLength(body), recordId: `gs-test:people:${id}`, body, sourceRecordId: 1000 + id };
  });
  return {
    batchId,
    iface: 'subjects',
    adapterId: 'test-a',
    recordIds: members.map((m) => m.id),
    bodyBytes: batchBodySize(batchId, texts),
    members,
  };
}

describe('FormedBatches', () => {
  it('holds a batch with the body batchBody makes of its texts, and its members for the receipt, until taken once', () => {
    const held = new FormedBatches();
    const texts = ['{"name":"甲公司"}', '{"name":"a\\"b"}'];
    const b = formedBatch('tg-subjects-1', texts);
    held.put(b);
    expect(held.size).toEqual({ batches: 1, bytes: b.bodyBytes });
    const taken = held.take('tg-subjects-1')!;
    expect(taken.body.equals(batchBody('tg-subjects-1', texts))).toBe(true);
    expect(taken.members).toEqual(
      b.members.map((m) => ({ id: m.id, recordId: m.recordId, version: 1, adapterId: 'test-a', sourceRecordId: m.sourceRecordId })),
    );
    expect(held.take('tg-subjects-1')).toBeUndefined();
    expect(held.size).toEqual({ batches: 0, bytes: 0 });
  });

  it('holds no batch past its bytes, the older ones being taken first, and drops one not taken in time', () => {
    let now = 0;
    const one = formedBatch('tg-subjects-a', ['x'.repeat(400)]);
    const held = new FormedBatches(one.bodyBytes * 2, 60_000, () => now);
    held.put(one);
    held.put(formedBatch('tg-subjects-b', ['y'.repeat(400)]));
    held.put(formedBatch('tg-subjects-c', ['z'.repeat(400)]));
    expect(held.size.batches).toBe(2);
    expect(held.take('tg-subjects-c')).toBeUndefined();
    expect(held.take('tg-subjects-a')).toBeDefined();
    now = 60_001;
    held.put(formedBatch('tg-subjects-d', ['w'.repeat(400)]));
    expect(held.take('tg-subjects-b')).toBeUndefined();
    expect(held.take('tg-subjects-d')).toBeDefined();
    held.put(formedBatch('tg-subjects-e', ['v'.repeat(2000)]));
    expect(held.size).toEqual({ batches: 0, bytes: 0 });
  });

  it('holds no batch whose body would not come out at the size it was formed with', () => {
    const held = new FormedBatches();
    held.put({ ...formedBatch('tg-subjects-e', ['{"a":1}']), bodyBytes: 3 });
    expect(held.take('tg-subjects-e')).toBeUndefined();
  });
});
