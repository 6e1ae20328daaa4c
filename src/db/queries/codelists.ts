import type { CodeList } from '../../national/codelists';
import type { Queryable } from '../pool';

export async function storedCodeLists(db: Queryable): Promise<CodeList[]> {
  const r = await db.query('SELECT name, version, entries FROM codelists ORDER BY name');
  return r.rows.map((row) => ({ name: row.name, version: row.version, entries: row.entries }) as CodeList);
}

/** Stores a fetched list; returns true when its version or its entries (attributes included) are new. */
export async function storeCodeList(db: Queryable, list: CodeList): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO codelists (name, version, entries, fetched_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, entries = EXCLUDED.entries, fetched_at = now()
       WHERE codelists.version IS DISTINCT FROM EXCLUDED.version OR codelists.entries IS DISTINCT FROM EXCLUDED.entries
     RETURNING name`,
    [list.name, list.version, JSON.stringify(list.entries)],
  );
  return (r.rowCount ?? 0) > 0;
}
