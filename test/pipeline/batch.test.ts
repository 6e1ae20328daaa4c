import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabaseWithBoss } from '../helpers/boss';
import { claimPendingRecords } from '../../src/db/queries/batches';
import { withTransaction } from '../../src/db/pool';
import { batchBody, batchBodySize, formBatches, fullBatches } from '../../src/pipeline/batch';

describe('batch formation', () => {
  const env = useTestDatabaseWithBoss();

  beforeEach(async () => {
    await env.t.db.query('TRUNCATE national_records, batches, pending_records');
  });

  const insert = async (recordId: string, version: number, state = 'pending', bodyBytes = 20) => {
    const body = JSON.stringify({ recordId, version, pad: 'x'.repeat(Math.max(0, bodyBytes - 40)) });
    const r = await env.t.db.query(
      `INSERT INTO national_records (interface, adapter_id, record_id, version, body, content_hash, source_record_id)
       VALUES ('subjects', 'a', $1, $2, $3, $4, 1) RETURNING id`,
      [recordId, version, body, `${recordId}-${version}`],
    );
    const id = r.rows[0].id as number;
    if (state === 'pending')
      await env.t.db.query(`INSERT INTO pending_records (interface, id, adapter_id) VALUES ('subjects', $1, 'a')`, [id]);
    if (state === 'batched') {
      await env.t.db.query(
        `INSERT INTO batches (batch_id, interface, record_count, body_bytes, record_ids) VALUES ('tg-earlier', 'subjects', 1, 0, ARRAY[$1::bigint])
         ON CONFLICT (batch_id) DO UPDATE SET record_ids = batches.record_ids || $1::bigint, record_count = batches.record_count + 1`,
        [id],
      );
    }
    return id;
  };
  const membersByBatch = async () => {
    const r = await env.t.db.query(
      `SELECT batch_id, array_agg(record_id || ':' || version ORDER BY batch_position) AS m FROM national_record_states WHERE batch_id LIKE 'tg-subjects-%' GROUP BY batch_id`,
    );
    return r.rows.map((row) => row.m as string[]).sort((a, b) => a[0]!.localeCompare(b[0]!));
  };

  it('holds back a version while an earlier one of the same record is in a batch under way, and batches the rest', async () => {
    await insert('R1', 1, 'batched');
    await insert('R1', 2);
    for (let i = 0; i < 5; i++) await insert(`S${i}`, 1);

    expect(await formBatches(env.t.db, env.boss, 'subjects', { maxRecords: 2, maxBytes: 1_000_000 })).toBe(5);
    expect((await membersByBatch()).flat().sort()).toEqual(['S0:1', 'S1:1', 'S2:1', 'S3:1', 'S4:1']);
    const held = await env.t.db.query(`SELECT state FROM national_record_states WHERE record_id = 'R1' AND version = 2`);
    expect(held.rows[0].state).toBe('pending');

    await env.t.db.query(`UPDATE batches SET state = 'delivered', delivered_at = now() WHERE batch_id = 'tg-earlier'`);
    expect(await formBatches(env.t.db, env.boss, 'subjects', { maxRecords: 2, maxBytes: 1_000_000 })).toBe(1);
    expect((await membersByBatch()).flat()).toContain('R1:2');
  });

  it('finds an earlier version among many open batches, in the half of a split batch, and not in a delivered or split one', async () => {
    const openBatch = (batchId: string, ids: number[], state = 'queued') =>
      env.t.db.query(
        `INSERT INTO batches (batch_id, interface, record_count, body_bytes, record_ids, state) VALUES ($1, 'subjects', cardinality($2::bigint[]), 0, $2, $3)`,
        [batchId, ids, state],
      );
    // A backlog: 300 open batches of 500 members each, none of them the records below.
    for (let i = 0; i < 300; i++)
      await openBatch(
        `tg-backlog-${i}`,
        Array.from({ length: 500 }, (_, j) => 10_000_000 + i * 500 + j),
      );
    const inHalf = await insert('SPLIT', 1, 'none');
    await openBatch('tg-parent', [inHalf, 20_000_000], 'split');
    await openBatch('tg-half', [inHalf], 'failing');
    const inDelivered = await insert('DONE', 1, 'none');
    await openBatch('tg-done', [inDelivered], 'delivered');
    const onlyInSplit = await insert('GONE', 1, 'none');
    await openBatch('tg-split-only', [onlyInSplit], 'split');
    await insert('SPLIT', 2);
    await insert('DONE', 2);
    await insert('GONE', 2);

    const claim = await withTransaction(env.t.db, (tx) => claimPendingRecords(tx, 'subjects', 10));
    const claimed = await env.t.db.query(`SELECT record_id FROM national_records WHERE id = ANY($1::bigint[]) ORDER BY record_id`, [
      claim.records.map((r) => r.id),
    ]);
    expect(claimed.rows.map((r) => r.record_id)).toEqual(['DONE', 'GONE']);
  });

  it('goes on past a whole claim of held-back versions to the pending ones after them', async () => {
    for (let i = 0; i < 4; i++) {
      await insert(`H${i}`, 1, 'batched');
      await insert(`H${i}`, 2);
    }
    await insert('N1', 1);
    expect(await formBatches(env.t.db, env.boss, 'subjects', { maxRecords: 2, maxBytes: 1_000_000 })).toBe(1);
    expect(await membersByBatch()).toEqual([['N1:1']]);
  });

  it('while a pull runs, forms only batches at a limit and leaves the rest queued', async () => {
    for (let i = 0; i < 5; i++) await insert(`F${i}`, 1);
    expect(await formBatches(env.t.db, env.boss, 'subjects', { maxRecords: 2, maxBytes: 1_000_000 }, undefined, { fullOnly: true })).toBe(
      4,
    );
    expect((await membersByBatch()).map((b) => b.length)).toEqual([2, 2]);
    expect((await env.t.db.query(`SELECT count(*)::int AS n FROM pending_records`)).rows[0].n).toBe(1);
    expect(await formBatches(env.t.db, env.boss, 'subjects', { maxRecords: 2, maxBytes: 1_000_000 })).toBe(1);
  });

  it('says how many queued versions lie beyond a claim, counted up to its limit, so a claim that could find no batch is not made', async () => {
    for (let i = 0; i < 7; i++) await insert(`C${i}`, 1);
    const beyond = (limit: number, afterId = 0) =>
      withTransaction(env.t.db, async (tx) => (await claimPendingRecords(tx, 'subjects', limit, afterId)).beyond);
    expect(await beyond(2)).toBe(2);
    expect(await beyond(3)).toBe(3);
    expect(await beyond(5)).toBe(2);
    expect(await beyond(7)).toBe(0);
    expect(await beyond(10)).toBe(0);
  });

  it('while a pull runs, stops after the last batch at the limit and after it forms the rest', async () => {
    for (let i = 0; i < 7; i++) await insert(`L${i}`, 1);
    const limits = { maxRecords: 3, maxBytes: 1_000_000 };
    expect(await formBatches(env.t.db, env.boss, 'subjects', limits, undefined, { fullOnly: true })).toBe(6);
    expect((await membersByBatch()).map((b) => b.length)).toEqual([3, 3]);
    expect(await formBatches(env.t.db, env.boss, 'subjects', limits)).toBe(1);
    expect((await env.t.db.query(`SELECT count(*)::int AS n FROM pending_records`)).rows[0].n).toBe(0);
  });

  it('starts the next batch with the claimed versions that the byte limit left out', async () => {
    for (let i = 0; i < 6; i++) await insert(`B${i}`, 1, 'pending', 200);
    expect(await formBatches(env.t.db, env.boss, 'subjects', { maxRecords: 4, maxBytes: 700 })).toBe(6);
    const batches = await membersByBatch();
    expect(batches.flat().sort()).toEqual(['B0:1', 'B1:1', 'B2:1', 'B3:1', 'B4:1', 'B5:1']);
    expect(batches.every((b) => b.length < 4)).toBe(true);
    const ids = await env.t.db.query(
      `SELECT count(DISTINCT batch_id)::int AS n FROM national_record_states WHERE state = 'batched' AND batch_id LIKE 'tg-subjects-%'`,
    );
    expect(ids.rows[0].n).toBe(batches.length);
  });
});

describe('the request body of a batch', () => {
  it("is the members' stored JSON in order inside the envelope, as UTF-8 of exactly its size", () => {
    const bodies = ['{"recordId":"a","name":"兰州市𠀀"}', '{"recordId":"b"}', '{"recordId":"c","note":"é"}'];
    const body = batchBody('tg-trades-1', bodies);
    const text = `{"batchId":"tg-trades-1","records":[${bodies.join(',')}]}`;
    expect(body.toString('utf8')).toBe(text);
    expect(body.length).toBe(Buffer.byteLength(text));
    expect(batchBodySize('tg-trades-1', bodies)).toBe(body.length);
    expect(JSON.parse(body.toString('utf8')).records.map((r: { recordId: string }) => r.recordId)).toEqual(['a', 'b', 'c']);
  });

  it('holds an empty list when there are no members', () => {
    expect(batchBody('tg-trades-2', []).toString('utf8')).toBe('{"batchId":"tg-trades-2","records":[]}');
  });
});

describe('full batches drawn up from new versions', () => {
  const bodies = (sizes: number[]) => sizes.map((bytes, i) => ({ id: 100 + i, bytes }));
  const sizeOf = (batchId: string, sizes: number[]) =>
    batchBodySize(
      batchId,
      sizes.map((n) => 'x'.repeat(n)),
    );

  it('fills batches at the record limit in order and leaves what cannot fill one', () => {
    const { batches, rest } = fullBatches('subjects', bodies([10, 10, 10, 10, 10, 10, 10]), { maxRecords: 3, maxBytes: 4 * 1024 * 1024 });
    expect(batches.map((b) => b.recordIds)).toEqual([
      [100, 101, 102],
      [103, 104, 105],
    ]);
    expect(rest).toEqual([{ id: 106, bytes: 10 }]);
    for (const b of batches) {
      expect(b.batchId).toMatch(/^tg-subjects-[0-9a-f]{24}$/);
      expect(b.iface).toBe('subjects');
      expect(b.bodyBytes).toBe(sizeOf(b.batchId, [10, 10, 10]));
    }
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(2);
  });

  it('closes a batch where the next version would pass the byte limit, its body exactly that size', () => {
    const sizes = [300, 300, 300, 300, 300];
    const { batches, rest } = fullBatches('trades', bodies(sizes), { maxRecords: 500, maxBytes: 1000 });
    expect(batches.map((b) => b.recordIds)).toEqual([[100, 101, 102]]);
    expect(batches[0]!.bodyBytes).toBe(sizeOf(batches[0]!.batchId, [300, 300, 300]));
    expect(batches[0]!.bodyBytes).toBeLessThanOrEqual(1000);
    expect(rest.map((c) => c.id)).toEqual([103, 104]);
  });

  it('gives a version too large for any batch one of its own, as forming from the queue does', () => {
    const { batches, rest } = fullBatches('trades', bodies([50, 5000, 50]), { maxRecords: 500, maxBytes: 1000 });
    expect(batches.map((b) => b.recordIds)).toEqual([[100], [101]]);
    expect(rest.map((c) => c.id)).toEqual([102]);
  });

  it('forms nothing from fewer versions than a batch holds, or from none', () => {
    expect(fullBatches('subjects', bodies([10, 10]), { maxRecords: 3, maxBytes: 4096 })).toEqual({ batches: [], rest: bodies([10, 10]) });
    expect(fullBatches('subjects', [], { maxRecords: 3, maxBytes: 4096 })).toEqual({ batches: [], rest: [] });
  });
});
