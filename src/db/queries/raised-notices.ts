import type { Queryable } from '../pool';

export type RaisedState = 'proposed' | 'confirmed' | 'accepted' | 'refused' | 'dismissed';

export interface RaisedNoticeRow {
  clientNoticeId: string;
  state: RaisedState;
  body: Record<string, unknown>;
  bodyText: string;
  evidenceRecord: string;
  traceCodes: string[];
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  noticeId: string | null;
  targetRegions: string[] | null;
  acceptedAt: Date | null;
}

const COLUMNS = `client_notice_id, state, body, evidence_record, trace_codes, created_at, decided_at, decided_by, attempts, next_attempt_at, last_error,
  notice_id, target_regions, accepted_at`;

function toRow(row: Record<string, any>): RaisedNoticeRow {
  return {
    clientNoticeId: row.client_notice_id,
    state: row.state,
    body: JSON.parse(row.body) as Record<string, unknown>,
    bodyText: row.body,
    evidenceRecord: row.evidence_record,
    traceCodes: row.trace_codes,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    noticeId: row.notice_id,
    targetRegions: row.target_regions,
    acceptedAt: row.accepted_at,
  };
}

/** Writes a proposal (or, with `confirmedBy`, a notice to raise at once) with its fixed id and body; false when that id exists. */
export async function insertRaisedNotice(
  tx: Queryable,
  r: { clientNoticeId: string; body: string; evidenceRecord: string; traceCodes: readonly string[]; confirmedBy?: string },
): Promise<boolean> {
  const q = await tx.query(
    `INSERT INTO raised_notices (client_notice_id, state, body, evidence_record, trace_codes, decided_at, decided_by)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::text IS NOT NULL THEN now() END, $6) ON CONFLICT (client_notice_id) DO NOTHING`,
    [r.clientNoticeId, r.confirmedBy ? 'confirmed' : 'proposed', r.body, r.evidenceRecord, [...r.traceCodes], r.confirmedBy ?? null],
  );
  return (q.rowCount ?? 0) > 0;
}

export async function getRaisedNotice(db: Queryable, clientNoticeId: string): Promise<RaisedNoticeRow | undefined> {
  const r = await db.query(`SELECT ${COLUMNS} FROM raised_notices WHERE client_notice_id = $1`, [clientNoticeId]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

export async function listRaisedNotices(db: Queryable, f: { state?: RaisedState; limit: number }): Promise<RaisedNoticeRow[]> {
  const r = await db.query(
    `SELECT ${COLUMNS} FROM raised_notices WHERE ($1::text IS NULL OR state = $1) ORDER BY created_at DESC, client_notice_id LIMIT $2`,
    [f.state ?? null, f.limit],
  );
  return r.rows.map(toRow);
}

/** An operator's decision on a proposal; undefined when it is not (or no longer) proposed. */
export async function decideRaisedNotice(
  tx: Queryable,
  clientNoticeId: string,
  to: 'confirmed' | 'dismissed',
  by: string,
): Promise<RaisedNoticeRow | undefined> {
  const r = await tx.query(
    `UPDATE raised_notices SET state = $2, decided_at = now(), decided_by = $3 WHERE client_notice_id = $1 AND state = 'proposed' RETURNING ${COLUMNS}`,
    [clientNoticeId, to, by],
  );
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** Confirmed notices due to be sent now. */
export async function dueRaisedNotices(db: Queryable, limit: number): Promise<RaisedNoticeRow[]> {
  const r = await db.query(
    `SELECT ${COLUMNS} FROM raised_notices WHERE state = 'confirmed' AND next_attempt_at <= now() ORDER BY created_at LIMIT $1`,
    [limit],
  );
  return r.rows.map(toRow);
}

export async function markRaisedAccepted(
  tx: Queryable,
  clientNoticeId: string,
  noticeId: string,
  targetRegions: readonly string[],
): Promise<void> {
  await tx.query(
    `UPDATE raised_notices SET state = 'accepted', attempts = attempts + 1, notice_id = $2, target_regions = $3, accepted_at = now(), last_error = NULL WHERE client_notice_id = $1`,
    [clientNoticeId, noticeId, [...targetRegions]],
  );
}

export async function markRaisedRetry(db: Queryable, clientNoticeId: string, error: string, delaySeconds: number): Promise<void> {
  await db.query(
    `UPDATE raised_notices SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE client_notice_id = $1 AND state = 'confirmed'`,
    [clientNoticeId, error, delaySeconds],
  );
}

export async function markRaisedRefused(db: Queryable, clientNoticeId: string, error: string): Promise<void> {
  await db.query(
    `UPDATE raised_notices SET state = 'refused', attempts = attempts + 1, last_error = $2 WHERE client_notice_id = $1 AND state = 'confirmed'`,
    [clientNoticeId, error],
  );
}
