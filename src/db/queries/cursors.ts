import type { Cursor } from '../../adapters/types';
import type { Queryable } from '../pool';

export async function readCursor(db: Queryable, adapterId: string, stream: string): Promise<Cursor | null> {
  const r = await db.query('SELECT cursor FROM cursors WHERE adapter_id = $1 AND stream = $2', [adapterId, stream]);
  return (r.rows[0]?.cursor as Cursor | undefined) ?? null;
}

export async function advanceCursor(db: Queryable, adapterId: string, stream: string, cursor: Cursor): Promise<void> {
  await db.query({
    name: 'cursor-advance',
    text: `INSERT INTO cursors (adapter_id, stream, cursor, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (adapter_id, stream) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
    values: [adapterId, stream, JSON.stringify(cursor)],
  });
}

export async function listCursors(db: Queryable): Promise<Array<{ adapterId: string; stream: string; cursor: Cursor; updatedAt: Date }>> {
  const r = await db.query('SELECT adapter_id, stream, cursor, updated_at FROM cursors ORDER BY adapter_id, stream');
  return r.rows.map((row) => ({ adapterId: row.adapter_id, stream: row.stream, cursor: row.cursor, updatedAt: row.updated_at }));
}
