import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/pipeline/canonical';
import { firstReplacementCharacter, storableWithText } from '../../src/pipeline/storable';

const raw = (payload: unknown) => ({ sourceKey: 'k1', orderingKey: '2026-12-05T10:00:00', payload });

describe('storableWithText', () => {
  it('keeps a record without NUL as it is, with its canonical text', () => {
    const r = raw({ b: 'x', a: { d: 1, c: [true, null] } });
    const { record, payloadText } = storableWithText(r);
    expect(record).toBe(r);
    expect(payloadText).toBe('{"a":{"c":[true,null],"d":1},"b":"x"}');
  });

  it('does not mistake a backslash followed by u0000 for the character', () => {
    const r = raw({ note: 'a literal \\u0000 in text' });
    const { record, payloadText } = storableWithText(r);
    expect(record).toBe(r);
    expect(payloadText).toBe(canonicalJson(r.payload));
  });

  it('replaces NUL in values, keys and keys of nested objects, warns, and gives the text of what is stored', () => {
    const { record, payloadText } = storableWithText(raw({ name: 'a\u0000b', nested: { 'k\u0000': ['\u0000'] } }));
    expect(record.payload).toEqual({ name: 'a\uFFFDb', nested: { 'k\uFFFD': ['\uFFFD'] } });
    expect(payloadText).toBe(canonicalJson(record.payload));
    expect(payloadText).not.toContain('\\u0000');
    expect(record.warnings?.map((w) => w.code)).toEqual(['NUL_REPLACED']);
  });

  it('replaces NUL in the source key and ordering key of a payload without one', () => {
    const { record } = storableWithText({ sourceKey: 'k\u0000', orderingKey: '1\u0000', payload: { a: 1 } });
    expect([record.sourceKey, record.orderingKey]).toEqual(['k\uFFFD', '1\uFFFD']);
  });
});

describe('firstReplacementCharacter', () => {
  it('points at the first value holding U+FFFD, escaping the pointer', () => {
    expect(firstReplacementCharacter({ a: 'ok', 'b/c': { d: ['x', 'y\uFFFD'] } })).toBe('/b~1c/d/1');
    expect(firstReplacementCharacter({ a: 'ok' })).toBeNull();
  });
});
