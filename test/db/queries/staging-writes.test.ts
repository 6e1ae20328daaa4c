import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAXED_COMMIT, withTransaction } from '../../../src/db/pool';
import { openQuarantineTotals, recordCountTotals, sourceCountTotals } from '../../../src/db/queries/counters';
import { listCursors } from '../../../src/db/queries/cursors';
import type { NewQuarantineEntry } from '../../../src/db/queries/quarantine';
import { StagingWrites } from '../../../src/db/queries/staging-writes';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';

const entry = (sourceKey: string, sourceRecordId: number): NewQuarantineEntry => ({
  adapterId: 'a1',
  stream: 'batches',
  sourceKey,
  sourceRecordId,
  interface: 'batches',
  recordId: null,
  nationalRecordId: null,
  stage: 'validation',
  reasons: ['E4002'],
  errors: [{ code: 'E4002' }],
});

describe('StagingWrites', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  it('writes nothing and sends no statement when nothing was gathered', async () => {
    const writes = new StagingWrites();
    expect(writes.empty).toBe(true);
    await withTransaction(t.db, (tx) => writes.write(tx));
  });

  it('closes the open entries of a key and opens its new one in the same statement, the new one left open', async () => {
    await withTransaction(t.db, async (tx) => {
      const first = new StagingWrites();
      first.quarantine([entry('k1', 1), entry('k2', 2)]);
      await first.write(tx);
    });
    await withTransaction(t.db, async (tx) => {
      const second = new StagingWrites();
      second.closeQuarantine('a1', 'batches', ['k1'], 'superseded');
      second.quarantine([entry('k1', 3)]);
      await second.write(tx);
    });
    const rows = (await t.db.query('SELECT source_key, source_record_id, resolution FROM quarantine ORDER BY source_record_id')).rows;
    expect(rows).toEqual([
      { source_key: 'k1', source_record_id: 1, resolution: 'superseded' },
      { source_key: 'k2', source_record_id: 2, resolution: null },
      { source_key: 'k1', source_record_id: 3, resolution: null },
    ]);
    expect(await openQuarantineTotals(t.db)).toEqual([
      { adapterId: 'a1', stream: 'batches', interface: 'batches', stage: 'validation', n: 2 },
    ]);
  });

  it('queues versions of several interfaces, takes superseded ones out of the queue and keeps the counts', async () => {
    await withTransaction(t.db, async (tx) => {
      const writes = new StagingWrites();
      writes.queue('batches', 'a1', [101, 102, 103], []);
      writes.queue('subjects', 'a1', [201], []);
      await writes.write(tx);
    });
    await withTransaction(t.db, async (tx) => {
      const writes = new StagingWrites();
      writes.queue('batches', 'a1', [104], [101, 102]);
      writes.countSourceOutcome('a1', 'batches', 'mapped', 1);
      writes.countSourceOutcome('a1', 'batches', 'mapped', 2);
      writes.countSourceOutcome('a1', 'batches', 'quarantined');
      writes.advanceCursor('a1', 'batches', { since: '2026-12-05T10:00:00+08:00' });
      await writes.write(tx);
    });
    const queued = (await t.db.query('SELECT interface, id FROM pending_records ORDER BY id')).rows;
    expect(queued).toEqual([
      { interface: 'batches', id: 103 },
      { interface: 'batches', id: 104 },
      { interface: 'subjects', id: 201 },
    ]);
    expect(await recordCountTotals(t.db)).toEqual([
      { adapterId: 'a1', interface: 'batches', state: 'pending', n: 2 },
      { adapterId: 'a1', interface: 'batches', state: 'superseded', n: 2 },
      { adapterId: 'a1', interface: 'subjects', state: 'pending', n: 1 },
    ]);
    expect(await sourceCountTotals(t.db)).toEqual([
      { adapterId: 'a1', stream: 'batches', outcome: 'mapped', n: 3 },
      { adapterId: 'a1', stream: 'batches', outcome: 'quarantined', n: 1 },
    ]);
    expect((await listCursors(t.db)).map((c) => c.cursor)).toEqual([{ since: '2026-12-05T10:00:00+08:00' }]);
  });

  it('writes nothing of a transaction that rolls back', async () => {
    await expect(
      withTransaction(t.db, async (tx) => {
        const writes = new StagingWrites();
        writes.queue('batches', 'a1', [900], []);
        writes.advanceCursor('a1', 'batches', { since: 'later' });
        await writes.write(tx);
        throw new Error('page failed');
      }),
    ).rejects.toThrow('page failed');
    expect((await t.db.query('SELECT 1 FROM pending_records WHERE id = 900')).rowCount).toBe(0);
    expect((await listCursors(t.db)).map((c) => c.cursor)).toEqual([{ since: '2026-12-05T10:00:00+08:00' }]);
  });

  it('forms batches of new versions without queueing them, counted as batched, and makes their transaction wait for its flush', async () => {
    await t.db.query('TRUNCATE pending_records, batches, record_counts');
    const settingAfter = (gather: (w: StagingWrites) => void) =>
      withTransaction(
        t.db,
        async (tx) => {
          const writes = new StagingWrites();
          gather(writes);
          await writes.write(tx);
          return (await tx.query(`SELECT current_setting('synchronous_commit') AS v`)).rows[0].v as string;
        },
        { begin: () => `BEGIN; SELECT ${RELAXED_COMMIT}` },
      );
    expect(await settingAfter((w) => w.queue('trades', 'a2', [301, 302], []))).toBe('off');
    expect(
      await settingAfter((w) => {
        w.batch({
          batchId: 'tg-trades-000000000000000000000001',
          iface: 'trades',
          adapterId: 'a2',
          recordIds: [305, 303, 304],
          bodyBytes: 900,
        });
        w.batch({ batchId: 'tg-trades-000000000000000000000002', iface: 'trades', adapterId: 'a2', recordIds: [306], bodyBytes: 400 });
        w.queue('trades', 'a2', [307], []);
      }),
    ).toBe('on');
    const batches = (
      await t.db.query(
        'SELECT batch_id, interface, state, record_count, body_bytes, record_ids::int[] AS record_ids FROM batches ORDER BY batch_id',
      )
    ).rows;
    expect(batches).toEqual([
      {
        batch_id: 'tg-trades-000000000000000000000001',
        interface: 'trades',
        state: 'queued',
        record_count: 3,
        body_bytes: 900,
        record_ids: [305, 303, 304],
      },
      {
        batch_id: 'tg-trades-000000000000000000000002',
        interface: 'trades',
        state: 'queued',
        record_count: 1,
        body_bytes: 400,
        record_ids: [306],
      },
    ]);
    expect((await t.db.query('SELECT id FROM pending_records ORDER BY id')).rows.map((r) => r.id)).toEqual([301, 302, 307]);
    expect(await recordCountTotals(t.db)).toEqual([
      { adapterId: 'a2', interface: 'trades', state: 'batched', n: 4 },
      { adapterId: 'a2', interface: 'trades', state: 'pending', n: 3 },
    ]);
  });
});
