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
  return {
    async acquire(signal) {
      for (;;) {
        if (signal?.aborted) throw new Error('rate limit wait cancelled');
        const waitMs = await tryTake(db, opts.key, limit, windowMs);
        if (waitMs <= 0) return;
        await new Promise((r) => setTimeout(r, Math.min(waitMs, 250)));
      }
    },
  };
}

async function tryTake(db: Db, key: string, limit: number, windowMs: number): Promise<number> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // The log only spaces requests: a crash of the database server may forget its last few entries at
    // worst, so its commits need not wait for the disk.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1)), ${RELAXED_COMMIT}`, [`trace-gateway:rate:${key}`]);
    await client.query(`DELETE FROM rate_limit_log WHERE key = $1 AND at < clock_timestamp() - make_interval(secs => $2::float8 / 1000)`, [key, windowMs * 2]);
    const r = await client.query(
      `SELECT count(*)::int AS n, min(at) AS oldest, max(at) AS newest, clock_timestamp() AS now
         FROM rate_limit_log WHERE key = $1 AND at > clock_timestamp() - make_interval(secs => $2::float8 / 1000)`,
      [key, windowMs],
    );
    const { n, oldest, newest, now } = r.rows[0] as { n: number; oldest: Date | null; newest: Date | null; now: Date };
    // Spacing starts once the window is half full: a few batches formed together still leave at once.
    const spacingMs = n >= Math.floor(limit / 2) ? windowMs / limit : 0;
    const sinceNewest = newest ? now.getTime() - newest.getTime() : Infinity;
    if (n < limit && sinceNewest >= spacingMs) {
      await client.query('INSERT INTO rate_limit_log (key, at) VALUES ($1, clock_timestamp())', [key]);
      await client.query('COMMIT');
      return 0;
    }
    await client.query('COMMIT');
    const windowWait = n < limit ? 0 : oldest ? oldest.getTime() + windowMs - now.getTime() : 10;
    return Math.max(1, windowWait, Math.ceil(spacingMs - sinceNewest));
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
