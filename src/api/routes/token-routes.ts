import { generateToken, hashToken } from '../../auth/token-secret';
import { withTransaction } from '../../db/pool';
import { recordEvent } from '../../db/queries/events';
import { activeTokenNameTaken, countActiveAdmins, getToken, insertToken, listTokens, lockTokenBootstrap, revokeToken, type Role, type TokenRow } from '../../db/queries/tokens';
import { GatewayError } from '../../errors';
import { registerSecret } from '../../log';
import { actorOf, paramsOf, queryOf, type ApiDeps, type Handler } from '../deps';

const view = (t: TokenRow) => ({ id: t.id, name: t.name, role: t.role, createdBy: t.createdBy, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt });

export function tokenHandlers(deps: ApiDeps): Record<string, Handler> {
  return {
    listTokens: async (_req, res) => {
      res.json((await listTokens(deps.db, queryOf(res).includeRevoked === true)).map(view));
    },
    createToken: async (req, res) => {
      const { name, role } = req.body as { name: string; role: Role };
      const actor = actorOf(res);
      const token = generateToken();
      const row = await withTransaction(deps.db, async (tx) => {
        if (await activeTokenNameTaken(tx, name)) throw new GatewayError('TG_CONFLICT', `an active token is already named "${name}"`);
        const created = await insertToken(tx, { name, role, tokenHash: hashToken(token), createdBy: actor });
        await recordEvent(tx, { actor, action: 'token:created', subject: name, details: { id: created.id, role } });
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
        if (target.role === 'admin' && (await countActiveAdmins(tx)) <= 1) throw new GatewayError('TG_CONFLICT', 'this is the last admin token; create another admin token first');
        const revoked = await revokeToken(tx, id, actor);
        await recordEvent(tx, { actor, action: 'token:revoked', subject: target.name, details: { id, role: target.role } });
        return revoked!;
      });
      res.json(view(row));
    },
  };
}
