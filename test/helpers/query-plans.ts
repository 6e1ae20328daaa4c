import type { Queryable } from '../../src/db/pool';

/**
 * A Queryable that asks `db` for the plan of each query instead of running it, for tests that a
 * lookup goes through its index: each plan is kept as one text, in order, and every query answers
 * no rows.
 */
export function planRecorder(db: Queryable): { db: Queryable; plans: string[] } {
  const plans: string[] = [];
  const query = async (text: string, params?: unknown[]) => {
    const r = await db.query(`EXPLAIN ${text}`, params as unknown[]);
    plans.push(r.rows.map((row) => row['QUERY PLAN']).join('\n'));
    return { rows: [] };
  };
  return { db: { query } as unknown as Queryable, plans };
}
