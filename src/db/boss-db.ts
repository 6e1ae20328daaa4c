import { createHash } from 'node:crypto';
import pg from 'pg';

/** pg-boss's seam for a connection of the caller's (its `db` option). */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/**
 * How many statement texts get a name. pg-boss sends a few dozen texts; past this many, a text is
 * taken to carry values of its own and runs unnamed, so no connection keeps an unbounded number of
 * prepared statements.
 */
const MAX_NAMED_TEXTS = 300;

/**
 * A pool for pg-boss on which every statement text is named, so each connection parses and plans it
 * once. pg-boss sends the same statements all the time (each queue is polled twice a second, and
 * every job is fetched, created and completed); unnamed, each call was parsed and planned again,
 * which under a steady delivery load was the server's largest planning cost.
 */
export function createBossDb(opts: { url: string; max: number; applicationName: string; relaxedCommit: boolean }): {
  db: BossDb;
  pool: pg.Pool;
} {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max,
    application_name: opts.applicationName,
    // pg-boss's job table is partitioned by queue; PostgreSQL would plan each call anew for its queue
    // (a custom plan) even when prepared. The generic plan prunes partitions when it starts instead.
    options: `-c plan_cache_mode=force_generic_plan${opts.relaxedCommit ? ' -c synchronous_commit=off' : ''}`,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // As in createPool (pool.ts): a lost server fails the next query instead of crashing the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED_TEXTS) {
      name = `pg-boss-${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    pool,
    db: {
      executeSql: (text, values) => {
        // A text without parameters may hold several statements (pg-boss's schema changes), which a prepared statement cannot.
        const name = values && values.length > 0 ? nameOf(text) : undefined;
        return pool.query(name === undefined ? { text, values } : { name, text, values });
      },
    },
  };
}
