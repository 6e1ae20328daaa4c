import type { AdapterDeclaration } from '../../adapters/types';
import type { Queryable } from '../pool';

export interface AdapterRegistrationRow {
  id: string;
  kind: string;
  origin: 'config' | 'demo' | 'api';
  enabled: boolean;
  declaration: AdapterDeclaration;
  updatedAt: Date;
}

function toRow(row: Record<string, any>): AdapterRegistrationRow {
  return { id: row.id, kind: row.kind, origin: row.origin, enabled: row.enabled, declaration: row.declaration, updatedAt: row.updated_at };
}

const COLUMNS = 'id, kind, origin, enabled, declaration, updated_at';

/** One registration; `forUpdate` holds its row until the transaction ends (a change reads what it replaces). */
export async function getAdapterRegistration(
  db: Queryable,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<AdapterRegistrationRow | undefined> {
  const r = await db.query(`SELECT ${COLUMNS} FROM adapters WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

export async function listAdapterRegistrations(db: Queryable): Promise<AdapterRegistrationRow[]> {
  const r = await db.query(`SELECT ${COLUMNS} FROM adapters ORDER BY id LIMIT 10000`);
  return r.rows.map(toRow);
}

/** Inserts an API registration; undefined when the id is taken (by any origin). */
export async function insertApiAdapter(db: Queryable, decl: AdapterDeclaration): Promise<AdapterRegistrationRow | undefined> {
  const r = await db.query(
    `INSERT INTO adapters (id, kind, origin, declaration, enabled) VALUES ($1, $2, 'api', $3, $4)
     ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
    [decl.id, decl.kind, JSON.stringify(decl), decl.enabled !== false],
  );
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** Replaces the declaration of an API registration; undefined when there is none with this id. */
export async function replaceApiAdapter(db: Queryable, decl: AdapterDeclaration): Promise<AdapterRegistrationRow | undefined> {
  const r = await db.query(
    `UPDATE adapters SET kind = $2, declaration = $3, enabled = $4, updated_at = clock_timestamp()
      WHERE id = $1 AND origin = 'api' RETURNING ${COLUMNS}`,
    [decl.id, decl.kind, JSON.stringify(decl), decl.enabled !== false],
  );
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

export async function deleteApiAdapter(db: Queryable, id: string): Promise<AdapterRegistrationRow | undefined> {
  const r = await db.query(`DELETE FROM adapters WHERE id = $1 AND origin = 'api' RETURNING ${COLUMNS}`, [id]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** Enables or disables any adapter; an API registration's declaration follows, so it survives restarts. */
export async function setAdapterEnabled(db: Queryable, id: string, enabled: boolean): Promise<AdapterRegistrationRow | undefined> {
  const r = await db.query(
    `UPDATE adapters SET enabled = $2,
            declaration = CASE WHEN origin = 'api' THEN jsonb_set(declaration, '{enabled}', to_jsonb($2::boolean)) ELSE declaration END,
            state = CASE WHEN $2 THEN (CASE WHEN state = 'stopped' THEN 'idle' ELSE state END) ELSE 'stopped' END,
            updated_at = clock_timestamp()
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, enabled],
  );
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}
