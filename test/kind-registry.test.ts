import { describe, expect, it } from 'vitest';
import type { AdapterKind } from '../src/adapters/types';
import { createKindRegistry } from '../src/kind-registry';
import { KINDS, kindRegistry } from '../src/kinds';
import type { Mapping } from '../src/mappings/types';

const kind = (name: string, streams: string[]): AdapterKind =>
  ({
    kind: name,
    streams: Object.fromEntries(streams.map((s) => [s, { orderedByCursor: true, interface: 'subjects' }])),
  }) as unknown as AdapterKind;
const mapping = (k: string, stream: string, tables: string[] = []): Mapping => ({
  from: { kind: k, stream },
  to: 'subjects',
  tables,
  map: () => ({ ok: false, errors: [], warnings: [] }),
});

describe('the kind registry', () => {
  it('holds the three reference kinds, one line each, their mappings and what they need', () => {
    expect(KINDS.map((k) => k.adapter.kind)).toEqual(['provincial-rest', 'market-csv', 'mvts-xml']);
    expect(Object.keys(kindRegistry.adapterKinds)).toEqual(['provincial-rest', 'market-csv', 'mvts-xml']);
    expect(kindRegistry.mappings.map((m) => `${m.from.kind}/${m.from.stream}`)).toEqual([
      'provincial-rest/enterprises',
      'provincial-rest/batches',
      'provincial-rest/inspections',
      'provincial-rest/certificates',
      'market-csv/vendors',
      'market-csv/entries',
      'market-csv/sales',
      'mvts-xml/TZ',
      'mvts-xml/JC',
      'mvts-xml/JY',
      'mvts-xml/PS',
    ]);
    expect(kindRegistry.mappingFor('market-csv', 'sales')?.to).toBe('trades');
    expect(kindRegistry.mappingFor('market-csv', 'nope')).toBeUndefined();
    expect(kindRegistry.partyDirectories).toEqual(['mvts-nodes']);
  });

  it('derives everything from the list it is given', () => {
    const r = createKindRegistry([
      { adapter: kind('a-kind', ['x', 'y']), mapping: { mappings: [mapping('a-kind', 'x', ['t1', 't2'])] } },
      { adapter: kind('b-kind', ['z']), mapping: { mappings: [mapping('b-kind', 'z', ['t2'])], partyDirectories: ['t2'] } },
    ]);
    expect(Object.keys(r.adapterKinds)).toEqual(['a-kind', 'b-kind']);
    expect(r.mappingFor('a-kind', 'y')).toBeUndefined();
    expect([...r.tablesNeeded()]).toEqual([
      ['t1', ['a-kind/x']],
      ['t2', ['a-kind/x', 'b-kind/z']],
    ]);
    expect(r.partyDirectories).toEqual(['t2']);
  });

  it('refuses a list that contradicts itself', () => {
    expect(() =>
      createKindRegistry([
        { adapter: kind('a', ['x']), mapping: { mappings: [] } },
        { adapter: kind('a', ['y']), mapping: { mappings: [] } },
      ]),
    ).toThrow('kind a is registered twice');
    expect(() => createKindRegistry([{ adapter: kind('a', ['x']), mapping: { mappings: [mapping('b', 'x')] } }])).toThrow(
      'mapping b/x is registered with kind a',
    );
    expect(() => createKindRegistry([{ adapter: kind('a', ['x']), mapping: { mappings: [mapping('a', 'y')] } }])).toThrow(
      'mapping a/y: kind a has no stream y',
    );
    expect(() =>
      createKindRegistry([{ adapter: kind('a', ['x']), mapping: { mappings: [mapping('a', 'x'), mapping('a', 'x')] } }]),
    ).toThrow('stream a/x has two mappings');
  });
});
