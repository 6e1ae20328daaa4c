import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/pool';
import { findActiveToken, touchToken } from '../db/queries/tokens';
import { GatewayError } from '../errors';
import { roleAllows, type Access, type Role } from './roles';
import { bearerToken, hashToken } from './token-secret';

/** Who made the request; `actor` names them in the audit trail. */
export interface Caller {
  tokenId: number;
  actor: string;
  role: Role;
}

/**
 * Express middleware for one route: `public` passes; otherwise a valid bearer token is required
 * (401 when missing, unknown or revoked) and its role must reach the route's (403 otherwise).
 */
export function requireAccess(db: Db, access: Access) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (access === 'public') return next();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new GatewayError('TG_AUTH_REQUIRED');
    const row = await findActiveToken(db, hashToken(token));
    if (!row) throw new GatewayError('TG_AUTH_INVALID');
    res.locals.caller = { tokenId: row.id, actor: row.name, role: row.role } satisfies Caller;
    void touchToken(db, row.id).catch(() => undefined);
    if (!roleAllows(row.role, access)) throw new GatewayError('TG_AUTH_FORBIDDEN', `this needs the ${access} role; the token has ${row.role}`);
    next();
  };
}
