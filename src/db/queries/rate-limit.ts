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
 * in the future; a caller waits until its own.
 *
 * One round trip: BEGIN with the lock, the statement that prunes, reserves and answers, and the
 * commit go as one simple query (every request to the platform waits for it). Each statement of it
 * takes its own snapshot, so the reservation sees every reservation committed before the lock was
 * granted. Simple queries take no parameters: the key is quoted, the numbers are written out.
 */
export async function reserveRateSlot(db: Db, key: string, limit: number, windowMs: number): Promise<RateSlot> {
  if (!Number.isInteger(limit) || limit < 1 || !Number.isFinite(windowMs) || windowMs <= 0) {
    throw new Error(
      `rate limit ${limit} per ${windowMs} ms: the limit must be a whole number of 1 or more and the window a positive number`,
    );
  }
  const client = await db.connect();
  try {
    const k = client.escapeLiteral(key);
    const windowSecs = `${windowMs}::float8 / 1000`;
    // The log only spaces requests: a crash of the database server may forget its last few entries at
    // worst, so its commits need not wait for the disk. Spacing starts once the window is half full:
    // a few batches formed together still leave at once.
    const results = (await client.query(
      `BEGIN;
       SELECT pg_advisory_xact_lock(hashtext(${client.escapeLiteral(`trace-gateway:rate:${key}`)})), ${RELAXED_COMMIT};
       WITH pruned AS (DELETE FROM rate_limit_log WHERE key = ${k} AND at < clock_timestamp() - make_interval(secs => 2 * ${windowSecs})),
            newest AS (SELECT at FROM rate_limit_log WHERE key = ${k} AND at > clock_timestamp() - make_interval(secs => ${windowSecs})
                        ORDER BY at DESC LIMIT ${limit}),
            w AS (SELECT count(*)::int AS n, max(at) AS newest, min(at) AS nth, clock_timestamp() AS now FROM newest),
            slot AS (SELECT w.now, greatest(
                       w.now,
                       CASE WHEN w.n >= ${limit} / 2 THEN w.newest + make_interval(secs => ${windowSecs} / ${limit}) END,
                       CASE WHEN w.n >= ${limit} THEN w.nth + make_interval(secs => ${windowSecs}) END) AS at
                       FROM w),
            taken AS (INSERT INTO rate_limit_log (key, at) SELECT ${k}, at FROM slot)
       SELECT at, now FROM slot;
       COMMIT`,
    )) as unknown as Array<{ rows: RateSlot[] }>;
    return results[2]!.rows[0]!;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
