import { kindRegistry } from '../kinds';
import type { TableNeeds } from './tables';
import type { Mapping } from './types';

/** Every mapping of the registered kinds (src/kinds.ts). */
export const mappings: readonly Mapping[] = kindRegistry.mappings;

/** The mapping of a (kind, stream), or undefined when the stream has none. */
export function mappingFor(kind: string, stream: string): Mapping | undefined {
  return kindRegistry.mappingFor(kind, stream);
}

/** The translation tables the registered mappings name, each with the mappings naming it. */
export function tablesNeeded(): TableNeeds {
  return kindRegistry.tablesNeeded();
}

/** Translation tables of the registered kinds whose entries also name parties (mvts `mvts-nodes`). */
export const partyDirectories: readonly string[] = kindRegistry.partyDirectories;
