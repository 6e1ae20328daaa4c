import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/pool';
import { findTokenByHash, touchToken } from '../db/queries/tokens';
import { GatewayError } from '../errors';
import type { RefusalReason } from './refusal-log';
import { roleAllows, type Access, type Role } from './roles';
import { bearerToken, hashToken } from './token-secret';

/** Who made the request; `actor` names them in the audit trail. */
export interface Caller {
  tokenId: number;
  actor: string;
  role: Role;
}

/** Told of every refused request (metrics and a bounded log); never given the token. */
export type RefusalHook = (reason: RefusalReason, req: Request) => void;

/**
 * Express middleware for one route: `public` passes; otherwise a valid bearer token is required
 * (401 when missing, unknown, revoked or expired) and its role must reach the route's (403 otherwise).
 */
export function requireAccess(db: Db, access: Access, onRefused: RefusalHook = () => undefined) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (access === 'public') return next();
    const refuse = (reason: RefusalReason, err: GatewayError): never => {
      onRefused(reason, req);
      throw err;
    };
    const token = bearerToken(req.headers.authorization);
    if (!token) refuse('missing', new GatewayError('TG_AUTH_REQUIRED'));
    const row = await findTokenByHash(db, hashToken(token!));
    if (!row) return refuse('unknown', new GatewayError('TG_AUTH_INVALID'));
    if (row.revokedAt)
      return refuse('revoked', new GatewayError('TG_AUTH_INVALID', `the token was revoked at ${row.revokedAt.toISOString()}`));
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
      return refuse(
        'expired',
        new GatewayError('TG_AUTH_EXPIRED', `the token expired at ${row.expiresAt.toISOString()}; ask an admin for a new one`),
      );
    }
    res.locals.caller = { tokenId: row.id, actor: row.name, role: row.role } satisfies Caller;
    void touchToken(db, row.id).catch(() => undefined);
    if (!roleAllows(row.role, access))
      refuse('forbidden', new GatewayError('TG_AUTH_FORBIDDEN', `this needs the ${access} role; the token has ${row.role}`));
    next();
  };
}
