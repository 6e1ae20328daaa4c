import { RELAXED_COMMIT, type Db } from '../db/pool';

export interface RateLimiter {
  /** Resolves when this process may send one more request under the shared limit. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/**
 * A sliding one-second window (national §7.5) shared by every gateway process through PostgreSQL:
 * each request is logged under an advisory lock, and a request waits while the window is full.
 * The window is slightly longer than a second to absorb network jitter between processes. Once the
 * window is half full, requests are also spaced evenly (window ÷ limit apart): a full burst at the
 * start of each window would let a request delayed on its way meet the next window's first ones at
 * the platform.
 */
export function createSharedRateLimiter(db: Db, opts: { key: string; perSecond: number; windowMs?: number }): RateLimiter {
  const windowMs = opts.windowMs ?? 1030;
  const limit = Math.max(1, Math.floor(opts.perSecond));
  async function take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new Error('rate limit wait cancelled');
      const waitMs = await tryTake(db, opts.key, limit, windowMs);
      if (waitMs <= 0) return;
      await new Promise((r) => setTimeout(r, Math.min(waitMs, 250)));
    }
  }
  // One request of this process at a time asks the database; the others wait their turn here, so
  // workers waiting for the same slot do not all query (and queue on the lock) at every slot.
  let turn: Promise<void> = Promise.resolve();
  return {
    acquire(signal) {
      const mine = turn.then(() => take(signal));
      turn = mine.catch(() => undefined);
      return mine;
    },
  };
}

/**
 * Takes a slot when the window has room and the spacing allows it, else says how long to wait. Three
 * round trips: the lock (with BEGIN), one statement that prunes, counts and takes, and the commit.
 */
async function tryTake(db: Db, key: string, limit: number, windowMs: number): Promise<number> {
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
    if (taken) return 0;
    const sinceNewest = newest ? now.getTime() - newest.getTime() : Infinity;
    const windowWait = n < limit ? 0 : oldest ? oldest.getTime() + windowMs - now.getTime() : 10;
    return Math.max(1, windowWait, Math.ceil(spacingMs - sinceNewest));
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
