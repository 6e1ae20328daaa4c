import pg from 'pg';

// Counts and ids above 2^31 come back as text by default; bigint columns hold counts we sum in SQL.
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = pg.Pool;
export type Tx = pg.PoolClient;
/**
 * A pool or a client. Statements run for every page or every batch carry a name (pg's `{ name, text,
 * values }`), so each connection parses and plans them once; unnamed ones are parsed and planned at
 * each call.
 */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * Keeps a long-running process's connections open once made (pg closes one idle for 10 s by
 * default). A new connection costs a request about 25 ms on two cores (its start-up, then its first
 * statements loading the catalog and planning afresh), and with the default the gateway reopened a
 * few every ten seconds, each in the path of whichever request or job found the pool short: the
 * slow tail of `/api/status`. The pool's `max` bounds what stays open.
 */
export const KEEP_IDLE_CONNECTIONS = 0;

/**
 * A pool whose sessions use the gateway's schema first. `keepIdle` (long-running processes) keeps
 * the connections it opened (KEEP_IDLE_CONNECTIONS); a command's pool closes idle ones, as pg does.
 */
export function createPool(opts: { url: string; schema: string; max?: number; applicationName?: string; keepIdle?: boolean }): Db {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    ...(opts.keepIdle ? { idleTimeoutMillis: KEEP_IDLE_CONNECTIONS } : {}),
    application_name: opts.applicationName ?? 'trace-gateway',
    options: `-c search_path=${opts.schema},public`,
    // A server that vanished without closing its connections (a host down, a network cut) is noticed
    // by TCP keepalive instead of after the system's default of two hours.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // A client losing its server (a restart, kill -9 of the server) must not crash the process, whether it
  // is idle in the pool or checked out between two queries (a transaction waiting on a source or the
  // national platform): pg emits 'error' on it, and without a listener that is an uncaught exception.
  // The client's next query fails and reports the loss; the pool replaces the client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * A select-list expression that lets the current transaction commit without waiting for its WAL
 * flush. Only for writes that a crash of the database server may forget without loss: a page that
 * the next pull reads again with its cursor, or bookkeeping that is rebuilt. Any later transaction
 * that commits normally flushes these first (docs/delivery.md, "Staging").
 */
export const RELAXED_COMMIT = "set_config('synchronous_commit', 'off', true)";

/** Runs fn in one transaction; rolls back on any error. */
export async function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, opts: { begin?: (tx: Tx) => string } = {}): Promise<T> {
  const client = await db.connect();
  try {
    // \`begin\` may add statements to the BEGIN's round trip (a simple query of several statements).
    await client.query(opts.begin ? opts.begin(client) : 'BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** pg-boss's one-method seam, so a job is sent inside our transaction. */
export function bossDb(tx: Queryable): { executeSql(text: string, values: unknown[]): Promise<{ rows: any[] }> } {
  return { executeSql: (text, values) => tx.query(text, values as any[]) };
}
