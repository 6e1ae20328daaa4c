import type { Queryable } from '../../src/db/pool';

/**
 * Resolves once a backend waits on a lock: the one with this `pid`, or one whose statement is
 * like every pattern of `queryLike` (SQL LIKE). Fails after `timeoutMs` rather than hang the test.
 */
export async function untilWaitingOnLock(
  db: Queryable,
  match: { pid: number } | { queryLike: readonly string[] },
  timeoutMs = 10_000,
): Promise<void> {
  const [filter, values] =
    'pid' in match
      ? ['pid = $1', [match.pid]]
      : [match.queryLike.map((_, i) => `query LIKE $${i + 1}`).join(' AND '), [...match.queryLike]];
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND ${filter}`, values);
    if (r.rows.length > 0) return;
    if (Date.now() > until) throw new Error(`no backend waited on a lock (${JSON.stringify(match)}) within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
