import type { Logger } from '../log';
import type { Mapping, MappingContext } from '../mappings/types';
import type { TranslationTables } from '../mappings/tables';
import type { NationalError, NationalInterface } from '../national/types';

export interface RecordValidator {
  validate(iface: NationalInterface, record: unknown): NationalError[];
}

/** What the pipeline needs to know about one stream of one adapter instance. */
export interface StreamRuntime {
  adapterId: string;
  kind: string;
  stream: string;
  mapping: Mapping | undefined;
  instance: MappingContext['instance'];
  /** See StreamInfo.correctionField. */
  correctionField?: string;
}

/** Live dependencies; getters, because translation tables and code lists can be reloaded while running. */
export interface PipelineDeps {
  tables(): TranslationTables;
  validator(): RecordValidator;
  now(): number;
  log: Logger;
}

export interface ProcessCounts {
  mapped: number;
  unchanged: number;
  quarantined: number;
  deleted: number;
  stale: number;
  interfaces: Set<NationalInterface>;
}

export function emptyCounts(): ProcessCounts {
  return { mapped: 0, unchanged: 0, quarantined: 0, deleted: 0, stale: 0, interfaces: new Set() };
}
