import type { Queryable } from '../pool';
import type { Actor } from './events';

export type ReplayRequestState = 'queued' | 'running' | 'done' | 'failed';

export interface ReplayRequestRow {
  id: number;
  filter: Record<string, unknown>;
  requestedBy: string;
  state: ReplayRequestState;
  /** Open entries matching when the job started (null until then). */
  total: number | null;
  processed: number;
  outcome: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = 'id, filter, requested_by, state, total, processed, outcome, error, created_at, started_at, finished_at';

function toRow(r: Record<string, any>): ReplayRequestRow {
  return {
    id: Number(r.id),
    filter: r.filter,
    requestedBy: r.requested_by,
    state: r.state,
    total: r.total,
    processed: r.processed,
    outcome: r.outcome,
    error: r.error,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export async function insertReplayRequest(db: Queryable, filter: Record<string, unknown>, actor: Actor): Promise<ReplayRequestRow> {
  const r = await db.query(
    `INSERT INTO replay_requests (filter, requested_by, requested_by_token_id) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [JSON.stringify(filter), actor.name, actor.tokenId],
  );
  return toRow(r.rows[0]);
}

export async function setReplayJobId(db: Queryable, id: number, jobId: string | null): Promise<void> {
  await db.query('UPDATE replay_requests SET job_id = $2 WHERE id = $1', [id, jobId]);
}

export async function getReplayRequest(db: Queryable, id: number): Promise<ReplayRequestRow | undefined> {
  const r = await db.query(`SELECT ${COLUMNS} FROM replay_requests WHERE id = $1`, [id]);
  return r.rows[0] ? toRow(r.rows[0]) : undefined;
}

/** The actor who asked, for the audit event written when the job ends. */
export async function replayRequester(db: Queryable, id: number): Promise<Actor | undefined> {
  const r = await db.query('SELECT requested_by, requested_by_token_id FROM replay_requests WHERE id = $1', [id]);
  return r.rows[0]
    ? { name: r.rows[0].requested_by, tokenId: r.rows[0].requested_by_token_id === null ? null : Number(r.rows[0].requested_by_token_id) }
    : undefined;
}

export async function markReplayRunning(db: Queryable, id: number, total: number): Promise<void> {
  await db.query(
    `UPDATE replay_requests SET state = 'running', total = $2, processed = 0, error = NULL, started_at = now() WHERE id = $1`,
    [id, total],
  );
}

/** Progress only moves forward (updates are sent without waiting and may arrive out of order). */
export async function noteReplayProgress(db: Queryable, id: number, processed: number): Promise<void> {
  await db.query(`UPDATE replay_requests SET processed = GREATEST(processed, $2) WHERE id = $1 AND state = 'running'`, [id, processed]);
}

export async function markReplayDone(db: Queryable, id: number, outcome: { entries: number } & Record<string, unknown>): Promise<void> {
  await db.query(`UPDATE replay_requests SET state = 'done', processed = $2, outcome = $3, finished_at = now() WHERE id = $1`, [
    id,
    outcome.entries,
    JSON.stringify(outcome),
  ]);
}

export async function markReplayFailed(db: Queryable, id: number, error: string): Promise<void> {
  await db.query(`UPDATE replay_requests SET state = 'failed', error = $2, finished_at = now() WHERE id = $1`, [id, error.slice(0, 500)]);
}
