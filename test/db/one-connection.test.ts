import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneConnection } from '../../src/db/one-connection';
import { createPool, type Db } from '../../src/db/pool';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

describe('oneConnection', () => {
  let t: TestDatabase;
  let pool: Db;
  beforeAll(async () => {
    t = await createTestDatabase();
    pool = createPool({ url: t.url, schema: t.schema, max: 8 });
  });
  afterAll(async () => {
    await pool?.end();
    await t?.drop();
  });

  it('sends queries issued together over one connection, in the order they were issued', async () => {
    const scrape = oneConnection(pool);
    const order: number[] = [];
    const answers = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (n) => {
        const r = await scrape.db.query('SELECT pg_backend_pid() AS pid, pg_sleep($1::float8 / 100) IS NULL AS slept', [7 - n]);
        order.push(n);
        return r.rows[0].pid as number;
      }),
    );
    await scrape.release();
    expect(new Set(answers).size).toBe(1);
    expect(order).toEqual([1, 2, 3, 4, 5, 6]);
    expect([pool.totalCount, pool.idleCount]).toEqual([1, 1]);
  });

  it('goes on after a query that fails, and takes no connection when nothing is asked', async () => {
    const scrape = oneConnection(pool);
    const bad = scrape.db.query('SELECT * FROM no_such_table');
    const good = scrape.db.query('SELECT 42 AS n');
    await expect(bad).rejects.toThrow(/no_such_table/);
    expect((await good).rows[0].n).toBe(42);
    await scrape.release();
    await oneConnection(pool).release();
    expect([pool.totalCount, pool.idleCount, pool.waitingCount]).toEqual([1, 1, 0]);
  });
});
