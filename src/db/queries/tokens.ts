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
  expiresAt: Date | null;
}

const COLUMNS = 'id, name, role, bootstrap, created_by, created_at, last_used_at, revoked_at, expires_at';

function toRow(row: Record<string, any>): TokenRow {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    bootstrap: row.bootstrap,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
  };
}

export async function insertToken(
  db: Queryable,
  t: { name: string; role: Role; tokenHash: string; createdBy: string | null; bootstrap?: 'env' | 'generated'; expiresAt?: Date | null },
): Promise<TokenRow> {
  const r = await db.query(
    `INSERT INTO api_tokens (name, role, token_hash, created_by, bootstrap, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [t.name, t.role, t.tokenHash, t.createdBy, t.bootstrap ?? null, t.expiresAt ?? null],
  );
  return toRow(r.rows[0]);
}

/** The token with this hash, active, revoked or expired (the caller says which refusal applies). */
export async function findTokenByHash(db: Queryable, tokenHash: string): Promise<TokenRow | undefined> {
  const r = await db.query(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1`, [tokenHash]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** The active token with this hash, if any. */
export async function findActiveToken(db: Queryable, tokenHash: string): Promise<TokenRow | undefined> {
  const r = await db.query(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** Notes use at most once a minute, so a busy dashboard does not write on every request. */
export async function touchToken(db: Queryable, id: number): Promise<void> {
  await db.query(
    `UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
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
  const r = await db.query(
    `SELECT count(*)::int AS n FROM api_tokens WHERE role = 'admin' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
  );
  return r.rows[0].n as number;
}

/** The token that has ever carried this name (names are never reused, even after revocation). */
export async function tokenNamed(db: Queryable, name: string): Promise<TokenRow | undefined> {
  const r = await db.query(`SELECT ${COLUMNS} FROM api_tokens WHERE name = $1`, [name]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** `base`, or `base #2`, `base #3`… : the first name no token ever had (API names cannot hold "#"). */
export async function unusedTokenName(db: Queryable, base: string): Promise<string> {
  const r = await db.query(`SELECT name FROM api_tokens WHERE name = $1 OR name LIKE $2`, [base, `${base} #%`]);
  const used = new Set(r.rows.map((row) => row.name as string));
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base} #${n}`;
    if (!used.has(name)) return name;
  }
}

/** Revokes the active bootstrap tokens (a new ADMIN_TOKEN replaces them); returns what was revoked. */
export async function revokeBootstrapTokens(db: Queryable): Promise<TokenRow[]> {
  const r = await db.query(
    `UPDATE api_tokens SET revoked_at = now(), revoked_by = 'system' WHERE bootstrap IS NOT NULL AND revoked_at IS NULL RETURNING ${COLUMNS}`,
  );
  return r.rows.map(toRow);
}

/** Serialises the admin bootstrap of several processes starting together (transaction-scoped). */
export async function lockTokenBootstrap(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('trace-gateway:admin-bootstrap'))`);
}
