import type { Queryable } from '../pool';

/** Appends to the audit trail (operator actions and notable system events). */
export async function recordEvent(db: Queryable, e: { actor: string; action: string; subject?: string; details?: unknown }): Promise<void> {
  await db.query('INSERT INTO events (actor, action, subject, details) VALUES ($1, $2, $3, $4)', [
    e.actor,
    e.action,
    e.subject ?? null,
    e.details === undefined ? null : JSON.stringify(e.details),
  ]);
}
