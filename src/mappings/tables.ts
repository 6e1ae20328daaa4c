import fs from 'node:fs';
import path from 'node:path';
import { normalizeLabel } from './common/normalize';

export interface TranslationEntry {
  source: string;
  target?: string;
  [attr: string]: unknown;
}

export interface TranslationTable {
  name: string;
  version: string;
  lookup: 'code' | 'label';
  target?: string;
  entries: TranslationEntry[];
  /** Extra top-level attributes of the file (commitment-texts `separators`, mvts-nodes `nodeTypes`). */
  attrs: Record<string, unknown>;
  /** Compared key (§5.2: labels normalised, codes trimmed) → entry. */
  index: ReadonlyMap<string, TranslationEntry>;
}

export type TranslationTables = Readonly<Record<string, TranslationTable>>;

/** Tables that must be loaded, each with what needs it (mapping `kind/stream`), for the error that names both. */
export type TableNeeds = ReadonlyMap<string, readonly string[]>;

export function tableKey(table: Pick<TranslationTable, 'lookup'>, value: string): string {
  return table.lookup === 'label' ? normalizeLabel(value) : value.trim();
}

export function buildTable(raw: Record<string, unknown>, file = 'table'): TranslationTable {
  const { name, version, lookup, target, entries, description: _d, sourceFields: _s, ...attrs } = raw as Record<string, any>;
  if (typeof name !== 'string' || !Array.isArray(entries) || (lookup !== 'code' && lookup !== 'label')) {
    throw new Error(`${file}: a translation table needs name, lookup ("code" | "label") and entries`);
  }
  const table: TranslationTable = { name, version: String(version ?? ''), lookup, target, entries, attrs, index: new Map() };
  const index = new Map<string, TranslationEntry>();
  entries.forEach((e: TranslationEntry, i: number) => {
    if (typeof e?.source !== 'string') throw new Error(`${file}: /entries/${i}/source must be a string`);
    const key = tableKey(table, e.source);
    if (index.has(key)) throw new Error(`${file}: /entries/${i}/source "${e.source}" repeats an earlier entry`);
    index.set(key, e);
  });
  return { ...table, index };
}

/**
 * Reads every `*.json` in the folder; the operator edits these files and replays. A table in `needs`
 * without its file is an error naming the file and what needs it.
 */
export function loadTranslationTables(dir = path.resolve('config/translations'), needs: TableNeeds = new Map()): TranslationTables {
  const tables: Record<string, TranslationTable> = {};
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const full = path.join(dir, file);
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch (err) {
      throw new Error(`${full}: not valid JSON (${(err as Error).message})`);
    }
    const table = buildTable(raw, full);
    tables[table.name] = table;
  }
  for (const [name, by] of needs) {
    if (!tables[name]) throw new Error(`${dir}: translation table ${name}.json is missing (needed by ${by.join(', ')})`);
  }
  return Object.freeze(tables);
}

export function lookupEntry(tables: TranslationTables, name: string, value: string): TranslationEntry | undefined {
  const table = tables[name];
  if (!table) throw new Error(`translation table ${name} is not loaded`);
  return table.index.get(tableKey(table, value));
}
