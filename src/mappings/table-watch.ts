import fs from 'node:fs';
import path from 'node:path';
import { loadTranslationTables, type TranslationTables } from './tables';

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
 * longer parses keeps the previous tables in force, and the error is reported.
 */
export class TranslationTableSource {
  private tables: TranslationTables;
  private fingerprint: string;

  constructor(private readonly dir: string) {
    this.tables = loadTranslationTables(dir);
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
      this.tables = loadTranslationTables(this.dir);
      this.fingerprint = fp;
      return 'reloaded';
    } catch (err) {
      this.fingerprint = fp;
      return { error: (err as Error).message };
    }
  }
}
