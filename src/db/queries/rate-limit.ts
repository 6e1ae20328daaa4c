import { RELAXED_COMMIT, type Db } from '../pool';

/** A slot reserved in the shared request window of one credential. */
export interface RateSlot {
  /** When the request may leave, by the database's clock (now, or later when the window is busy). */
  at: Date;
  /** The database's clock when the slot was reserved. */
  now: Date;
}

/**
 * Reserves the earliest slot of the window of `key` (`rate_limit_log`) under an advisory lock per
 * key: the first moment at which the last `windowMs` hold fewer than `limit` requests, and, once the
 * window is half full, at least windowMs ÷ limit after the newest reservation. Reservations may lie
 * in the future; a caller waits until its own. Three round trips: the lock (with BEGIN), one
 * statement that prunes, reserves and answers, and the commit.
 */
export async function reserveRateSlot(db: Db, key: string, limit: number, windowMs: number): Promise<RateSlot> {
  const client = await db.connect();
  try {
    // The log only spaces requests: a crash of the database server may forget its last few entries at
    // worst, so its commits need not wait for the disk.
    await client.query(
      `BEGIN; SELECT pg_advisory_xact_lock(hashtext(${client.escapeLiteral(`trace-gateway:rate:${key}`)})), ${RELAXED_COMMIT}`,
    );
    // Spacing starts once the window is half full: a few batches formed together still leave at once.
    const r = await client.query({
      name: 'rate-slot-reserve',
      text: `WITH pruned AS (DELETE FROM rate_limit_log WHERE key = $1 AND at < clock_timestamp() - make_interval(secs => $2::float8 / 500)),
             newest AS (SELECT at FROM rate_limit_log WHERE key = $1 AND at > clock_timestamp() - make_interval(secs => $2::float8 / 1000)
                         ORDER BY at DESC LIMIT $3::int),
             w AS (SELECT count(*)::int AS n, max(at) AS newest, min(at) AS nth, clock_timestamp() AS now FROM newest),
             slot AS (SELECT w.now, greatest(
                        w.now,
                        CASE WHEN w.n >= $3::int / 2 THEN w.newest + make_interval(secs => $2::float8 / $3::int / 1000) END,
                        CASE WHEN w.n >= $3::int THEN w.nth + make_interval(secs => $2::float8 / 1000) END) AS at
                        FROM w),
             taken AS (INSERT INTO rate_limit_log (key, at) SELECT $1, at FROM slot)
             SELECT at, now FROM slot`,
      values: [key, windowMs, limit],
    });
    await client.query('COMMIT');
    return r.rows[0] as RateSlot;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
