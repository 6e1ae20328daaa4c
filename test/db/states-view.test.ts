import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * national_record_states finds a version's batch through the members index (batch_memberships_members),
 * also on tables the planner has no statistics for yet (a fresh or migrated database, autovacuum off or
 * not run yet) and with the batches inserted after the index: otherwise each version a trace page,
 * lineage or the records API reads costs a scan of every batch (migrations 0133, 0135).
 */
describe('the batch of a version in national_record_states', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
    const r = await t.db.query(
      `INSERT INTO national_records (interface, adapter_id, record_id, version, body, content_hash, source_record_id, trace_code)
       VALUES ('batches', 'a', 'B1', 1, '{"recordId":"B1"}', 'h', 1, '62010205000000000001') RETURNING id`,
    );
    // 2,000 batches of 500 members, as a few days of deliveries leave; the version sits in one more.
    await t.db.query(
      `INSERT INTO batches (batch_id, interface, record_count, body_bytes, record_ids, state, delivered_at)
       SELECT 'tg-' || g, 'batches', 500, 0, ARRAY(SELECT 1000000 + g * 500 + s FROM generate_series(1, 500) s), 'delivered', now()
         FROM generate_series(1, 2000) g`,
    );
    await t.db.query(
      `INSERT INTO batches (batch_id, interface, record_count, body_bytes, record_ids, state, delivered_at)
       VALUES ('tg-holding', 'batches', 3, 0, ARRAY[7, $1::bigint, 9], 'delivered', now())`,
      [r.rows[0].id],
    );
  });

  afterAll(async () => {
    await t?.drop();
  });

  it('is read through the members index without statistics, and is the batch that holds the version', async () => {
    const analysed = await t.db.query(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'batches' AND schemaname = $1`, [
      t.schema,
    ]);
    expect(analysed.rows[0].n).toBe(0);
    const lookup = `SELECT state, batch_id, batch_position FROM national_record_states WHERE trace_code = '62010205000000000001'`;
    const plan = (await t.db.query(`EXPLAIN ${lookup}`)).rows.map((row) => row['QUERY PLAN'] as string).join('\n');
    expect(plan).toContain('Bitmap Index Scan on batch_memberships_members');
    expect(plan).not.toMatch(/Seq Scan on (batches|batch_memberships)/);
    expect((await t.db.query(lookup)).rows).toEqual([{ state: 'accepted', batch_id: 'tg-holding', batch_position: 1 }]);
  });

  it('keeps no pending list in the members index', async () => {
    const r = await t.db.query(
      `SELECT c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'batch_memberships_members'`,
      [t.schema],
    );
    expect(r.rows[0].reloptions).toEqual(['fastupdate=off']);
  });

  it('keeps the memberships as batches are inserted, updated, deleted and truncated, and never indexes a batch row by its members', async () => {
    const members = async (batchId: string) =>
      (await t.db.query('SELECT record_ids::int[] AS ids FROM batch_memberships WHERE batch_id = $1', [batchId])).rows[0]?.ids ?? null;
    expect(await members('tg-holding')).toHaveLength(3);
    await t.db.query(
      `INSERT INTO batches (batch_id, interface, record_count, body_bytes, record_ids) VALUES ('tg-m', 'batches', 2, 0, '{11,12}')`,
    );
    expect(await members('tg-m')).toEqual([11, 12]);
    // Attempts and receipts do not set the members: the copy is left alone.
    await t.db.query(`UPDATE batches SET state = 'sending', attempts = attempts + 1 WHERE batch_id = 'tg-m'`);
    expect(await members('tg-m')).toEqual([11, 12]);
    await t.db.query(`UPDATE batches SET record_ids = '{11,12,13}' WHERE batch_id = 'tg-m'`);
    expect(await members('tg-m')).toEqual([11, 12, 13]);
    await t.db.query(`DELETE FROM batches WHERE batch_id = 'tg-m'`);
    expect(await members('tg-m')).toBeNull();
    const indexes = await t.db.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'batches' AND indexdef LIKE '%gin%'`,
      [t.schema],
    );
    expect(indexes.rows).toEqual([]);
    await t.db.query('TRUNCATE batches');
    expect((await t.db.query('SELECT count(*)::int AS n FROM batch_memberships')).rows[0].n).toBe(0);
  });
});
