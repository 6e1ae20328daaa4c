import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/pipeline/canonical';

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined members, writes undefined array elements as null', () => {
    const value = { b: [3, { z: 1, a: '二' }, undefined], a: null, c: { y: true, x: 1.5 }, d: undefined, 'k"1': 'q"' };
    expect(canonicalJson(value)).toBe('{"a":null,"b":[3,{"a":"二","z":1},null],"c":{"x":1.5,"y":true},"k\\"1":"q\\""}');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson('x')).toBe('"x"');
  });

  it('gives the same text, and so the same hash, whatever the key order', () => {
    const a = { recordId: 'r', items: [{ unit: 'kg', value: 1 }], name: '甲' };
    const b = { name: '甲', items: [{ value: 1, unit: 'kg' }], recordId: 'r' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash({ ...a, version: 2, reportedAt: 'x' }, ['version', 'reportedAt'])).toBe(contentHash(b));
    expect(JSON.parse(canonicalJson(a))).toEqual(a);
  });
});
