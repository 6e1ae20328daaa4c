import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/pool';
import { claimPendingRecords, batchMembers } from '../../src/db/queries/batches';
import { recordCountTotals, openQuarantineTotals, sourceCountTotals } from '../../src/db/queries/counters';
import { schemaBefore, type SchemaBefore } from '../helpers/schema-before';

/**
 * A database written by the version before migration 0105 (national records carrying their own state)
 * migrates forward with every record in the same state, nothing queued twice and nothing lost.
 */
describe('migration 0105: national records written once', () => {
  let old: SchemaBefore;
  let db: Db;
  const before: Record<string, string> = {};

  beforeAll(async () => {
    old = await schemaBefore('0105');
    db = old.db;

    // What the previous version leaves behind: one record in each delivery state, a split batch whose
    // halves hold its records, a refused record with its quarantine entry.
    await db.query(`INSERT INTO source_records (adapter_id, stream, source_key, content_hash, ordering_key, payload, outcome)
                    SELECT 'a', 'people', 'k' || g, 'h' || g, '1', '{}'::jsonb, CASE WHEN g = 9 THEN 'quarantined' ELSE 'mapped' END FROM generate_series(1, 9) g`);
    const rec = async (
      recordId: string,
      version: number,
      state: string,
      batchId: string | null,
      pos: number | null,
      errors: unknown = null,
    ) => {
      await db.query(
        `INSERT INTO national_records (interface, record_id, version, body, content_hash, adapter_id, source_record_id, state, batch_id, batch_position, errors, delivered_at)
         VALUES ('subjects', $1, $2, $3, $4, 'a', 1, $5, $6, $7, $8, CASE WHEN $5 IN ('accepted', 'duplicate') THEN now() END)`,
        [
          recordId,
          version,
          JSON.stringify({ recordId, version }),
          `${recordId}:${version}`,
          state,
          batchId,
          pos,
          errors === null ? null : JSON.stringify(errors),
        ],
      );
      before[`${recordId}:${version}`] = state;
    };
    const batch = (id: string, state: string, n: number, parent: string | null = null) =>
      db.query(
        `INSERT INTO batches (batch_id, interface, state, record_count, body_bytes, parent_batch_id, delivered_at) VALUES ($1, 'subjects', $2, $3, 100, $4, CASE WHEN $2 = 'delivered' THEN now() END)`,
        [id, state, n, parent],
      );
    await batch('tg-old-delivered', 'delivered', 4);
    await batch('tg-old-queued', 'queued', 2);
    await batch('tg-old-split', 'split', 2);
    await batch('tg-old-half-1', 'delivered', 1, 'tg-old-split');
    await batch('tg-old-half-2', 'failing', 1, 'tg-old-split');
    await rec('R1', 1, 'accepted', 'tg-old-delivered', 0);
    await rec('R2', 1, 'duplicate', 'tg-old-delivered', 1, [{ code: 'E4009', message: 'same content' }]);
    await rec('R3', 1, 'rejected', 'tg-old-delivered', 2, [{ code: 'E4001', path: '/name', message: 'bad' }]);
    await rec('R4', 1, 'accepted', 'tg-old-delivered', 3);
    await rec('R5', 1, 'batched', 'tg-old-queued', 1);
    await rec('R6', 1, 'batched', 'tg-old-queued', 0);
    await rec('R7', 1, 'accepted', 'tg-old-half-1', 0);
    await rec('R8', 1, 'batched', 'tg-old-half-2', 0);
    await rec('R4', 2, 'superseded', null, null);
    await rec('R4', 3, 'pending', null, null);
    await rec('R9', 1, 'pending', null, null);
    await db.query(`INSERT INTO quarantine (adapter_id, stream, source_key, source_record_id, interface, record_id, stage, reasons, errors)
                    VALUES ('a', 'people', 'k3', 3, 'subjects', 'R3', 'platform', '{E4001}', '[]'), ('a', 'people', 'k9', 9, 'subjects', NULL, 'mapping', '{TG_MAP}', '[]')`);

    await old.migrateForward();
  });

  afterAll(async () => {
    await old?.drop();
  });

  it('keeps every version in the state it had', async () => {
    const rows = (await db.query(`SELECT record_id, version, state FROM national_record_states`)).rows;
    expect(Object.fromEntries(rows.map((r) => [`${r.record_id}:${r.version}`, r.state]))).toEqual(before);
    const refused = (await db.query(`SELECT errors, delivered_at FROM national_record_states WHERE record_id = 'R3'`)).rows[0];
    expect(refused.errors).toEqual([{ code: 'E4001', path: '/name', message: 'bad' }]);
    expect(refused.delivered_at).toBeNull();
  });

  it('keeps batch membership in batch order, so a batch under way sends the same records', async () => {
    expect((await batchMembers(db, 'tg-old-queued')).map((m) => m.recordId)).toEqual(['R6', 'R5']);
    expect((await batchMembers(db, 'tg-old-half-2')).map((m) => m.recordId)).toEqual(['R8']);
  });

  it('queues only what was pending: nothing delivered or in a batch is sent again', async () => {
    const claim = await claimPendingRecords(db, 'subjects', 100);
    const ids = (
      await db.query(`SELECT record_id || ':' || version AS v FROM national_records WHERE id = ANY($1::bigint[])`, [
        claim.records.map((r) => r.id),
      ])
    ).rows;
    expect(ids.map((r) => r.v).sort()).toEqual(['R4:3', 'R9:1']);
  });

  it('starts the kept counts from what is stored', async () => {
    const counts = Object.fromEntries((await recordCountTotals(db)).map((r) => [r.state, r.n]));
    expect(counts).toEqual({ accepted: 3, duplicate: 1, rejected: 1, batched: 3, superseded: 1, pending: 2 });
    expect((await openQuarantineTotals(db)).reduce((a, r) => a + r.n, 0)).toBe(2);
    expect(Object.fromEntries((await sourceCountTotals(db)).map((r) => [r.outcome, r.n]))).toEqual({ mapped: 8, quarantined: 1 });
  });
});
