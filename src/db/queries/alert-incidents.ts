import type { Queryable } from '../pool';

export interface IncidentRow {
  id: number;
  key: string;
  kind: string;
  summary: string;
  details: unknown;
  openedAt: Date;
  resolvedAt: Date | null;
  openSentAt: Date | null;
  resolveSentAt: Date | null;
}

const COLUMNS = 'id, key, kind, summary, details, opened_at, resolved_at, open_sent_at, resolve_sent_at';

function toRow(row: Record<string, any>): IncidentRow {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind,
    summary: row.summary,
    details: row.details,
    openedAt: row.opened_at,
    resolvedAt: row.resolved_at,
    openSentAt: row.open_sent_at,
    resolveSentAt: row.resolve_sent_at,
  };
}

/** Opens an incident unless one with this key is open; true when this call opened it. */
export async function openIncident(db: Queryable, i: { key: string; kind: string; summary: string; details: unknown }): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO alert_incidents (key, kind, summary, details) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) WHERE resolved_at IS NULL DO NOTHING RETURNING id`,
    [i.key, i.kind, i.summary, JSON.stringify(i.details ?? null)],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function openIncidentKeys(db: Queryable): Promise<string[]> {
  const r = await db.query('SELECT key FROM alert_incidents WHERE resolved_at IS NULL ORDER BY id LIMIT 10000');
  return r.rows.map((row) => row.key as string);
}

/** Resolves the open incident of a key; true when this call resolved it. */
export async function resolveIncident(db: Queryable, key: string): Promise<boolean> {
  const r = await db.query('UPDATE alert_incidents SET resolved_at = now() WHERE key = $1 AND resolved_at IS NULL RETURNING id', [key]);
  return (r.rowCount ?? 0) > 0;
}

/**
 * Claims one incident with a notification still to send (opening or resolution) for `claimSeconds`;
 * a process that dies while sending loses the claim, and another one sends it.
 */
export async function claimUnsentIncident(
  db: Queryable,
  claimSeconds: number,
  maxAgeHours: number,
  skipIds: readonly number[] = [],
): Promise<IncidentRow | undefined> {
  const r = await db.query(
    `UPDATE alert_incidents SET claimed_until = now() + make_interval(secs => $1), send_attempts = send_attempts + 1
      WHERE id = (SELECT id FROM alert_incidents
                   WHERE (open_sent_at IS NULL OR (resolved_at IS NOT NULL AND resolve_sent_at IS NULL))
                     AND (claimed_until IS NULL OR claimed_until < now())
                     AND opened_at > now() - make_interval(hours => $2)
                     AND NOT (id = ANY($3::bigint[]))
                   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [claimSeconds, maxAgeHours, skipIds],
  );
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

export async function markIncidentSent(db: Queryable, id: number, what: 'open' | 'resolve'): Promise<void> {
  await db.query(
    `UPDATE alert_incidents SET ${what === 'open' ? 'open_sent_at' : 'resolve_sent_at'} = now(), last_send_error = NULL WHERE id = $1`,
    [id],
  );
}

export async function releaseIncident(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE alert_incidents SET claimed_until = NULL WHERE id = $1', [id]);
}

/** A failed send keeps its claim until it expires: that is the retry delay. */
export async function noteIncidentSendFailure(db: Queryable, id: number, error: string): Promise<void> {
  await db.query('UPDATE alert_incidents SET last_send_error = $2 WHERE id = $1', [id, error.slice(0, 500)]);
}

/** Open incidents and those resolved within `hours`, newest first. */
export async function recentIncidents(db: Queryable, hours: number): Promise<IncidentRow[]> {
  const r = await db.query(
    `SELECT ${COLUMNS} FROM alert_incidents WHERE resolved_at IS NULL OR resolved_at > now() - make_interval(hours => $1) ORDER BY id DESC LIMIT 500`,
    [hours],
  );
  return r.rows.map(toRow);
}
