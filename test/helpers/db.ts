import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPool, type Db } from '../../src/db/pool';
import { migrate } from '../../src/db/migrate';

export interface TestDatabase {
  url: string;
  schema: string;
  bossSchema: string;
  db: Db;
  /** Drops both schemas and closes the pool. */
  drop(): Promise<void>;
}

export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

/** A fresh, migrated schema (and a pg-boss schema name) per test file: tests never share state. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  const suffix = randomBytes(5).toString('hex');
  const schema = `tg_${suffix}`;
  const bossSchema = `tgboss_${suffix}`;
  const db = createPool({ url, schema, max: 8 });
  await migrate(db, { schema });
  return {
    url,
    schema,
    bossSchema,
    db,
    async drop() {
      await db.end();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.query(`DROP SCHEMA IF EXISTS ${bossSchema} CASCADE`);
      await c.end();
    },
  };
}
