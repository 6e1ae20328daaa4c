import type { Queryable } from '../pool';

/** Who did it: an API token (its id and its name, unique for ever), or the gateway itself. */
export interface Actor {
  tokenId: number | null;
  name: string;
}

/** The gateway's own actions (bootstrap, pauses, blocked batches); no token may be named so. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ tokenId: null, name: 'system' });

/**
 * Who an event names: a token (from the request), or the gateway and its commands by a name of their
 * own (`system`, `system:notices`, `cli:alice`); a token's name alone is not accepted, so no event
 * loses the id of the token that acted.
 */
export type EventActor = Actor | 'system' | `system:${string}` | `cli:${string}`;

/** The name an actor is shown by. */
export function actorName(actor: EventActor): string {
  return typeof actor === 'string' ? actor : actor.name;
}

/** Appends to the audit trail (operator actions and notable system events); the table refuses changes. */
export async function recordEvent(
  db: Queryable,
  e: { actor: EventActor; action: string; subject?: string; details?: unknown },
): Promise<void> {
  const actor: Actor = typeof e.actor === 'string' ? { tokenId: null, name: e.actor } : e.actor;
  await db.query('INSERT INTO events (actor, actor_token_id, action, subject, details) VALUES ($1, $2, $3, $4, $5)', [
    actor.name,
    actor.tokenId,
    e.action,
    e.subject ?? null,
    e.details === undefined ? null : JSON.stringify(e.details),
  ]);
}
