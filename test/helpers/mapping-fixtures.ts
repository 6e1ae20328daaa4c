import path from 'node:path';
import { loadTranslationTables } from '../../src/mappings/tables';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import type { NationalError, NationalInterface } from '../../src/national/types';

/** What the mapping tests of every adapter kind share: tables, samples, national validation. */
export const ROOT = path.resolve(__dirname, '../..');
export const SAMPLES = path.join(ROOT, 'test/fixtures/samples');
export const tables = loadTranslationTables(path.join(ROOT, 'config/translations'));
export const REPORTED_AT = '2024-06-13T10:00:00+08:00';

const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });

/** National validation of a mapped record, completed as the pipeline completes it. */
export function validateMapped(iface: NationalInterface, record: Record<string, unknown>, reportedAt = REPORTED_AT): NationalError[] {
  return validator.validate(iface, { ...record, version: 1, reportedAt });
}

/** The value at a JSON pointer such as `/items/0/value`; undefined when absent. */
export function pointer(record: unknown, ptr: string): unknown {
  let value: unknown = record;
  for (const token of ptr.slice(1).split('/')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
}
