import type { Cursor } from '../../adapters/types';
import type { Queryable } from '../pool';

export async function readCursor(db: Queryable, adapterId: string, stream: string): Promise<Cursor | null> {
  const r = await db.query('SELECT cursor FROM cursors WHERE adapter_id = $1 AND stream = $2', [adapterId, stream]);
  return (r.rows[0]?.cursor as Cursor | undefined) ?? null;
}

export async function listCursors(db: Queryable): Promise<Array<{ adapterId: string; stream: string; cursor: Cursor; updatedAt: Date }>> {
  const r = await db.query('SELECT adapter_id, stream, cursor, updated_at FROM cursors ORDER BY adapter_id, stream');
  return r.rows.map((row) => ({ adapterId: row.adapter_id, stream: row.stream, cursor: row.cursor, updatedAt: row.updated_at }));
}
