import type { Queryable } from '../pool';

export interface EventFilter {
  actor?: string;
  action?: string;
  subject?: string;
  since?: string;
}

export interface EventRow {
  id: number;
  at: Date;
  actor: string;
  /** The token that acted; null for the gateway itself (and the command line). */
  actorTokenId: number | null;
  action: string;
  subject: string | null;
  details: unknown;
}

/** The audit trail, newest first, in keyset pages (`beforeId`). */
export async function listEvents(db: Queryable, f: EventFilter, beforeId: number | null, limit: number): Promise<EventRow[]> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (f.actor) add('actor = ?', f.actor);
  if (f.action) add('action = ?', f.action);
  if (f.subject) add('subject = ?', f.subject);
  if (f.since) add('at >= ?', f.since);
  if (beforeId !== null) add('id < ?', beforeId);
  params.push(limit);
  const r = await db.query(
    `SELECT id, at, actor, actor_token_id, action, subject, details FROM events ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return r.rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    actorTokenId: row.actor_token_id === null ? null : Number(row.actor_token_id),
    action: row.action,
    subject: row.subject,
    details: row.details,
  }));
}
