import type { Connection, Submittable } from 'pg';
import type { Tx } from './pool';

/**
 * Rows for `COPY … FROM STDIN` in PostgreSQL's text format: columns separated by tabs, rows by
 * newlines, NULL as \N. The server reads them without parsing a statement or a JSON document, which
 * makes COPY the cheapest way to write a page of rows.
 *
 * Each row is encoded into one growing buffer as it is added, behind room for the CopyData header: no
 * array of the rows' texts is kept until the page is sent, and no second pass measures each row's
 * UTF-8 length.
 */
export class CopyRows {
  private buf: Buffer;
  private at = HEADER;
  private rows = 0;

  /** `expectedBytes`: about the rows' length, which saves growing the buffer on the way. */
  constructor(expectedBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(HEADER + expectedBytes + TRAILER);
  }

  /** Appends one row; each value is text, a number, a boolean or null. */
  add(values: ReadonlyArray<string | number | boolean | null>): void {
    const fields = new Array<string>(values.length);
    for (let i = 0; i < values.length; i++) fields[i] = copyField(values[i]!);
    fields[values.length - 1] += '\n';
    // join writes one flat string; appending field by field would leave a tree of pieces to flatten.
    const row = fields.join('\t');
    // A UTF-16 code unit takes at most three bytes of UTF-8 (a surrogate pair, two units, takes four):
    // the row's exact length is measured only where the bound would not fit.
    if (this.at + row.length * 3 + TRAILER > this.buf.length) this.reserve(Buffer.byteLength(row));
    this.at += this.buf.write(row, this.at);
    this.rows++;
  }

  get size(): number {
    return this.rows;
  }

  /**
   * The rows (COPY text format, UTF-8) as the frontend messages of a COPY: one CopyData ('d',
   * length) holding them all, then CopyDone ('c', length 4), in one buffer that one socket write sends.
   */
  copyMessages(): Buffer {
    this.reserve(0);
    const buf = this.buf;
    buf[0] = 0x64;
    buf.writeUInt32BE(this.at - 1, 1);
    buf[this.at] = 0x63;
    buf.writeUInt32BE(4, this.at + 1);
    return buf.subarray(0, this.at + TRAILER);
  }

  private reserve(bytes: number): void {
    const needed = this.at + bytes + TRAILER;
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }
}

/** CopyData's type byte and length; CopyDone's. */
const HEADER = 5;
const TRAILER = 5;

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
  await new Promise<void>((resolve, reject) => {
    tx.query(new CopyIn(`COPY ${target} FROM STDIN`, rows.copyMessages(), (err) => (err ? reject(err) : resolve())));
  });
}

/**
 * A COPY FROM STDIN as a query object of `pg` (its "submittable" interface, as pg-copy-streams and
 * pg-cursor use): the statement, every row and the end in one socket write, without waiting for the
 * server's CopyInResponse. The server reads them in order; when it refuses the statement it ignores
 * the CopyData and CopyDone that follow (the protocol's rule for a failed COPY), so the connection
 * serves the next statement. A stream of chunks (pg-copy-streams) writes the statement, then each
 * chunk's header, the chunk and the end separately; each write costs the thread 0.1–0.5 ms (it wakes
 * the server), and waiting for CopyInResponse costs a round trip.
 * Settles once: at the server's ReadyForQuery, or with an error (the server's, or the connection lost).
 */
class CopyIn implements Submittable {
  private settled = false;

  constructor(
    private readonly text: string,
    private readonly messages: Buffer,
    private readonly done: (err?: Error) => void,
  ) {}

  submit(connection: Connection): void {
    // Corked, the statement's Query message and the rows leave in one writev, the rows uncopied.
    connection.stream.cork();
    connection.query(this.text);
    connection.stream.write(this.messages);
    connection.stream.uncork();
  }

  handleCopyInResponse(): void {}

  // `pg` hands a query either its error (from the server or a lost connection), or ReadyForQuery.
  handleError(err: Error): void {
    this.settle(err);
  }

  handleReadyForQuery(): void {
    this.settle();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}

  private settle(err?: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.done(err);
  }
}
