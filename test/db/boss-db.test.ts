import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBossDb } from '../../src/db/boss-db';
import { testDatabaseUrl } from '../helpers/db';

describe('createBossDb', () => {
  let bossDb: ReturnType<typeof createBossDb>;
  beforeAll(() => {
    bossDb = createBossDb({ url: testDatabaseUrl(), max: 1, applicationName: 'trace-gateway-jobs-test', relaxedCommit: true });
  });
  afterAll(async () => bossDb?.pool.end());

  const prepared = async () =>
    (
      await bossDb.db.executeSql('SELECT statement FROM pg_prepared_statements WHERE name LIKE $1 ORDER BY statement', ['pg-boss-%'])
    ).rows.map((r) => r.statement as string);

  it('prepares a statement with parameters once per connection and runs it again by name', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    expect((await bossDb.db.executeSql(text, [1])).rows).toEqual([{ n: 2 }]);
    expect((await bossDb.db.executeSql(text, [41])).rows).toEqual([{ n: 42 }]);
    expect((await prepared()).filter((s) => s === text)).toHaveLength(1);
  });

  it('runs a text without parameters unnamed, so it may hold several statements', async () => {
    const r = (await bossDb.db.executeSql('SELECT 1 AS a; SELECT 2 AS b')) as unknown as Array<{ rows: unknown[] }>;
    expect(r.map((x) => x.rows)).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    expect((await prepared()).some((s) => s.includes('SELECT 2 AS b'))).toBe(false);
  });

  it('commits without waiting for the disk, as job bookkeeping may', async () => {
    expect((await bossDb.db.executeSql('SELECT current_setting($1) AS v', ['synchronous_commit'])).rows).toEqual([{ v: 'off' }]);
  });

  it('stops naming new texts past its bound, and they still run', async () => {
    for (let i = 0; i < 310; i++) await bossDb.db.executeSql(`SELECT $1::int AS n${i}`, [i]);
    const names = await prepared();
    expect(names.length).toBeLessThanOrEqual(300);
    expect((await bossDb.db.executeSql('SELECT $1::int AS past_the_bound', [7])).rows).toEqual([{ past_the_bound: 7 }]);
  });
});
