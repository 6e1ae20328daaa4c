import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/pool';
import { insertBatch, startBatchAttempt } from '../../src/db/queries/batches';
import { insertVersionWithoutLinks, schemaBefore, type SchemaBefore } from '../helpers/schema-before';

/**
 * A database written before migration 0135 (a batch's members indexed on its own row) migrates forward
 * with every batch's members in batch_memberships, and the states of its versions as they were.
 */
describe('migration 0135: batch memberships in a table of their own', () => {
  let old: SchemaBefore;
  let db: Db;
  let before: unknown[];
  const states = async () =>
    (await db.query('SELECT record_id, state, batch_id, batch_position FROM national_record_states ORDER BY record_id')).rows;

  beforeAll(async () => {
    old = await schemaBefore('0135');
    db = old.db;
    for (const r of ['R1', 'R2', 'R3', 'R4']) await insertVersionWithoutLinks(db, 'subjects', r, {});
    const versions = (await db.query('SELECT id FROM national_records ORDER BY record_id')).rows.map((row) => Number(row.id));
    await db.query(
      `INSERT INTO batches (batch_id, interface, record_count, body_bytes, record_ids, state, delivered_at) VALUES
         ('tg-delivered', 'subjects', 2, 0, $1, 'delivered', now()), ('tg-split', 'subjects', 1, 0, $2, 'split', NULL)`,
      [[versions[1], versions[0]], [versions[2]]],
    );
    await db.query(
      `INSERT INTO batches (batch_id, interface, record_count, body_bytes, record_ids) VALUES ('tg-queued', 'subjects', 1, 0, $1)`,
      [[versions[2]]],
    );
    before = await states();
    await old.migrateForward();
  });

  afterAll(async () => {
    await old?.drop();
  });

  it('copies the members of every batch and keeps the states, batches and positions of the versions', async () => {
    const memberships = (await db.query('SELECT batch_id, cardinality(record_ids)::int AS n FROM batch_memberships ORDER BY batch_id'))
      .rows;
    expect(memberships).toEqual([
      { batch_id: 'tg-delivered', n: 2 },
      { batch_id: 'tg-queued', n: 1 },
      { batch_id: 'tg-split', n: 1 },
    ]);
    expect(await states()).toEqual(before);
    expect(before).toEqual([
      { record_id: 'R1', state: 'accepted', batch_id: 'tg-delivered', batch_position: 1 },
      { record_id: 'R2', state: 'accepted', batch_id: 'tg-delivered', batch_position: 0 },
      { record_id: 'R3', state: 'batched', batch_id: 'tg-queued', batch_position: 0 },
      { record_id: 'R4', state: 'superseded', batch_id: null, batch_position: null },
    ]);
  });

  it('finds the batch of a version batched after it, through an attempt', async () => {
    const r4 = (await db.query(`SELECT id FROM national_records WHERE record_id = 'R4'`)).rows[0].id as number;
    await insertBatch(db, { batchId: 'tg-after', iface: 'subjects', recordIds: [r4], bodyBytes: 10 });
    expect(await startBatchAttempt(db, 'tg-after', 'app', { members: false })).toMatchObject({ kind: 'started', attempts: 1 });
    const row = (await db.query(`SELECT state, batch_id, batch_position FROM national_record_states WHERE record_id = 'R4'`)).rows[0];
    expect(row).toEqual({ state: 'batched', batch_id: 'tg-after', batch_position: 0 });
  });
});
