import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textArrayLiteral } from '../../src/db/array-literal';
import { copyField, copyInto, CopyRows } from '../../src/db/copy';
import { withTransaction } from '../../src/db/pool';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { untilWaitingOnLock } from '../helpers/lock-wait';

/** The rows a COPY sends: its messages without the CopyData header and the CopyDone after them. */
const rowBytes = (rows: CopyRows) => rows.copyMessages().subarray(5, -5);

describe('COPY text rows', () => {
  it('escapes exactly the characters the text format gives a meaning to', () => {
    expect(copyField('plain 文本')).toBe('plain 文本');
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField(null)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField(42)).toBe('42');
    expect(copyField(false)).toBe('false');
  });

  it('encodes the rows as UTF-8 in a buffer of exactly their size', () => {
    const rows = new CopyRows();
    rows.add(['甘肃省兰州市', '𠀀', 'é']);
    rows.add(['plain', null, 7]);
    const bytes = rowBytes(rows);
    expect(bytes.toString('utf8')).toBe('甘肃省兰州市\t𠀀\té\nplain\t\\N\t7\n');
    expect(bytes.length).toBe(Buffer.byteLength('甘肃省兰州市\t𠀀\té\nplain\t\\N\t7\n'));
    const messages = rows.copyMessages();
    expect(messages.length).toBe(bytes.length + 10);
    expect([messages.toString('latin1', 0, 1), messages.readUInt32BE(1)]).toEqual(['d', bytes.length + 4]);
    expect([...messages.subarray(-5)]).toEqual([0x63, 0, 0, 0, 4]);
  });

  it('grows past the bytes it expected without losing or splitting a character', () => {
    const rows = new CopyRows(8);
    let expected = '';
    for (let i = 0; i < 2000; i++) {
      const label = i % 3 === 0 ? '兰州百合'.repeat(i % 40) : i % 3 === 1 ? '𠀀'.repeat(i % 25) : 'x'.repeat(i % 700);
      rows.add([i, label, null]);
      expected += `${i}\t${label}\t\\N\n`;
    }
    expect(rows.size).toBe(2000);
    expect(rowBytes(rows).equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(rows.copyMessages().readUInt32BE(1)).toBe(Buffer.byteLength(expected) + 4);
  });

  it('builds one line per row, fields separated by tabs', () => {
    const rows = new CopyRows();
    rows.add(['a', 1, null]);
    rows.add(['b\tc', 2, true]);
    expect(rows.size).toBe(2);
    expect(rowBytes(rows).toString('utf8')).toBe('a\t1\t\\N\nb\\tc\t2\ttrue\n');
  });
});

describe('copyInto', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.query('CREATE TABLE copy_probe (id int PRIMARY KEY, label text, doc json, flag boolean)');
    await t.db.query('CREATE TABLE copy_array_probe (id int PRIMARY KEY, codes text[])');
  });
  afterAll(async () => t?.drop());

  it('stores every value as given, whatever characters it holds', async () => {
    const values = ['tab\there', 'line\nbreak', 'cr\rhere', 'back\\slash', '\\N', '', '兰州百合 ✓', 'quote " and \'', 'trailing\\'];
    const docs = values.map((v) => JSON.stringify({ v, nested: { escaped: '\\"' } }));
    const rows = new CopyRows();
    values.forEach((v, i) => rows.add([i, v, docs[i]!, i % 2 === 0]));
    rows.add([values.length, null, null, null]);
    await withTransaction(t.db, (tx) => copyInto(tx, 'copy_probe (id, label, doc, flag)', rows));
    const stored = (await t.db.query('SELECT id, label, doc::text AS doc, flag FROM copy_probe ORDER BY id')).rows;
    expect(stored.slice(0, values.length).map((r) => r.label)).toEqual(values);
    expect(stored.slice(0, values.length).map((r) => r.doc)).toEqual(docs);
    expect(stored[values.length]).toEqual({ id: values.length, label: null, doc: null, flag: null });
  });

  it('stores text arrays element by element, whatever characters the elements hold', async () => {
    const arrays = [
      ['62012301260105000018', '62012305260105000021'],
      ['a,b', '{braced}', 'with space', 'NULL', '', 'quote " here', 'back\\slash', 'tab\there', '兰州'],
      [],
    ];
    const rows = new CopyRows();
    arrays.forEach((a, i) => rows.add([i, textArrayLiteral(a)]));
    rows.add([arrays.length, null]);
    await withTransaction(t.db, (tx) => copyInto(tx, 'copy_array_probe (id, codes)', rows));
    const stored = (await t.db.query('SELECT id, codes FROM copy_array_probe ORDER BY id')).rows;
    expect(stored.map((r) => r.codes)).toEqual([...arrays, null]);
  });

  it('fails the transaction on a bad row, and writes nothing of it', async () => {
    const rows = new CopyRows();
    rows.add([100, 'fine', '{}', true]);
    rows.add([101, 'bad json', '{not json', true]);
    await expect(withTransaction(t.db, (tx) => copyInto(tx, 'copy_probe (id, label, doc, flag)', rows))).rejects.toThrow(/json/i);
    expect((await t.db.query('SELECT count(*)::int AS n FROM copy_probe WHERE id >= 100')).rows[0].n).toBe(0);
  });

  it('does nothing for no rows', async () => {
    await withTransaction(t.db, (tx) => copyInto(tx, 'copy_probe (id, label, doc, flag)', new CopyRows()));
  });

  it('writes the statement, all the rows and the end in one socket write, before the server answers', async () => {
    const rows = new CopyRows();
    for (let i = 200; i < 1200; i++) rows.add([i, `label ${i}`, '{}', true]);
    const client = await t.db.connect();
    type Chunk = { chunk: Buffer };
    const socket = (client as unknown as { connection: { stream: Record<'_write' | '_writev', (...args: unknown[]) => void> } }).connection
      .stream;
    const { _write: write, _writev: writev } = socket;
    const written: number[][] = [];
    socket._write = function (this: unknown, ...args: unknown[]) {
      written.push([(args[0] as Buffer).length]);
      return write.apply(this, args);
    };
    socket._writev = function (this: unknown, ...args: unknown[]) {
      written.push((args[0] as Chunk[]).map((c) => c.chunk.length));
      return writev.apply(this, args);
    };
    try {
      await copyInto(client, 'copy_probe (id, label, doc, flag)', rows);
    } finally {
      socket._write = write;
      socket._writev = writev;
      client.release();
    }
    const statement = 'COPY copy_probe (id, label, doc, flag) FROM STDIN';
    // One socket write: the Query message ('Q', length, text, NUL), then CopyData and CopyDone.
    expect(written).toEqual([[5 + Buffer.byteLength(statement) + 1, rowBytes(rows).length + 10]]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM copy_probe WHERE id BETWEEN 200 AND 1199')).rows[0].n).toBe(1000);
  });

  it('fails with the server’s error when the statement is refused, and the connection serves the next statement', async () => {
    const rows = new CopyRows();
    rows.add([1, 'x', '{}', true]);
    const client = await t.db.connect();
    try {
      await expect(copyInto(client, 'no_such_table (id)', rows)).rejects.toThrow(/no_such_table/);
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
  });

  it('fails, instead of waiting for ever, when the connection is lost during the COPY', async () => {
    const rows = new CopyRows();
    rows.add([5000, 'x', '{}', true]);
    const holder = await t.db.connect();
    const client = await t.db.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE copy_probe IN ACCESS EXCLUSIVE MODE');
      const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const copying = copyInto(client, 'copy_probe (id, label, doc, flag)', rows);
      copying.catch(() => undefined);
      await untilWaitingOnLock(t.db, { pid });
      await t.db.query('SELECT pg_terminate_backend($1)', [pid]);
      await expect(copying).rejects.toThrow();
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
      client.release(true);
    }
  });
});
