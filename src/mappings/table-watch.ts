import fs from 'node:fs';
import path from 'node:path';
import { tablesNeeded } from './registry';
import { loadTranslationTables, type TableNeeds, type TranslationTables } from './tables';

/** A fingerprint of the translation folder (names, sizes, modification times). */
export function tablesFingerprint(dir: string): string {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return `${f}:${st.size}:${st.mtimeMs}`;
    })
    .join('|');
}

/**
 * Holds the translation tables in use and reloads them when an operator edits a file. A file that no
 * longer parses, or a table a registered mapping names that is gone, keeps the previous tables in
 * force, and the error is reported.
 */
export class TranslationTableSource {
  private tables: TranslationTables;
  private fingerprint: string;

  constructor(
    private readonly dir: string,
    private readonly needs: TableNeeds = tablesNeeded(),
  ) {
    this.tables = loadTranslationTables(dir, needs);
    this.fingerprint = tablesFingerprint(dir);
  }

  current(): TranslationTables {
    return this.tables;
  }

  /** Returns 'unchanged', 'reloaded', or the load error message. */
  reloadIfChanged(): 'unchanged' | 'reloaded' | { error: string } {
    const fp = tablesFingerprint(this.dir);
    if (fp === this.fingerprint) return 'unchanged';
    try {
      this.tables = loadTranslationTables(this.dir, this.needs);
      this.fingerprint = fp;
      return 'reloaded';
    } catch (err) {
      this.fingerprint = fp;
      return { error: (err as Error).message };
    }
  }
}
