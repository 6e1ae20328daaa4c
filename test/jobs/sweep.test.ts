import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startTestBoss } from '../helpers/boss';
import { captureLogger } from '../helpers/log-capture';
import { peoplePage, peopleRuntime, VALID_CREDIT_CODE } from '../helpers/subjects-stream';
import { parkBatch } from '../../src/db/queries/batches';
import { setPaused } from '../../src/db/queries/national-state';
import { sweepOnce, type SweepDeps } from '../../src/jobs/sweep';
import { silentLogger } from '../../src/log';
import { TranslationTableSource } from '../../src/mappings/table-watch';
import { CodeListStore } from '../../src/national/codelist-store';
import { stagePage } from '../../src/pipeline/stage';
import type { PipelineDeps } from '../../src/pipeline/types';

describe('the periodic sweep', () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let dir: string;
  let tables: TranslationTableSource;
  let codeLists: CodeListStore;
  let woken = 0;
  const captured = captureLogger();
  const deps = (): SweepDeps => ({
    db: t.db,
    boss,
    limits: { maxRecords: 500, maxBytes: 4 << 20 },
    appKey: 'k-sweep',
    notifyDeliver: () => void woken++,
    codeLists,
    tables,
    log: captured.log,
  });
  const deliverJobsOf = async (batchId: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${t.bossSchema}.job WHERE name = 'deliver' AND data->>'batchId' = $1`, [batchId]))
      .rows[0].n as number;
  const replayJobs = async () =>
    (await t.db.query(`SELECT data, singleton_key FROM ${t.bossSchema}.job WHERE name = 'replay' ORDER BY singleton_key`)).rows as Array<{
      data: unknown;
      singleton_key: string;
    }>;

  beforeAll(async () => {
    t = await createTestDatabase();
    boss = await startTestBoss(t);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-sweep-tables-'));
    fs.cpSync(path.resolve('config/translations'), dir, { recursive: true });
    tables = new TranslationTableSource(dir);
    codeLists = new CodeListStore(t.db, { dir: path.resolve('config/codelists'), regionScope: '62', log: silentLogger() });
  });

  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await t?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('batches the versions a crash left queued and wakes the delivery workers', async () => {
    const pipeline: PipelineDeps = {
      tables: () => tables.current(),
      validator: () => codeLists.validator(),
      now: () => Date.now(),
      log: silentLogger(),
    };
    const people = Array.from({ length: 3 }, (_, i) => ({
      id: `s${i}`,
      name: `公司${i}`,
      code: VALID_CREDIT_CODE,
      gx: '2024-06-12 08:00:00',
    }));
    // Staged, but the pull that staged them never formed their batch.
    await stagePage(t.db, peopleRuntime(), peoplePage(people, 1), pipeline, { storeCursor: true });
    expect((await t.db.query('SELECT count(*)::int AS n FROM pending_records')).rows[0].n).toBe(3);

    await sweepOnce(deps());

    expect((await t.db.query('SELECT count(*)::int AS n FROM pending_records')).rows[0].n).toBe(0);
    const batches = (await t.db.query(`SELECT interface, cardinality(record_ids) AS n FROM batches`)).rows;
    expect(batches).toEqual([{ interface: 'subjects', n: 3 }]);
    expect(woken).toBeGreaterThan(0);
    expect(await replayJobs()).toEqual([]);
  });

  it('queues again the batches parked while delivery was paused once the credential is no longer paused', async () => {
    await setPaused(t.db, 'k-sweep', true, 'E2004: appKey disabled');
    const id = (await t.db.query(`SELECT batch_id FROM batches WHERE state = 'queued' LIMIT 1`)).rows[0].batch_id;
    expect(await parkBatch(t.db, id, 'k-sweep')).toBe(true);
    const jobsBefore = await deliverJobsOf(id);
    woken = 0;
    await sweepOnce(deps());
    expect(await deliverJobsOf(id)).toBe(jobsBefore);

    // Resumed by hand in the database, without the API's requeue.
    await t.db.query(`UPDATE national_state SET paused = false WHERE app_key = 'k-sweep'`);
    await sweepOnce(deps());
    expect(await deliverJobsOf(id)).toBe(jobsBefore + 1);
    expect((await t.db.query('SELECT parked_at FROM batches WHERE batch_id = $1', [id])).rows[0].parked_at).toBeNull();
    expect(woken).toBeGreaterThan(0);
    expect(captured.entries.find((e) => e.event === 'batches:unparked')).toMatchObject({ level: 'warn', batches: 1 });
  });

  it('replays the records quarantined for unknown codes and nodes once a translation table is edited', async () => {
    const file = path.join(dir, 'unit-labels.json');
    fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8').trimEnd()}\n\n`);

    await sweepOnce(deps());

    expect(captured.entries.some((e) => e.event === 'tables:reloaded')).toBe(true);
    expect(await replayJobs()).toEqual([
      { data: { filter: { reason: 'UNKNOWN_CODE' }, requestedBy: 'system:tables-changed' }, singleton_key: 'tables:UNKNOWN_CODE' },
      { data: { filter: { reason: 'UNKNOWN_NODE' }, requestedBy: 'system:tables-changed' }, singleton_key: 'tables:UNKNOWN_NODE' },
    ]);
    // Unchanged tables ask for nothing more.
    await sweepOnce(deps());
    expect(await replayJobs()).toHaveLength(2);
  });

  it('keeps the previous tables in force when an edited table does not load', async () => {
    const before = tables.current();
    fs.writeFileSync(path.join(dir, 'unit-labels.json'), '{ not json');

    await sweepOnce(deps());

    expect(tables.current()).toBe(before);
    expect(captured.entries.find((e) => e.event === 'tables:invalid')).toMatchObject({ level: 'error' });
    expect(await replayJobs()).toHaveLength(2);
  });
});
