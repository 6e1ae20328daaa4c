import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integerArrayLiteral, textArrayLiteral } from '../../src/db/array-literal';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

describe('array parameters as array text', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  it('gives PostgreSQL every text element back as it was, whatever characters it holds', async () => {
    const arrays = [
      [],
      [''],
      ['62012301260105000018', 'E0001'],
      ['a,b', '{braced}', ' spaced ', 'NULL', 'null', '', '兰州 ✓', '𠀀'],
      ['quote " here', 'back\\slash', 'both \\"', '"', '\\', 'tab\there', 'line\nbreak'],
    ];
    for (const a of arrays) {
      const r = await t.db.query('SELECT $1::text[] AS v, cardinality($1::text[]) AS n', [textArrayLiteral(a)]);
      expect([r.rows[0].v, r.rows[0].n]).toEqual([a, a.length]);
    }
  });

  it('gives integer arrays back, empty ones too', async () => {
    for (const a of [[], [0], [1, 2, 3], [9007199254740991, -5]]) {
      const r = await t.db.query('SELECT $1::bigint[]::text[] AS v', [integerArrayLiteral(a)]);
      expect(r.rows[0].v).toEqual(a.map(String));
    }
  });
});
