import { generateToken, hashToken } from '../../auth/token-secret';
import { withTransaction } from '../../db/pool';
import { recordEvent } from '../../db/queries/events';
import {
  countActiveAdmins,
  getToken,
  insertToken,
  listTokens,
  lockTokenBootstrap,
  revokeToken,
  tokenNamed,
  type Role,
  type TokenRow,
} from '../../db/queries/tokens';
import { GatewayError } from '../../errors';
import { registerSecret } from '../../log';
import { actorOf, paramsOf, queryOf, type ApiDeps, type Handler } from '../deps';

const view = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
  expiresAt: t.expiresAt,
});

/** The name the audit trail gives the gateway itself. */
const RESERVED_NAMES = new Set(['system']);

export function tokenHandlers(deps: ApiDeps): Record<string, Handler> {
  return {
    listTokens: async (_req, res) => {
      res.json((await listTokens(deps.db, queryOf(res).includeRevoked === true)).map(view));
    },
    createToken: async (req, res) => {
      const { name, role, expiresAt } = req.body as { name: string; role: Role; expiresAt?: string };
      if (RESERVED_NAMES.has(name.toLowerCase()))
        throw new GatewayError('TG_REQUEST_INVALID', `body /name: "${name}" is reserved (the audit trail names the gateway itself so)`);
      const expires = expiresAt === undefined ? null : new Date(expiresAt);
      if (expires && expires.getTime() <= Date.now())
        throw new GatewayError('TG_REQUEST_INVALID', 'body /expiresAt: must be in the future');
      const actor = actorOf(res);
      const token = generateToken();
      const row = await withTransaction(deps.db, async (tx) => {
        const holder = await tokenNamed(tx, name);
        if (holder) {
          throw new GatewayError(
            'TG_CONFLICT',
            `the name "${name}" is already used by token ${holder.id}${holder.revokedAt ? ' (revoked)' : ''}; names are never reused, even after revocation, so the audit trail names one token`,
          );
        }
        const created = await insertToken(tx, { name, role, tokenHash: hashToken(token), createdBy: actor.name, expiresAt: expires });
        await recordEvent(tx, {
          actor,
          action: 'token:created',
          subject: name,
          details: { id: created.id, role, expiresAt: created.expiresAt },
        });
        return created;
      });
      registerSecret(token);
      res.status(201).json({ ...view(row), token });
    },
    revokeToken: async (_req, res) => {
      const { id } = paramsOf<{ id: number }>(res);
      const actor = actorOf(res);
      const row = await withTransaction(deps.db, async (tx) => {
        await lockTokenBootstrap(tx);
        const target = await getToken(tx, id);
        if (!target || target.revokedAt) throw new GatewayError('TG_NOT_FOUND', `token ${id} is not an active token`);
        if (target.role === 'admin' && (await countActiveAdmins(tx)) <= 1)
          throw new GatewayError('TG_CONFLICT', 'this is the last admin token; create another admin token first');
        const revoked = await revokeToken(tx, id, actor.name);
        await recordEvent(tx, { actor, action: 'token:revoked', subject: target.name, details: { id, role: target.role } });
        return revoked!;
      });
      res.json(view(row));
    },
  };
}
