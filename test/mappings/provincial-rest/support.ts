import fs from 'node:fs';
import path from 'node:path';
import type { MappingContext } from '../../../src/mappings/types';

import { ROOT, SAMPLES, tables, validateMapped, pointer } from '../../helpers/mapping-fixtures';

export { ROOT, SAMPLES, tables, validateMapped, pointer };

/** A mapping context over a fixed set of staged enterprises (qyid → raw payload). */
export function contextWith(enterprises: ReadonlyMap<string, unknown> = new Map()): MappingContext {
  return {
    tables,
    instance: { adapterId: 'gs-provincial', regionCode: '620000', sourceSystem: 'gs-provincial', params: {} },
    references: (stream, key) => (stream === 'enterprises' ? enterprises.get(key) : undefined),
  };
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
