import type { TableNeeds } from './tables';
import type { Mapping } from './types';
import { provincialRestMappings } from './provincial-rest';
import { marketCsvMappings } from './market-csv';
import { mvtsXmlMappings } from './mvts-xml';

const all: readonly Mapping[] = [...provincialRestMappings, ...marketCsvMappings, ...mvtsXmlMappings];
const byKey = new Map(all.map((m) => [`${m.from.kind}/${m.from.stream}`, m]));

/** The mapping of a (kind, stream), or undefined when the stream has none. */
export function mappingFor(kind: string, stream: string): Mapping | undefined {
  return byKey.get(`${kind}/${stream}`);
}

export const mappings = all;

/** The translation tables the registered mappings name, each with the mappings naming it. */
export function tablesNeeded(of: readonly Mapping[] = all): TableNeeds {
  const needs = new Map<string, string[]>();
  for (const m of of) {
    for (const name of m.tables) needs.set(name, [...(needs.get(name) ?? []), `${m.from.kind}/${m.from.stream}`]);
  }
  return needs;
}
