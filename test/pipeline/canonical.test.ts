import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonWithout, contentHash } from '../../src/pipeline/canonical';
import { Rng } from '../../src/demo/common/random';

/** The definition of canonical JSON, written plainly: keys sorted by code unit at every depth, undefined members left out. */
function reference(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : reference(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const members = Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`);
  return `{${members.join(',')}}`;
}

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

  it('writes keys that JavaScript orders by itself (array indexes, __proto__) in sorted order too', () => {
    expect(canonicalJson({ b: 1, 10: 'x', 9: 'y', a: { 2: true, 1: false } })).toBe('{"10":"x","9":"y","a":{"1":false,"2":true},"b":1}');
    const parsed = JSON.parse('{"z":1,"__proto__":{"b":2,"a":1},"a":[{"__proto__":0}]}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"a":1,"b":2},"a":[{"__proto__":0}],"z":1}');
    expect(canonicalJsonWithout({ version: 3, '01': 'a', 0: 'b', x: 1 }, new Set(['version']))).toBe('{"0":"b","01":"a","x":1}');
  });

  it('matches the definition (keys sorted by code unit at every depth, undefined members left out) on random values', () => {
    let seed = 20261206;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
    const keys = ['a', 'b', 'Z', 'é', '名称', '0', '7', '10', '01', '1.5', '__proto__', '', 'k"q', 'a\\b', '\u0001'];
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.35)
        return [null, true, false, 0, -0, 1.25, -7, 1e21, NaN, 'x', '二', 'a"b\\c\n', undefined][Math.floor(random() * 13)];
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 5); i > 0; i--)
        Object.defineProperty(o, keys[Math.floor(random() * keys.length)]!, {
          value: value(depth + 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      return o;
    };
    for (let i = 0; i < 3000; i++) {
      const v = value(0);
      expect(canonicalJson(v)).toBe(reference(v));
      const text = JSON.stringify(v);
      if (text !== undefined) expect(canonicalJson(JSON.parse(text))).toBe(reference(JSON.parse(text)));
    }
  });

  it('sorts the keys of small and large objects alike, whatever order they come in', () => {
    const names = Array.from({ length: 80 }, (_, i) => [`k${i}`, `K${i}`, `名${i}`, `é${i}`, `a_${i}`][i % 5]!);
    const rng = new Rng(7);
    for (const size of [2, 5, 31, 32, 33, 80]) {
      for (let round = 0; round < 20; round++) {
        const value = Object.fromEntries(rng.shuffle(names.slice(0, size)).map((k, i) => [k, i]));
        expect(canonicalJson(value)).toBe(reference(value));
      }
    }
  });
});
