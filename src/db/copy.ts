import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tx } from './pool';

/**
 * Rows for `COPY … FROM STDIN` in PostgreSQL's text format: columns separated by tabs, rows by
 * newlines, NULL as \N. The server reads them without parsing a statement or a JSON document, which
 * makes COPY the cheapest way to write a page of rows.
 *
 * The rows are kept as one string each and encoded straight into a buffer of their exact size: a page
 * joined into one string would be a megabyte-sized string made only to be encoded once and dropped.
 */
export class CopyRows {
  private readonly rows: string[] = [];
  private byteLength = 0;

  /** Appends one row; each value is text, a number, a boolean or null. */
  add(values: ReadonlyArray<string | number | boolean | null>): void {
    const fields = new Array<string>(values.length);
    for (let i = 0; i < values.length; i++) fields[i] = copyField(values[i]!);
    fields[values.length - 1] += '\n';
    // join writes one flat string; appending field by field would leave a tree of pieces to flatten.
    const row = fields.join('\t');
    this.rows.push(row);
    this.byteLength += Buffer.byteLength(row);
  }

  get size(): number {
    return this.rows.length;
  }

  /** The rows in COPY text format, UTF-8. */
  bytes(): Buffer {
    const buf = Buffer.allocUnsafe(this.byteLength);
    let at = 0;
    for (const row of this.rows) at += buf.write(row, at);
    return buf;
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
  await pipeline(Readable.from([rows.bytes()]), stream);
}
