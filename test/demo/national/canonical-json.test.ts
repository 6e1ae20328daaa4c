import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalRecordTexts } from '../../../src/demo/national/canonical-json';
import { generateJson } from '../../national/json-text-generator';

describe('canonicalJson', () => {
  it('sorts keys at every depth and removes whitespace', () => {
    expect(canonicalJson(' { "b" : 1 ,\n "a" : { "z" : [ 1 , { "y" : 2 , "x" : 3 } ] } } ')).toBe('{"a":{"z":[1,{"x":3,"y":2}]},"b":1}');
  });
  it('keeps scalars exactly as written', () => {
    expect(canonicalJson('{"n":1.50,"e":1E3,"s":"\\u0041 b","t":true,"f":false,"z":null}')).toBe(
      '{"e":1E3,"f":false,"n":1.50,"s":"\\u0041 b","t":true,"z":null}',
    );
    expect(canonicalJson('{"n":1.5}')).not.toBe(canonicalJson('{"n":1.50}'));
  });
  it('keeps whitespace inside strings and handles escaped quotes', () => {
    expect(canonicalJson('{"s":" a \\" b ","k":[ ]}')).toBe('{"k":[],"s":" a \\" b "}');
  });
  it('treats escaped and plain spellings of a key as the same key, the later winning', () => {
    expect(canonicalJson('{"\\u0061":1,"a":2}')).toBe('{"a":2}');
  });
  it('handles empty containers and bare scalars', () => {
    expect(canonicalJson('{}')).toBe('{}');
    expect(canonicalJson(' [ ] ')).toBe('[]');
    expect(canonicalJson('-0.0')).toBe('-0.0');
  });
});

describe('canonicalRecordTexts', () => {
  it('gives the canonical text of each record of a batch body', () => {
    const text = '{"batchId":"b-000001","records":[ {"b":2,"a":1} , {"c":[3]} , "x" ],"extra":{"records":[]}}';
    expect(canonicalRecordTexts(text)).toEqual(['{"a":1,"b":2}', '{"c":[3]}', '"x"']);
  });
  it('is undefined without a records array', () => {
    expect(canonicalRecordTexts('{"batchId":"b","records":{}}')).toBeUndefined();
    expect(canonicalRecordTexts('{}')).toBeUndefined();
    expect(canonicalRecordTexts('[1]')).toBeUndefined();
  });
});

describe('canonicalJson on generated texts', () => {
  it('matches the canonical text built with each of 3,000 random documents', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const doc = generateJson(seed);
      expect(() => JSON.parse(doc.text), doc.text).not.toThrow();
      expect(canonicalJson(doc.text), doc.text).toBe(doc.canonical);
    }
  });
  it('writes a key with a lone surrogate as JSON.stringify does', () => {
    expect(canonicalJson('{"\ud800":1}')).toBe('{"\\ud800":1}');
  });
});
