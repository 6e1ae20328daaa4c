import { RELAXED_COMMIT, type Db, type Tx } from '../pool';

/**
 * The gateway's advisory locks, keyed by `hashtext` of a name under `trace-gateway:`. The rate limiter's
 * lock (`trace-gateway:rate:<appKey>`) is taken by the function `reserve_rate_slot` (migration 0134),
 * which rate-limit.ts calls.
 */

/** Releases a session lock and returns its connection to the pool; calling it again does nothing. */
export type ReleaseLock = () => Promise<void>;

function releaserFor(client: Tx, key: string): ReleaseLock {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    client.release();
  };
}

/** Start-up of one schema (migrations, queues, adapters, schedules): a session lock on its own connection, waited for. */
export async function holdInitLock(db: Db, schema: string): Promise<ReleaseLock> {
  const key = `trace-gateway:init:${schema}`;
  const client = await db.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
  } catch (err) {
    client.release();
    throw err;
  }
  return releaserFor(client, key);
}

/** One notices round at a time across all processes: a session lock on its own connection, or null when another process holds it. */
export async function tryHoldNoticeRoundLock(db: Db, schema: string): Promise<ReleaseLock | null> {
  const key = `trace-gateway:notices:${schema}`;
  const client = await db.connect();
  let locked = false;
  try {
    locked = (await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key])).rows[0].ok === true;
  } finally {
    if (!locked) client.release();
  }
  return locked ? releaserFor(client, key) : null;
}

const streamLockKey = (adapterId: string, stream: string) => `trace-gateway:stage:${adapterId}:${stream}`;

/**
 * Serialises staging of one stream (live pull, backfill, replay, several processes): versions are
 * computed from the latest stored one, so two writers of the same key must not interleave.
 */
export async function lockStream(tx: Tx, adapterId: string, stream: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [streamLockKey(adapterId, stream)]);
}

/**
 * The BEGIN of a page's staging transaction (withTransaction's \`begin\`): lockStream in the same round
 * trip, and a commit that does not wait for its WAL flush. Only for a page read from a source: if the
 * database server itself crashed in the next few hundred milliseconds, the page and the cursor that
 * covers it would be lost together, and the next pull reads the page again. A later transaction that
 * commits normally (a batch formed from the page, say) flushes it first, so nothing sent or shown to
 * anyone can rest on a lost page.
 */
export function beginLockingStream(adapterId: string, stream: string): (tx: Tx) => string {
  return (tx) => `BEGIN; SELECT pg_advisory_xact_lock(hashtext(${tx.escapeLiteral(streamLockKey(adapterId, stream))})), ${RELAXED_COMMIT}`;
}
