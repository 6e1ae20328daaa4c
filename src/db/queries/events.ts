import type { Queryable } from '../pool';

/** Who did it: an API token (its id and its name, unique for ever), or the gateway itself. */
export interface Actor {
  tokenId: number | null;
  name: string;
}

/** The gateway's own actions (bootstrap, pauses, blocked batches); no token may be named so. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ tokenId: null, name: 'system' });

/** Appends to the audit trail (operator actions and notable system events); the table refuses changes. */
export async function recordEvent(db: Queryable, e: { actor: Actor; action: string; subject?: string; details?: unknown }): Promise<void> {
  await db.query('INSERT INTO events (actor, actor_token_id, action, subject, details) VALUES ($1, $2, $3, $4, $5)', [
    e.actor.name,
    e.actor.tokenId,
    e.action,
    e.subject ?? null,
    e.details === undefined ? null : JSON.stringify(e.details),
  ]);
}
