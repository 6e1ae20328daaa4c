/**
 * The benchmark's PostgreSQL: DATABASE_URL when set, otherwise an embedded server under
 * var/bench-pg. Every scenario works in fresh schemas with a random suffix, dropped at its end.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import type { Logger } from '../../src/log';

export interface BenchDatabase {
  url: string;
  /** `server_version` of the server, e.g. "18.4". */
  version: string;
  embedded: boolean;
  /** A fresh pair of schema names (gateway, pg-boss); drop() removes both. */
  schemas(label: string): BenchSchemas;
  stop(): Promise<void>;
}

export interface BenchSchemas {
  schema: string;
  bossSchema: string;
  drop(): Promise<void>;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

export async function openBenchDatabase(log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<BenchDatabase> {
  let url = env.DATABASE_URL;
  let stop: () => Promise<void> = async () => undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({ dir: path.resolve('var/bench-pg'), port: 54349, log });
    url = server.url;
    stop = () => server.stop();
  }
  const [row] = await query<{ server_version: string }>(url, 'SHOW server_version');
  const dbUrl = url;
  return {
    url: dbUrl,
    version: row!.server_version,
    embedded: !env.DATABASE_URL,
    schemas(label) {
      const suffix = `${label}_${randomBytes(4).toString('hex')}`;
      const schema = `bench_${suffix}`;
      const bossSchema = `benchboss_${suffix}`;
      return {
        schema,
        bossSchema,
        drop: async () => {
          await query(dbUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${bossSchema} CASCADE`);
        },
      };
    },
    stop,
  };
}
