import type { AdapterKind } from './adapters/types';
import type { TableNeeds } from './mappings/tables';
import type { KindMappings, Mapping } from './mappings/types';

/** A kind: its adapter (`src/adapters/<kind>/`) and its mappings (`src/mappings/<kind>/`). */
export interface KindRegistration {
  readonly adapter: AdapterKind;
  readonly mapping: KindMappings;
}

/** What the rest of the gateway asks of the registered kinds. */
export interface KindRegistry {
  readonly kinds: readonly KindRegistration[];
  readonly adapterKinds: Readonly<Record<string, AdapterKind>>;
  readonly mappings: readonly Mapping[];
  /** The mapping of a (kind, stream), or undefined when the stream has none. */
  mappingFor(kind: string, stream: string): Mapping | undefined;
  /** The translation tables the mappings name, each with the mappings naming it (`kind/stream`). */
  tablesNeeded(): TableNeeds;
  /** Translation tables whose entries also name parties (see KindMappings.partyDirectories). */
  readonly partyDirectories: readonly string[];
}

/**
 * The registry of a list of kinds. A kind that repeats another, or a mapping of a kind or stream its
 * adapter does not have, is a defect of the list and refused at once.
 */
export function createKindRegistry(kinds: readonly KindRegistration[]): KindRegistry {
  const adapterKinds: Record<string, AdapterKind> = {};
  const byKey = new Map<string, Mapping>();
  for (const { adapter, mapping } of kinds) {
    if (adapterKinds[adapter.kind]) throw new Error(`kind ${adapter.kind} is registered twice`);
    adapterKinds[adapter.kind] = adapter;
    for (const m of mapping.mappings) {
      const key = `${m.from.kind}/${m.from.stream}`;
      if (m.from.kind !== adapter.kind) throw new Error(`mapping ${key} is registered with kind ${adapter.kind}`);
      if (!adapter.streams[m.from.stream]) throw new Error(`mapping ${key}: kind ${adapter.kind} has no stream ${m.from.stream}`);
      if (byKey.has(key)) throw new Error(`stream ${key} has two mappings`);
      byKey.set(key, m);
    }
  }
  const mappings = [...byKey.values()];
  return {
    kinds,
    adapterKinds: Object.freeze(adapterKinds),
    mappings,
    mappingFor: (kind, stream) => byKey.get(`${kind}/${stream}`),
    tablesNeeded() {
      const needs = new Map<string, string[]>();
      for (const m of mappings) {
        for (const name of m.tables) needs.set(name, [...(needs.get(name) ?? []), `${m.from.kind}/${m.from.stream}`]);
      }
      return needs;
    },
    partyDirectories: [...new Set(kinds.flatMap((k) => k.mapping.partyDirectories ?? []))],
  };
}
