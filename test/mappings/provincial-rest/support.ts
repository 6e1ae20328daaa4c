import fs from 'node:fs';
import path from 'node:path';
import { loadTranslationTables } from '../../../src/mappings/tables';
import type { MappingContext } from '../../../src/mappings/types';
import { loadBundledCodeLists } from '../../../src/national/codelists';
import { createValidator } from '../../../src/national/validate';
import type { NationalError, NationalInterface } from '../../../src/national/types';

export const ROOT = path.resolve(__dirname, '../../..');
export const SAMPLES = path.join(ROOT, 'test/fixtures/samples');
export const tables = loadTranslationTables(path.join(ROOT, 'config/translations'));
const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });

/** A mapping context over a fixed set of staged enterprises (qyid → raw payload). */
export function contextWith(enterprises: ReadonlyMap<string, unknown> = new Map()): MappingContext {
  return {
    tables,
    instance: { adapterId: 'gs-provincial', regionCode: '620000', sourceSystem: 'gs-provincial', params: {} },
    references: (stream, key) => (stream === 'enterprises' ? enterprises.get(key) : undefined),
  };
}

/** National validation of a mapped record, completed as the pipeline completes it. */
export function validateMapped(iface: NationalInterface, record: Record<string, unknown>, reportedAt = '2024-06-13T10:00:00+08:00'): NationalError[] {
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

export interface ManifestFile {
  file: string;
  source: string;
  stream?: string;
  request?: string;
  response?: { status: number; headers: Record<string, string> };
  page?: { outcome: string; reason?: string; warning?: string };
  expect: unknown;
}

export function provincialManifest(): ManifestFile[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'manifest.json'), 'utf8')) as { files: ManifestFile[] };
  return manifest.files.filter((f) => f.source === 'provincial');
}

export function sample(file: string): Buffer {
  return fs.readFileSync(path.join(SAMPLES, file));
}
