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
