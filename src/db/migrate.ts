import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './pool';
import type { Logger } from '../log';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

/**
 * Runs migrations/NNNN_name.sql in order, each once, in its own transaction, forward-only. An advisory
 * lock makes concurrent starts of several gateway processes safe.
 */
export async function migrate(db: Db, opts: { schema: string; log?: Logger; dir?: string }): Promise<string[]> {
  const dir = opts.dir ?? MIGRATIONS_DIR;
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  const client = await db.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`trace-gateway:migrate:${opts.schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${opts.schema}.schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set((await client.query(`SELECT name FROM ${opts.schema}.schema_migrations`)).rows.map((r) => r.name as string));
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL search_path TO ${opts.schema}, public`);
        await client.query(sql);
        await client.query(`INSERT INTO ${opts.schema}.schema_migrations (name) VALUES ($1)`, [file]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`migration ${file} failed: ${(err as Error).message}`);
      }
      applied.push(file);
      opts.log?.info('migration applied', { event: 'db:migrated', migration: file });
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`trace-gateway:migrate:${opts.schema}`]).catch(() => undefined);
    client.release();
  }
  return applied;
}
