import { RELAXED_COMMIT, type Db } from '../pool';

/** The shared request window of one credential as one attempt to take a slot saw it. */
export interface RateWindow {
  /** Requests in the window before this attempt. */
  n: number;
  oldest: Date | null;
  newest: Date | null;
  /** The database's clock at the attempt. */
  now: Date;
  /** How far apart requests must be now (0 while the window is less than half full). */
  spacingMs: number;
  /** Whether this attempt took a slot. */
  taken: boolean;
}

/**
 * Takes a slot in the window of `key` (`rate_limit_log`) when it holds fewer than `limit` requests of
 * the last `windowMs` and the spacing allows it, under an advisory lock per key. Three round trips:
 * the lock (with BEGIN), one statement that prunes, counts and takes, and the commit.
 */
export async function takeRateSlot(db: Db, key: string, limit: number, windowMs: number): Promise<RateWindow> {
  const client = await db.connect();
  try {
    // The log only spaces requests: a crash of the database server may forget its last few entries at
    // worst, so its commits need not wait for the disk.
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(hashtext(${client.escapeLiteral(`trace-gateway:rate:${key}`)})), ${RELAXED_COMMIT}`);
    // Spacing starts once the window is half full: a few batches formed together still leave at once.
    const r = await client.query(
      `WITH pruned AS (DELETE FROM rate_limit_log WHERE key = $1 AND at < clock_timestamp() - make_interval(secs => $2::float8 / 500)),
       w AS (SELECT count(*)::int AS n, min(at) AS oldest, max(at) AS newest, clock_timestamp() AS now
               FROM rate_limit_log WHERE key = $1 AND at > clock_timestamp() - make_interval(secs => $2::float8 / 1000)),
       spacing AS (SELECT CASE WHEN n >= $3::int / 2 THEN $2::float8 / $3::int ELSE 0 END AS ms FROM w),
       taken AS (INSERT INTO rate_limit_log (key, at)
                 SELECT $1, clock_timestamp() FROM w, spacing
                  WHERE w.n < $3::int AND (w.newest IS NULL OR EXTRACT(EPOCH FROM (w.now - w.newest)) * 1000 >= spacing.ms)
                 RETURNING at)
       SELECT w.n, w.oldest, w.newest, w.now, spacing.ms AS spacing_ms, EXISTS (SELECT 1 FROM taken) AS taken FROM w, spacing`,
      [key, windowMs, limit],
    );
    await client.query('COMMIT');
    const { n, oldest, newest, now, spacing_ms: spacingMs, taken } = r.rows[0] as { n: number; oldest: Date | null; newest: Date | null; now: Date; spacing_ms: number; taken: boolean };
    return { n, oldest, newest, now, spacingMs, taken };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
