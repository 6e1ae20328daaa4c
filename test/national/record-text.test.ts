import { describe, expect, it } from 'vitest';
import { scanJsonText } from '../../src/national/record-text';
import { generateJson } from './json-text-generator';

describe('scanJsonText on generated texts', () => {
  it('finds every number literal and repeated member of 3,000 random documents', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const doc = generateJson(seed);
      const facts = scanJsonText(doc.text);
      expect([...facts.numberLiterals], doc.text).toEqual([...new Map(doc.numbers)]);
      expect(facts.duplicateMembers, doc.text).toEqual(doc.duplicates);
    }
  });
});
