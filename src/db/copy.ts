import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tx } from './pool';

/**
 * Rows for `COPY … FROM STDIN` in PostgreSQL's text format: columns separated by tabs, rows by
 * newlines, NULL as \N. The server reads them without parsing a statement or a JSON document, which
 * makes COPY the cheapest way to write a page of rows.
 */
export class CopyRows {
  /** Fields and separators, joined once (cheaper than building a string per row). */
  private readonly parts: string[] = [];
  private rows = 0;

  /** Appends one row; each value is text, a number, a boolean or null. */
  add(values: ReadonlyArray<string | number | boolean | null>): void {
    for (let i = 0; i < values.length; i++) {
      this.parts.push(copyField(values[i]!));
      this.parts.push(i === values.length - 1 ? '\n' : '\t');
    }
    this.rows++;
  }

  get size(): number {
    return this.rows;
  }

  text(): string {
    return this.parts.join('');
  }
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
export function copyField(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}

/** Runs `COPY <target> FROM STDIN` with the given rows, in the caller's transaction. */
export async function copyInto(tx: Tx, target: string, rows: CopyRows): Promise<void> {
  if (rows.size === 0) return;
  const stream = tx.query(copyFrom(`COPY ${target} FROM STDIN`));
  await pipeline(Readable.from([rows.text()]), stream);
}
