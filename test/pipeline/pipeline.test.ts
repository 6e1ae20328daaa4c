import { keptAndCountedAgain } from '../helpers/kept-counts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PgBoss from 'pg-boss';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startTestBoss } from '../helpers/boss';
import { createDeliverHandler } from '../../src/jobs/deliver';
import { silentLogger } from '../../src/log';
import { loadTranslationTables } from '../../src/mappings/tables';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { createNationalClient } from '../../src/national/client';
import { createSharedRateLimiter } from '../../src/national/rate-limit';
import { createMockNational, type MockNational } from '../../src/demo/national';
import { preparePage, stagePage } from '../../src/pipeline/stage';
import { batchBody, formBatches, type CarriedVersion } from '../../src/pipeline/batch';
import { FormedBatches } from '../../src/pipeline/formed-batches';
import { batchMembers } from '../../src/db/queries/batches';
import type { PipelineDeps } from '../../src/pipeline/types';
import { decideRevisions } from '../../src/pipeline/process';
import { StagingWrites } from '../../src/db/queries/staging-writes';
import type { Tx } from '../../src/db/pool';
import { peoplePage, peopleRuntime, VALID_CREDIT_CODE, WRONG_CHECK_CREDIT_CODE } from '../helpers/subjects-stream';

const rt = peopleRuntime();
const page = peoplePage;
const GOOD = VALID_CREDIT_CODE;
const BAD_CHECK = WRONG_CHECK_CREDIT_CODE;

describe('pipeline: stage → version → batch → deliver → receipt', () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let mock: MockNational;
  let deps: PipelineDeps;
  let deliver: ReturnType<typeof createDeliverHandler>;

  beforeAll(async () => {
    t = await createTestDatabase();
    boss = await startTestBoss(t);
    mock = createMockNational({ clients: [{ appKey: 'k-test', appSecret: 'secret-test-123', regionScope: '62' }], rateLimitPerSecond: 0 });
    const { url } = await mock.listen(0);
    const codeLists = loadBundledCodeLists();
    const validator = createValidator({ codeLists, regionScope: '62' });
    const tables = loadTranslationTables();
    deps = { tables: () => tables, validator: () => validator, now: () => Date.parse('2026-01-05T02:00:00Z'), log: silentLogger() };
    const client = createNationalClient({
      baseUrl: url,
      appKey: 'k-test',
      appSecret: 'secret-test-123',
      signMethod: 'HMAC-SM3',
      timeoutMs: 5000,
    });
    deliver = createDeliverHandler({
      db: t.db,
      boss,
      client,
      limiter: createSharedRateLimiter(t.db, { key: 'k-test', perSecond: 1000 }),
      appKey: 'k-test',
      log: silentLogger(),
    });
  });

  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await mock?.close();
    await t?.drop();
  });

  const count = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params)).rows[0].n as number;
  const deliverAll = async () => {
    const r = await t.db.query(`SELECT batch_id, interface FROM batches WHERE state IN ('queued','failing') ORDER BY created_at`);
    for (const row of r.rows) await deliver({ batchId: row.batch_id, interface: row.interface });
  };

  it('stages a page, quarantines what fails, and moves the cursor in the same transaction', async () => {
    const res = await stagePage(
      t.db,
      rt,
      page(
        [
          { id: 'p1', name: '甲公司', code: GOOD, gx: '2024-06-12 08:00:00' },
          { id: 'p2', name: '?', code: GOOD, gx: '2024-06-12 08:00:01' },
          { id: 'p3', name: '丙公司', code: BAD_CHECK, gx: '2024-06-12 08:00:02' },
          { id: 'p4', name: '丁公司', code: GOOD, gx: '2024-06-12 08:00:03', del: true },
        ],
        4,
      ),
      deps,
      { storeCursor: true },
    );
    expect(res).toMatchObject({ received: 4, newRevisions: 4, mapped: 1, quarantined: 2, deleted: 1 });
    const q = (await t.db.query(`SELECT source_key, stage, reasons, errors FROM quarantine WHERE resolved_at IS NULL ORDER BY source_key`))
      .rows;
    expect(q.map((r) => [r.source_key, r.stage, r.reasons])).toEqual([
      ['p2', 'mapping', ['UNKNOWN_CODE']],
      ['p3', 'validation', ['E4004']],
    ]);
    expect(q[1].errors[0]).toMatchObject({ code: 'E4004', path: '/subjectCode' });
    expect((await t.db.query(`SELECT cursor FROM cursors WHERE adapter_id = 'test-a'`)).rows[0].cursor).toEqual({ seq: 4 });
    expect(await count(`SELECT count(*)::int n FROM national_record_states WHERE state = 'pending'`)).toBe(1);
  });

  it('stores nothing new when the same page arrives again', async () => {
    const res = await stagePage(t.db, rt, page([{ id: 'p1', name: '甲公司', code: GOOD, gx: '2024-06-12 08:00:00' }], 4), deps, {
      storeCursor: true,
    });
    expect(res).toMatchObject({ newRevisions: 0, mapped: 0 });
    expect(await count('SELECT count(*)::int n FROM source_records')).toBe(4);
  });

  it('delivers a batch and records ACCEPTED from the receipt', async () => {
    expect(await formBatches(t.db, boss, 'subjects', { maxRecords: 500, maxBytes: 4 * 1024 * 1024 })).toBe(1);
    await deliverAll();
    const row = (await t.db.query(`SELECT state, version, delivered_at FROM national_record_states WHERE record_id = 'test-src:people:p1'`))
      .rows[0];
    expect(row.state).toBe('accepted');
    expect(row.version).toBe(1);
    expect(mock.summary().interfaces.subjects.accepted).toBe(1);
    const b = (await t.db.query('SELECT state, receipt_id FROM batches')).rows[0];
    expect(b.state).toBe('delivered');
    expect(b.receipt_id).toBeTruthy();
  });

  it('a changed source row becomes exactly one new version; a stale revision is kept but not mapped', async () => {
    await stagePage(t.db, rt, page([{ id: 'p1', name: '甲公司（新）', code: GOOD, gx: '2024-06-12 09:00:00' }], 5), deps, {
      storeCursor: true,
    });
    const stale = await stagePage(t.db, rt, page([{ id: 'p1', name: '甲公司（旧）', code: GOOD, gx: '2024-06-12 07:00:00' }], 6), deps, {
      storeCursor: true,
    });
    expect(stale).toMatchObject({ newRevisions: 1, stale: 1, mapped: 0 });
    const versions = (
      await t.db.query(`SELECT version, state FROM national_record_states WHERE record_id = 'test-src:people:p1' ORDER BY version`)
    ).rows;
    expect(versions).toEqual([
      { version: 1, state: 'accepted' },
      { version: 2, state: 'pending' },
    ]);
  });

  it('a fixed revision of a quarantined record supersedes its quarantine entry', async () => {
    await stagePage(t.db, rt, page([{ id: 'p3', name: '丙公司', code: GOOD, gx: '2024-06-12 10:00:00' }], 7), deps, { storeCursor: true });
    expect(await count(`SELECT count(*)::int n FROM quarantine WHERE source_key = 'p3' AND resolved_at IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*)::int n FROM quarantine WHERE source_key = 'p3' AND resolution = 'superseded'`)).toBe(1);
  });

  it('a 500 leaves the batch to be retried and loses nothing; the retry gets the receipt', async () => {
    mock.setFaults({ probability: 1, kinds: ['error500'], seed: 1 });
    await formBatches(t.db, boss, 'subjects', { maxRecords: 500, maxBytes: 4 * 1024 * 1024 });
    await deliverAll();
    const failing = (await t.db.query(`SELECT state, attempts, last_status, next_attempt_at FROM batches WHERE state <> 'delivered'`)).rows;
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({ state: 'queued', attempts: 1, last_status: 500 });
    expect(failing[0].next_attempt_at).toBeInstanceOf(Date);
    expect(await count(`SELECT count(*)::int n FROM national_record_states WHERE state = 'batched'`)).toBe(2);
    const queued = await boss.getQueueSize('deliver', { before: 'completed' } as never);
    expect(queued).toBeGreaterThanOrEqual(1);
    mock.setFaults({ probability: 0 });
    await deliverAll();
    expect(await count(`SELECT count(*)::int n FROM national_record_states WHERE state IN ('pending','batched')`)).toBe(0);
    const summary = mock.summary().interfaces.subjects;
    expect(summary.accepted).toBe(3);
    expect(
      mock
        .acceptLog()
        .filter((e) => e.recordId === 'test-src:people:p1')
        .map((e) => e.version),
    ).toEqual([1, 2]);
    const counts = await keptAndCountedAgain(t.db);
    expect(counts.kept).toEqual(counts.counted);
  });
});

describe('revisions across pulls', () => {
  it('records UNFLAGGED_REVISION on a later revision without the correction flag, not on a flagged one', async () => {
    const t = await createTestDatabase();
    try {
      const codeLists = loadBundledCodeLists();
      const validator = createValidator({ codeLists, regionScope: '62' });
      const tables = loadTranslationTables();
      const deps: PipelineDeps = { tables: () => tables, validator: () => validator, now: () => Date.now(), log: silentLogger() };
      const rt = { ...peopleRuntime('corr'), correctionField: 'flag' };
      const p = (name: string, gx: string, flag: string) => ({
        stream: 'people',
        cursor: { seq: 1 },
        records: [{ sourceKey: 'k1', orderingKey: gx, payload: { id: 'k1', name, code: VALID_CREDIT_CODE, gx, flag } }],
      });
      await stagePage(t.db, rt, p('甲', '001', '0'), deps, { storeCursor: false });
      await stagePage(t.db, rt, p('乙', '002', '1'), deps, { storeCursor: false });
      await stagePage(t.db, rt, p('丙', '003', '0'), deps, { storeCursor: false });
      const rows = (await t.db.query(`SELECT ordering_key, warnings FROM source_records ORDER BY ordering_key`)).rows;
      expect(rows.map((r) => (r.warnings ?? []).map((w: { code: string }) => w.code))).toEqual([[], [], ['UNFLAGGED_REVISION']]);
    } finally {
      await t.drop();
    }
  });
});

describe('a page prepared ahead of its transaction', () => {
  it('is staged exactly as a page mapped inside it: same versions, same quarantine, stored revisions skipped', async () => {
    const t = await createTestDatabase();
    try {
      const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });
      const tables = loadTranslationTables();
      const deps: PipelineDeps = {
        tables: () => tables,
        validator: () => validator,
        now: () => Date.parse('2026-01-05T02:00:00Z'),
        log: silentLogger(),
      };
      const people = [
        { id: 'a1', name: '甲公司', code: VALID_CREDIT_CODE, gx: '2024-06-12 08:00:00' },
        { id: 'a2', name: '?', code: VALID_CREDIT_CODE, gx: '2024-06-12 08:00:00' },
        { id: 'a3', name: '丙公司', code: WRONG_CHECK_CREDIT_CODE, gx: '2024-06-12 08:00:00' },
        { id: 'a4', name: '丁公司', code: VALID_CREDIT_CODE, gx: '2024-06-12 08:00:00', del: true },
      ];
      const outcome = async (adapterId: string, ahead: boolean) => {
        const base = peopleRuntime(adapterId);
        const rt = { ...base, instance: { ...base.instance, sourceSystem: adapterId } };
        for (let round = 0; round < 2; round++) {
          const pg = peoplePage(people, round + 1);
          await stagePage(t.db, rt, pg, deps, {
            storeCursor: true,
            prepared: ahead ? await preparePage(t.db, rt, pg, deps, {}) : undefined,
          });
        }
        return {
          versions: (
            await t.db.query(`SELECT version, body FROM national_records WHERE adapter_id = $1 ORDER BY record_id`, [adapterId])
          ).rows.map((r) => ({
            version: r.version,
            body: JSON.parse(r.body.replaceAll(adapterId, 'X')),
          })),
          sources: (
            await t.db.query(`SELECT source_key, outcome FROM source_records WHERE adapter_id = $1 ORDER BY source_key, id`, [adapterId])
          ).rows,
          quarantine: (
            await t.db.query(`SELECT source_key, stage, reasons FROM quarantine WHERE adapter_id = $1 ORDER BY source_key`, [adapterId])
          ).rows,
        };
      };
      const inside = await outcome('inside', false);
      expect(inside.versions).toHaveLength(1);
      expect(inside.quarantine.map((q) => q.stage)).toEqual(['mapping', 'validation']);
      expect(await outcome('ahead', true)).toEqual(inside);
    } finally {
      await t.drop();
    }
  });
});

describe('full batches formed in the staging transaction', () => {
  const limits = { maxRecords: 3, maxBytes: 4 * 1024 * 1024 };
  const person = (id: string, name = `${id}公司`, gx = '2024-06-12 08:00:00') => ({ id, name, code: GOOD, gx });

  /** Runs fn against a fresh database and pg-boss, with the bundled code lists and tables. */
  async function withStaging(fn: (t: TestDatabase, boss: PgBoss, deps: PipelineDeps) => Promise<void>): Promise<void> {
    const t = await createTestDatabase();
    const boss = await startTestBoss(t);
    try {
      const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });
      const tables = loadTranslationTables();
      await fn(t, boss, { tables: () => tables, validator: () => validator, now: () => Date.now(), log: silentLogger() });
    } finally {
      await boss.stop({ graceful: false, wait: true });
      await t.drop();
    }
  }

  it('refuses versions carried to a stream without a mapping before it writes anything, so they stay queued', async () => {
    const carried = [{ id: 1, bytes: 100, recordId: 'gs-test:people:x', body: '{}', sourceRecordId: 1 }];
    const unmapped = { ...rt, mapping: undefined };
    await expect(
      decideRevisions({} as Tx, unmapped, [], () => undefined, {} as PipelineDeps, new StagingWrites(), { batchLimits: limits, carried }),
    ).rejects.toThrow(/carried versions but no mapping/);
  });

  it('puts first versions straight into full batches with their delivery jobs, queues the rest, and counts both', () =>
    withStaging(async (t, boss, deps) => {
      const first = await stagePage(
        t.db,
        rt,
        page(
          [...['a', 'b', 'c', 'd'].map((id) => person(id)), { ...person('e'), name: '?' }, ...['f', 'g', 'h'].map((id) => person(id))],
          1,
        ),
        deps,
        { storeCursor: true, batches: { boss, limits } },
      );
      expect(first).toMatchObject({ mapped: 7, quarantined: 1 });
      expect(first.formed).toHaveLength(2);
      const batches = async () =>
        (
          await t.db.query(
            `SELECT b.batch_id, b.record_count, b.body_bytes, b.state,
                    (SELECT array_agg(n.record_id ORDER BY u.pos) FROM unnest(b.record_ids) WITH ORDINALITY AS u(id, pos)
                       JOIN national_records n ON n.id = u.id) AS records,
                    (SELECT sum(octet_length(n.body)) FROM national_records n WHERE n.id = ANY(b.record_ids)) AS bytes
               FROM batches b ORDER BY b.created_at, b.record_ids[1]`,
          )
        ).rows;
      const formed = await batches();
      expect(formed.map((b) => b.records.map((r: string) => r.split(':').pop()))).toEqual([
        ['a', 'b', 'c'],
        ['d', 'f', 'g'],
      ]);
      for (const b of formed) {
        expect(b).toMatchObject({ record_count: 3, state: 'queued' });
        // The envelope around the bodies, and a comma between each two.
        expect(b.body_bytes).toBe(Number(b.bytes) + `{"batchId":"${b.batch_id}","records":[]}`.length + 2);
      }
      const jobs = await boss.fetch<{ batchId: string; interface: string }>('deliver', { batchSize: 10 });
      expect(jobs.map((j) => j.data.batchId).sort()).toEqual(formed.map((b) => b.batch_id).sort());
      const states = async () =>
        (await t.db.query(`SELECT state, count(*)::int AS n FROM national_record_states GROUP BY 1 ORDER BY 1`)).rows;
      expect(await states()).toEqual([
        { state: 'batched', n: 6 },
        { state: 'pending', n: 1 },
      ]);
      expect((await t.db.query('SELECT count(*)::int AS n FROM pending_records')).rows[0].n).toBe(1);
      let counts = await keptAndCountedAgain(t.db);
      expect(counts.kept).toEqual(counts.counted);

      // A second version waits in the queue (an earlier one is in a batch under way); new first versions fill a batch.
      const second = await stagePage(
        t.db,
        rt,
        page([person('a', '甲公司（新）', '2024-06-12 09:00:00'), person('i'), person('j'), person('k')], 2),
        deps,
        { storeCursor: true, batches: { boss, limits } },
      );
      expect(second).toMatchObject({ mapped: 4 });
      expect(second.formed).toHaveLength(1);
      const last = (await batches()).at(-1)!;
      expect(last.records.map((r: string) => r.split(':').pop())).toEqual(['i', 'j', 'k']);
      const queued = await t.db.query(
        `SELECT n.record_id, n.version FROM pending_records p JOIN national_records n ON n.id = p.id ORDER BY n.id`,
      );
      expect(queued.rows.map((r) => [r.record_id.split(':').pop(), r.version])).toEqual([
        ['h', 1],
        ['a', 2],
      ]);
      counts = await keptAndCountedAgain(t.db);
      expect(counts.kept).toEqual(counts.counted);

      // Without the option every new version is queued, as before.
      const plain = await stagePage(t.db, rt, page([person('l'), person('m'), person('n')], 3), deps, { storeCursor: true });
      expect(plain.formed).toHaveLength(0);
      expect((await t.db.query('SELECT count(*)::int AS n FROM pending_records')).rows[0].n).toBe(5);
    }));

  it('takes the versions the page before left queued into its own batches, unless another transaction has them or the page brings their record again', () =>
    withStaging(async (t, boss, deps) => {
      let seq = 0;
      const stage = async (people: ReturnType<typeof person>[], carry: CarriedVersion[]) => {
        const pg = page(people, ++seq);
        const prepared = await preparePage(t.db, rt, pg, deps, {});
        return stagePage(t.db, rt, pg, deps, { storeCursor: true, prepared, batches: { boss, limits, carry } });
      };
      const short = (ids: readonly string[]) => ids.map((r) => r.split(':').pop());
      const batched = async () =>
        (
          await t.db.query(
            `SELECT (SELECT array_agg(n.record_id ORDER BY u.pos) FROM unnest(b.record_ids) WITH ORDINALITY AS u(id, pos)
                       JOIN national_records n ON n.id = u.id) AS records
               FROM batches b ORDER BY b.record_ids[1]`,
          )
        ).rows.map((r) => short(r.records));
      const queued = async () =>
        short(
          (await t.db.query(`SELECT n.record_id FROM pending_records p JOIN national_records n ON n.id = p.id ORDER BY n.id`)).rows.map(
            (r) => r.record_id,
          ),
        );
      const kept = async () => {
        const counts = await keptAndCountedAgain(t.db);
        expect(counts.kept).toEqual(counts.counted);
      };

      const first = await stage(
        ['a', 'b', 'c', 'd', 'e'].map((id) => person(id)),
        [],
      );
      expect(first).toMatchObject({ waiting: new Set() });
      expect(first.formed).toHaveLength(1);
      expect(short(first.carry.map((c) => c.recordId))).toEqual(['d', 'e']);
      expect(await queued()).toEqual(['d', 'e']);

      // The next page takes d and e back: they lead its first batch.
      const second = await stage(
        ['f', 'g', 'h', 'i'].map((id) => person(id)),
        first.carry,
      );
      expect(second.formed).toHaveLength(2);
      expect(await batched()).toEqual([
        ['a', 'b', 'c'],
        ['d', 'e', 'f'],
        ['g', 'h', 'i'],
      ]);
      expect(second.carry).toEqual([]);
      expect(await queued()).toEqual([]);
      await kept();
      // Each formed batch comes with its versions, carried ones first: held, its body is the stored one.
      for (const b of [...first.formed, ...second.formed]) {
        const stored = await batchMembers(t.db, b.batchId);
        expect(b.members.map((m) => [m.id, m.recordId, m.sourceRecordId])).toEqual(stored.map((m) => [m.id, m.recordId, m.sourceRecordId]));
        const held = new FormedBatches();
        held.put(b);
        expect(
          held.take(b.batchId)!.body.equals(
            batchBody(
              b.batchId,
              stored.map((m) => m.body),
            ),
          ),
        ).toBe(true);
      }
      expect(short(second.formed[0]!.members.map((m) => m.recordId))).toEqual(['d', 'e', 'f']);

      // A page too small to fill a batch with the carry leaves it queued, untouched, and carries it on.
      const queueRows = async () => (await t.db.query(`SELECT id, xmin::text AS xmin FROM pending_records ORDER BY id`)).rows;
      const third = await stage([person('j')], []);
      const before = await queueRows();
      const fourth = await stage([person('k')], third.carry);
      expect(fourth.formed).toHaveLength(0);
      expect(short(fourth.carry.map((c) => c.recordId))).toEqual(['j', 'k']);
      expect(await queued()).toEqual(['j', 'k']);
      expect((await queueRows())[0]).toEqual(before[0]);
      await kept();

      // A page that could have filled one but brings nothing new takes the carry and puts it back, counted once.
      const again = await stage(
        ['a', 'b'].map((id) => person(id)),
        fourth.carry,
      );
      expect(again.formed).toHaveLength(0);
      expect(short(again.carry.map((c) => c.recordId))).toEqual(['j', 'k']);
      expect(await queued()).toEqual(['j', 'k']);
      expect((await queueRows())[0].xmin).not.toBe(before[0].xmin);
      await kept();

      // A carried version another transaction holds (a batch former's claim) is left to it.
      const former = await t.db.connect();
      try {
        await former.query('BEGIN');
        await former.query(
          `SELECT p.id FROM pending_records p JOIN national_records n ON n.id = p.id WHERE n.record_id LIKE '%:j' FOR UPDATE`,
        );
        const fifth = await stage(
          ['l', 'm'].map((id) => person(id)),
          again.carry,
        );
        expect(fifth.formed).toHaveLength(1);
        expect((await batched()).at(-1)).toEqual(['k', 'l', 'm']);
        expect(fifth.carry).toEqual([]);
        await former.query('ROLLBACK');
      } finally {
        former.release();
      }
      expect(await queued()).toEqual(['j']);
      await kept();

      // A carried version whose record the page brings again stays queued, where the newer version replaces it.
      const sixth = await stage(
        ['n', 'o'].map((id) => person(id)),
        [],
      );
      const seventh = await stage([person('n', '乙公司（新）', '2024-06-12 09:00:00'), person('p'), person('q')], sixth.carry);
      expect(seventh.formed).toHaveLength(1);
      expect((await batched()).at(-1)).toEqual(['o', 'p', 'q']);
      expect(seventh.waiting).toEqual(new Set(['subjects']));
      const versions = await t.db.query(
        `SELECT n.version, s.state FROM national_records n JOIN national_record_states s ON s.id = n.id
          WHERE n.record_id LIKE '%:n' ORDER BY n.version`,
      );
      expect(versions.rows).toEqual([
        { version: 1, state: 'superseded' },
        { version: 2, state: 'pending' },
      ]);
      expect(await queued()).toEqual(['j', 'n']);
      await kept();
    }));
});
