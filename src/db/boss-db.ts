import { createHash } from 'node:crypto';
import pg from 'pg';
import { KEEP_IDLE_CONNECTIONS } from './pool';

/** pg-boss's seam for a connection of the caller's (its `db` option). */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/** The pool behind a BossDb, and how to end it once pg-boss is quiet. */
export interface BossDbHandle {
  db: BossDb;
  pool: pg.Pool;
  /**
   * Ends the pool once no statement has been under way for `quietMs` (at most after `maxMs`): pg-boss
   * completes a job without awaiting it, and a fetch under way when it stopped still hands a job
   * over and completes it; ended under them, the pool would make those rejections nobody handles.
   */
  endWhenQuiet(quietMs: number, maxMs: number): Promise<void>;
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
export function createBossDb(opts: { url: string; max: number; applicationName: string; relaxedCommit: boolean }): BossDbHandle {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max,
    // The job loops poll all the time: their connections stay open (KEEP_IDLE_CONNECTIONS in pool.ts).
    idleTimeoutMillis: KEEP_IDLE_CONNECTIONS,
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
  let underWay = 0;
  let lastDone = Date.now();
  return {
    pool,
    db: {
      executeSql: async (text, values) => {
        // A text without parameters may hold several statements (pg-boss's schema changes), which a prepared statement cannot.
        const name = values && values.length > 0 ? nameOf(text) : undefined;
        underWay++;
        try {
          return await pool.query(name === undefined ? { text, values } : { name, text, values });
        } finally {
          underWay--;
          lastDone = Date.now();
        }
      },
    },
    async endWhenQuiet(quietMs, maxMs) {
      const until = Date.now() + maxMs;
      while ((underWay > 0 || Date.now() - lastDone < quietMs) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      await pool.end().catch(() => undefined);
    },
  };
}
