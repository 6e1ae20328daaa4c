import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawRecord } from '../../src/adapters/types';
import { silentLogger } from '../../src/log';
import type { Mapping } from '../../src/mappings/types';
import type { TranslationTables } from '../../src/mappings/tables';
import { preparePage } from '../../src/pipeline/stage';
import type { PipelineDeps, StreamRuntime } from '../../src/pipeline/types';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { slowLookupSource } from '../helpers/lookup-source';

/** A batches-like mapping: each record names its producer, and map() reports the producer's `qyid` it found. */
const mapping: Mapping<{ id: string; producer: string }> = {
  from: { kind: 'probe', stream: 'batches' },
  to: 'batches',
  tables: [],
  references: (p) => [{ stream: 'enterprises', sourceKey: p.producer }],
  map: (p, ctx) => ({
    ok: false,
    warnings: [],
    errors: [
      {
        code: 'UNRESOLVED_REFERENCE',
        field: 'producer',
        message: String((ctx.references('enterprises', p.producer) as { qyid?: string })?.qyid),
      },
    ],
  }),
};
const rt: StreamRuntime = {
  adapterId: 'a1',
  kind: 'probe',
  stream: 'batches',
  mapping,
  instance: { adapterId: 'a1', regionCode: '620000', sourceSystem: 'probe', params: {} },
};
const deps: PipelineDeps = {
  tables: () => ({}) as TranslationTables,
  validator: () => ({ validate: () => [] }),
  now: () => Date.parse('2026-01-05T02:00:00Z'),
  log: silentLogger(),
};

const records = (n: number, producer: (i: number) => string): RawRecord[] =>
  Array.from({ length: n }, (_, i) => ({ sourceKey: `b${i}`, orderingKey: '1', payload: { id: `b${i}`, producer: producer(i) } }));

describe('preparePage', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  it('hashes the rows while the references are looked up, and maps with both', async () => {
    const page = { stream: 'batches', cursor: { page: 1 }, records: records(60, (i) => `e${i % 3}`) };
    const prepared = await preparePage(t.db, rt, page, deps, { adapter: slowLookupSource().adapter });
    expect(prepared.rows).toHaveLength(60);
    expect(prepared.rows[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(prepared.references.fetched.get('enterprises')!.map((r) => r.sourceKey)).toEqual(['e0', 'e1', 'e2']);
    const first = prepared.mapped.get(page.records[4]!.payload);
    expect(first).toMatchObject({ kind: 'quarantined', errors: [{ message: 'e1' }] });
  });

  it('fails with the lookup’s error once the rows are hashed, with nothing left running or unhandled', async () => {
    // Enough records for the hashing to take several turns of the event loop while the lookup fails.
    const page = { stream: 'batches', cursor: { page: 2 }, records: records(200, (i) => (i === 0 ? 'broken' : 'e1')) };
    await expect(preparePage(t.db, rt, page, deps, { adapter: slowLookupSource().adapter })).rejects.toThrow('source answered 500');
  });
});
