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

  it('ends its pool only once no statement has been under way for a while', async () => {
    const own = createBossDb({ url: testDatabaseUrl(), max: 2, applicationName: 'trace-gateway-jobs-test', relaxedCommit: true });
    const slow = own.db.executeSql('SELECT pg_sleep(0.3), 1 AS n');
    let ended = false;
    const ending = own.endWhenQuiet(100, 5_000).then(() => (ended = true));
    // A statement that comes while it waits (pg-boss completing a job late) still runs.
    await new Promise((r) => setTimeout(r, 50));
    expect((await own.db.executeSql('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
    expect(ended).toBe(false);
    expect((await slow).rows[0].n).toBe(1);
    await ending;
    await expect(own.db.executeSql('SELECT 3 AS n')).rejects.toThrow(/after calling end/);
  });
});
