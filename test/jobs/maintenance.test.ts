import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startTestBoss } from '../helpers/boss';
import { peoplePage, peopleRuntime, VALID_CREDIT_CODE } from '../helpers/subjects-stream';
import { createDeliverHandler } from '../../src/jobs/deliver';
import { reconcile } from '../../src/jobs/reconcile';
import { prune } from '../../src/jobs/prune';
import { silentLogger } from '../../src/log';
import { loadTranslationTables } from '../../src/mappings/tables';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { createNationalClient } from '../../src/national/client';
import { createMockNational, type MockNational } from '../../src/demo/national';
import { stagePage } from '../../src/pipeline/stage';
import { formBatches } from '../../src/pipeline/batch';
import { beijingIso } from '../../src/common/time';
import type { PipelineDeps } from '../../src/pipeline/types';

describe('reconciliation and retention', () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let mock: MockNational;
  let client: ReturnType<typeof createNationalClient>;
  let deps: PipelineDeps;
  const today = beijingIso(Date.now()).slice(0, 10);

  beforeAll(async () => {
    t = await createTestDatabase();
    boss = await startTestBoss(t);
    mock = createMockNational({ clients: [{ appKey: 'k-rec', appSecret: 'secret-rec-1', regionScope: '62' }], rateLimitPerSecond: 0 });
    const { url } = await mock.listen(0);
    client = createNationalClient({ baseUrl: url, appKey: 'k-rec', appSecret: 'secret-rec-1', signMethod: 'HMAC-SHA256' });
    const codeLists = loadBundledCodeLists();
    const validator = createValidator({ codeLists, regionScope: '62' });
    const tables = loadTranslationTables();
    deps = { tables: () => tables, validator: () => validator, now: () => Date.now(), log: silentLogger() };
    const deliver = createDeliverHandler({
      db: t.db,
      boss,
      client,
      limiter: { acquire: async () => undefined },
      appKey: 'k-rec',
      log: silentLogger(),
    });
    const people = Array.from({ length: 6 }, (_, i) => ({
      id: `r${i}`,
      name: `公司${i}`,
      code: VALID_CREDIT_CODE,
      gx: '2024-06-12 08:00:00',
    }));
    await stagePage(t.db, peopleRuntime(), peoplePage(people, 1), deps, { storeCursor: true });
    await formBatches(t.db, boss, 'subjects', { maxRecords: 500, maxBytes: 4 << 20 });
    for (const b of (await t.db.query('SELECT batch_id FROM batches')).rows) await deliver({ batchId: b.batch_id, interface: 'subjects' });
  });

  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await mock?.close();
    await t?.drop();
  });

  it('reports a match when the platform counted what the gateway recorded', async () => {
    const rows = await reconcile(t.db, (d) => client.getStats(d), today, silentLogger());
    expect(rows.find((r) => r.interface === 'subjects')).toMatchObject({
      gatewayAccepted: 6,
      platformAccepted: 6,
      difference: 0,
      status: 'match',
    });
    expect(rows.every((r) => r.status === 'match')).toBe(true);
  });

  it('reports every difference and stores it for the status API', async () => {
    // The gateway believes one more record was accepted than the platform counted.
    const extra = await t.db.query(
      `INSERT INTO daily_record_counts (day, adapter_id, interface, state, shard, n) VALUES ($1, 'test-src', 'subjects', 'accepted', 99, 1)`,
      [today],
    );
    expect(extra.rowCount).toBe(1);
    await reconcile(t.db, (d) => client.getStats(d), today, silentLogger());
    const stored = (
      await t.db.query(
        `SELECT interface, gateway_accepted, platform_accepted, difference, status FROM reconciliations WHERE date = $1 AND interface = 'subjects'`,
        [today],
      )
    ).rows[0];
    expect(stored).toMatchObject({ gateway_accepted: 7, platform_accepted: 6, difference: -1, status: 'difference' });
  });

  it('marks a date unavailable when the platform cannot answer, without inventing counts', async () => {
    const rows = await reconcile(t.db, async () => ({ kind: 'network', error: 'ECONNREFUSED', timedOut: false }), today, silentLogger());
    expect(rows.every((r) => r.status === 'unavailable' && r.platformAccepted === null)).toBe(true);
  });

  it('prunes old revisions and versions in bounded chunks, keeping the newest of each and everything quarantined', async () => {
    const rt = peopleRuntime();
    await stagePage(
      t.db,
      rt,
      peoplePage([{ id: 'r0', name: '公司0（改）', code: VALID_CREDIT_CODE, gx: '2024-06-13 08:00:00' }], 2),
      deps,
      { storeCursor: true },
    );
    await stagePage(
      t.db,
      rt,
      peoplePage(
        [
          { id: 'q1', name: '?', code: VALID_CREDIT_CODE, gx: '2024-06-13 08:00:00' },
          { id: 'q1', name: '?', code: VALID_CREDIT_CODE, gx: '2024-06-12 08:00:00' },
        ],
        3,
      ),
      deps,
      { storeCursor: true },
    );
    await t.db.query(`UPDATE source_records SET pulled_at = now() - interval '40 days'`);
    await t.db.query(`UPDATE national_records SET created_at = now() - interval '40 days'`);
    const before = {
      sources: (await t.db.query('SELECT count(*)::int n FROM source_records')).rows[0].n as number,
      versions: (await t.db.query(`SELECT count(*)::int n FROM national_records WHERE record_id = 'test-src:people:r0'`)).rows[0]
        .n as number,
    };
    expect(before.versions).toBe(2);
    const r = await prune(t.db, { days: 30, chunk: 1, log: silentLogger() });
    expect(r.nationalRecords).toBe(1);
    const left = (await t.db.query(`SELECT version FROM national_records WHERE record_id = 'test-src:people:r0'`)).rows.map(
      (x) => x.version,
    );
    expect(left).toEqual([2]);
    // The quarantined key keeps its quarantined revision; r0 keeps the revision behind its version 2.
    expect(
      (
        await t.db.query(
          `SELECT count(*)::int n FROM source_records s JOIN quarantine q ON q.source_record_id = s.id WHERE q.resolved_at IS NULL`,
        )
      ).rows[0].n,
    ).toBe(1);
    expect((await t.db.query(`SELECT count(*)::int n FROM source_records WHERE source_key = 'r0'`)).rows[0].n).toBe(1);
    expect(r.sourceRecords).toBeGreaterThan(0);
    expect((await t.db.query('SELECT count(*)::int n FROM source_records')).rows[0].n).toBe(before.sources - r.sourceRecords);
  });

  it('keeps an old version while a batch under way holds it, among other open batches, and prunes it once that batch is delivered', async () => {
    await stagePage(
      t.db,
      peopleRuntime(),
      peoplePage([{ id: 'r1', name: '公司1（改）', code: VALID_CREDIT_CODE, gx: '2024-06-14 08:00:00' }], 4),
      deps,
      { storeCursor: true },
    );
    await t.db.query(`UPDATE national_records SET created_at = now() - interval '40 days'`);
    const first = (await t.db.query(`SELECT id FROM national_records WHERE record_id = 'test-src:people:r1' AND version = 1`)).rows[0]
      .id as number;
    const open = (batchId: string, ids: number[], state: string) =>
      t.db.query(
        `INSERT INTO batches (batch_id, interface, record_count, body_bytes, record_ids, state) VALUES ($1, 'subjects', cardinality($2::bigint[]), 0, $2, $3)`,
        [batchId, ids, state],
      );
    for (let i = 0; i < 20; i++) await open(`tg-other-${i}`, [90_000_000 + i * 2, 90_000_001 + i * 2], 'queued');
    await open('tg-holding', [90_999_999, first], 'failing');
    const versions = async () =>
      (await t.db.query(`SELECT version FROM national_records WHERE record_id = 'test-src:people:r1' ORDER BY version`)).rows.map(
        (x) => x.version,
      );

    expect((await prune(t.db, { days: 30, log: silentLogger() })).nationalRecords).toBe(0);
    expect(await versions()).toEqual([1, 2]);
    await t.db.query(`UPDATE batches SET state = 'delivered', delivered_at = now() WHERE batch_id = 'tg-holding'`);
    expect((await prune(t.db, { days: 30, log: silentLogger() })).nationalRecords).toBe(1);
    expect(await versions()).toEqual([2]);
  });
});
