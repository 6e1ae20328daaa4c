import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mapping } from '../../src/mappings/types';
import { resolveReferences } from '../../src/pipeline/references';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { slowLookupSource } from '../helpers/lookup-source';

const mapping = { references: (p: { producer: string }) => [{ stream: 'enterprises', sourceKey: p.producer }] } as unknown as Mapping;

describe('resolveReferences', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.query(`INSERT INTO source_records (adapter_id, stream, source_key, content_hash, ordering_key, payload, outcome)
                      VALUES ('a1', 'enterprises', 'e-staged', 'h', '1', '{"qyid":"e-staged","staged":true}', 'mapped')`);
  });
  afterAll(async () => t?.drop());

  it('looks up what is not staged a few at once, keeping the order the page named them in', async () => {
    const source = slowLookupSource();
    const producers = ['e-staged', 'e1', 'x2', 'e3', 'e1', 'e4', 'x5', 'e6', 'e7', 'e8'];
    const refs = await resolveReferences(
      t.db,
      'a1',
      mapping,
      producers.map((producer) => ({ producer })),
      source.adapter,
      new AbortController().signal,
    );
    expect(source.asked).toEqual(['e1', 'x2', 'e3', 'e4', 'x5', 'e6', 'e7', 'e8']);
    expect(source.most()).toBe(4);
    expect(refs.fetched.get('enterprises')!.map((r) => r.sourceKey)).toEqual(['e1', 'e3', 'e4', 'e6', 'e7', 'e8']);
    expect(refs.resolve('enterprises', 'e-staged')).toEqual({ qyid: 'e-staged', staged: true });
    expect(refs.resolve('enterprises', 'e3')).toEqual({ qyid: 'e3' });
    expect(refs.resolve('enterprises', 'x2')).toBeUndefined();
  });

  it('fails the page when a lookup fails', async () => {
    const source = slowLookupSource();
    const run = resolveReferences(
      t.db,
      'a1',
      mapping,
      [{ producer: 'e1' }, { producer: 'broken' }, { producer: 'e2' }],
      source.adapter,
      new AbortController().signal,
    );
    await expect(run).rejects.toThrow('source answered 500');
  });
});
