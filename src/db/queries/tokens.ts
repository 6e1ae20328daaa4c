import type { Queryable } from '../pool';

export type Role = 'viewer' | 'operator' | 'admin';

export interface TokenRow {
  id: number;
  name: string;
  role: Role;
  bootstrap: 'env' | 'generated' | null;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = 'id, name, role, bootstrap, created_by, created_at, last_used_at, revoked_at';

function toRow(row: Record<string, any>): TokenRow {
  return {
    id: row.id, name: row.name, role: row.role, bootstrap: row.bootstrap, createdBy: row.created_by,
    createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at,
  };
}

export async function insertToken(
  db: Queryable,
  t: { name: string; role: Role; tokenHash: string; createdBy: string | null; bootstrap?: 'env' | 'generated' },
): Promise<TokenRow> {
  const r = await db.query(
    `INSERT INTO api_tokens (name, role, token_hash, created_by, bootstrap) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [t.name, t.role, t.tokenHash, t.createdBy, t.bootstrap ?? null],
  );
  return toRow(r.rows[0]);
}

/** The active token with this hash, if any. */
export async function findActiveToken(db: Queryable, tokenHash: string): Promise<TokenRow | undefined> {
  const r = await db.query(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** Notes use at most once a minute, so a busy dashboard does not write on every request. */
export async function touchToken(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
}

export async function listTokens(db: Queryable, includeRevoked: boolean): Promise<TokenRow[]> {
  const r = await db.query(`SELECT ${COLUMNS} FROM api_tokens ${includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY id LIMIT 1000`);
  return r.rows.map(toRow);
}

export async function getToken(db: Queryable, id: number): Promise<TokenRow | undefined> {
  const r = await db.query(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** Revokes an active token; returns it, or undefined when it is unknown or already revoked. */
export async function revokeToken(db: Queryable, id: number, by: string): Promise<TokenRow | undefined> {
  const r = await db.query(
    `UPDATE api_tokens SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
    [id, by],
  );
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

export async function countActiveAdmins(db: Queryable): Promise<number> {
  const r = await db.query(`SELECT count(*)::int AS n FROM api_tokens WHERE role = 'admin' AND revoked_at IS NULL`);
  return r.rows[0].n as number;
}

export async function activeTokenNameTaken(db: Queryable, name: string): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM api_tokens WHERE name = $1 AND revoked_at IS NULL', [name]);
  return r.rows.length > 0;
}

/** Revokes the active bootstrap tokens of one origin (a changed ADMIN_TOKEN replaces the old one). */
export async function revokeBootstrapTokens(db: Queryable, origin: 'env' | 'generated'): Promise<number> {
  const r = await db.query(`UPDATE api_tokens SET revoked_at = now(), revoked_by = 'system' WHERE bootstrap = $1 AND revoked_at IS NULL`, [origin]);
  return r.rowCount ?? 0;
}

/** Serialises the admin bootstrap of several processes starting together (transaction-scoped). */
export async function lockTokenBootstrap(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('trace-gateway:admin-bootstrap'))`);
}
