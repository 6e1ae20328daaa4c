import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mappings, tablesNeeded } from '../../src/mappings/registry';
import { TranslationTableSource } from '../../src/mappings/table-watch';
import { loadTranslationTables } from '../../src/mappings/tables';

const BUNDLED = path.resolve(__dirname, '../../config/translations');
const copies: string[] = [];

/** A copy of the bundled tables, without the files left out. */
function copyWithout(...leftOut: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-tables-'));
  copies.push(dir);
  for (const f of fs.readdirSync(BUNDLED)) if (!leftOut.includes(f)) fs.copyFileSync(path.join(BUNDLED, f), path.join(dir, f));
  return dir;
}

afterEach(() => {
  while (copies.length) fs.rmSync(copies.pop()!, { recursive: true, force: true });
});

describe('translation tables named by the registered mappings', () => {
  it('are the bundled tables, each needed by the mappings that name it', () => {
    const needs = tablesNeeded();
    expect([...needs.keys()].sort()).toEqual(
      fs
        .readdirSync(BUNDLED)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
        .sort(),
    );
    expect(needs.get('unit-labels')).toEqual([
      'provincial-rest/batches',
      'provincial-rest/certificates',
      'market-csv/entries',
      'market-csv/sales',
    ]);
    expect(needs.get('mvts-nodes')).toEqual(['mvts-xml/TZ', 'mvts-xml/JC', 'mvts-xml/JY', 'mvts-xml/PS']);
    for (const m of mappings)
      expect(
        m.tables.every((t) => needs.has(t)),
        `${m.from.kind}/${m.from.stream}`,
      ).toBe(true);
  });

  it('refuses a folder without one of them, naming the file and the mappings that need it', () => {
    const dir = copyWithout('basis-labels.json');
    expect(() => loadTranslationTables(dir, tablesNeeded())).toThrow(
      `${dir}: translation table basis-labels.json is missing (needed by provincial-rest/certificates)`,
    );
    expect(() => new TranslationTableSource(dir)).toThrow(/basis-labels\.json is missing/);
    // Needing nothing, the same folder loads.
    expect(loadTranslationTables(dir)['basis-labels']).toBeUndefined();
  });

  it('keeps the tables in force when a reload finds a needed table gone', () => {
    const dir = copyWithout();
    const source = new TranslationTableSource(dir);
    const before = source.current();
    fs.rmSync(path.join(dir, 'mvts-goods.json'));
    expect(source.reloadIfChanged()).toEqual({
      error: `${dir}: translation table mvts-goods.json is missing (needed by mvts-xml/JC, mvts-xml/JY)`,
    });
    expect(source.current()).toBe(before);
  });
});
