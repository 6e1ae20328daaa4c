import type { Queryable } from '../pool';

/** A notice still in force that names one of the trace codes asked about (for the public trace page and cases). */
export interface OpenNotice {
  noticeId: string;
  revision: number;
  kind: 'PROBLEM_PRODUCT' | 'RECALL';
  severity: string;
  hazard: string;
  issuedAt: string;
  actionsRequired: string[];
  traceCodes: string[];
}

/**
 * Notices not withdrawn whose latest revision names one of `traceCodes`: those received from the feed
 * and those this gateway raised and the platform accepted. Newest first. One index probe (GIN on
 * trace_codes) whatever the number of notices.
 */
export async function openNoticesCovering(db: Queryable, traceCodes: readonly string[]): Promise<OpenNotice[]> {
  if (traceCodes.length === 0) return [];
  const r = await db.query(
    `SELECT notice_id, revision, kind, severity, hazard, body ->> 'issuedAt' AS issued_at_text, actions_required, trace_codes
       FROM notices
      WHERE trace_codes && $1::text[] AND kind IN ('PROBLEM_PRODUCT', 'RECALL') AND withdrawn_at IS NULL
      ORDER BY notices.issued_at DESC, notice_id`,
    [traceCodes],
  );
  return r.rows.map((row) => ({
    noticeId: row.notice_id,
    revision: row.revision,
    kind: row.kind,
    severity: row.severity,
    hazard: row.hazard,
    issuedAt: row.issued_at_text,
    actionsRequired: row.actions_required,
    traceCodes: row.trace_codes,
  }));
}

/** The fields of a §8.1 notice revision that the gateway stores (a `Notice` of src/national/notices.ts fits). */
export interface NoticeRevisionInput {
  noticeId: string;
  revision: number;
  kind: string;
  severity: string;
  issuedAt: string;
  issuerRegion: string;
  targetRegions: readonly string[];
  traceCodes: readonly string[];
  productCode: string;
  subjectCode?: string;
  hazard: string;
  testItem?: string;
  actionsRequired: readonly string[];
  respondBy: string;
  supersedes?: string;
}

export interface StoredRevision {
  /** The notice was not known before. */
  isNew: boolean;
  /** This revision is now the latest one (a new notice, or a higher revision than the one held). */
  isLatest: boolean;
  /** This revision had been stored before (a repeat in the feed). */
  repeated: boolean;
  /** For a WITHDRAWN notice: the notice it withdrew, when this call withdrew it. */
  withdrew?: string;
}

/**
 * Stores one revision as received: every revision is kept, the highest one becomes the notice, and
 * a WITHDRAWN notice marks the one it supersedes as withdrawn (whichever of the two arrives first)
 * and cancels that notice's answers not yet sent. Run inside the intake transaction.
 */
export async function storeNoticeRevision(tx: Queryable, n: NoticeRevisionInput, origin: 'received' | 'raised'): Promise<StoredRevision> {
  const inserted = await tx.query(
    `INSERT INTO notice_revisions (notice_id, revision, kind, issued_at, body) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (notice_id, revision) DO NOTHING`,
    [n.noticeId, n.revision, n.kind, n.issuedAt, JSON.stringify(n)],
  );
  const repeated = (inserted.rowCount ?? 0) === 0;
  const hasCase = origin === 'received' && n.kind !== 'WITHDRAWN';
  const upsert = await tx.query(
    `INSERT INTO notices (notice_id, origin, revision, kind, severity, hazard, issued_at, issuer_region, target_regions, trace_codes,
                          product_code, subject_code, test_item, actions_required, respond_by, supersedes, body, case_state,
                          withdrawn_at, withdrawn_by)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
            CASE WHEN NOT $18::boolean THEN 'none' WHEN w.notice_id IS NOT NULL THEN 'withdrawn' ELSE 'open' END,
            CASE WHEN w.notice_id IS NOT NULL THEN now() END, w.notice_id
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT notice_id FROM notices WHERE supersedes = $1 AND kind = 'WITHDRAWN' ORDER BY notice_id LIMIT 1) w ON true
     ON CONFLICT (notice_id) DO UPDATE SET
       revision = EXCLUDED.revision, kind = EXCLUDED.kind, severity = EXCLUDED.severity, hazard = EXCLUDED.hazard,
       issued_at = EXCLUDED.issued_at, issuer_region = EXCLUDED.issuer_region, target_regions = EXCLUDED.target_regions,
       trace_codes = EXCLUDED.trace_codes, product_code = EXCLUDED.product_code, subject_code = EXCLUDED.subject_code,
       test_item = EXCLUDED.test_item, actions_required = EXCLUDED.actions_required, respond_by = EXCLUDED.respond_by,
       supersedes = EXCLUDED.supersedes, body = EXCLUDED.body, updated_at = now()
     WHERE notices.revision < EXCLUDED.revision
     RETURNING (xmax = 0) AS is_new`,
    [
      n.noticeId,
      origin,
      n.revision,
      n.kind,
      n.severity,
      n.hazard,
      n.issuedAt,
      n.issuerRegion,
      [...n.targetRegions],
      [...n.traceCodes],
      n.productCode,
      n.subjectCode ?? null,
      n.testItem ?? null,
      [...n.actionsRequired],
      n.respondBy,
      n.supersedes ?? null,
      JSON.stringify(n),
      hasCase,
    ],
  );
  const row = upsert.rows[0] as { is_new: boolean } | undefined;
  const out: StoredRevision = { isNew: row?.is_new === true, isLatest: row !== undefined, repeated };
  if (n.kind === 'WITHDRAWN' && n.supersedes && out.isLatest) {
    const w = await tx.query(
      `UPDATE notices SET withdrawn_at = now(), withdrawn_by = $2, updated_at = now(),
              case_state = CASE WHEN case_state IN ('open', 'acknowledged', 'in_progress') THEN 'withdrawn' ELSE case_state END
        WHERE notice_id = $1 AND withdrawn_at IS NULL`,
      [n.supersedes, n.noticeId],
    );
    if ((w.rowCount ?? 0) > 0) {
      out.withdrew = n.supersedes;
      await tx.query(
        `UPDATE notice_responses SET outcome = 'cancelled', last_error = 'the notice was withdrawn' WHERE notice_id = $1 AND outcome = 'pending'`,
        [n.supersedes],
      );
    }
  }
  return out;
}

// ---- the feed's cursor -------------------------------------------------------------------------

export async function readFeedCursor(db: Queryable): Promise<string | null> {
  const r = await db.query('SELECT cursor FROM notice_feed WHERE id = 1');
  return (r.rows[0]?.cursor as string | null | undefined) ?? null;
}

/** Moves the cursor; called in the transaction that stored the page it follows. */
export async function saveFeedCursor(tx: Queryable, cursor: string): Promise<void> {
  await tx.query(
    `INSERT INTO notice_feed (id, cursor, last_polled_at, last_ok_at) VALUES (1, $1, now(), now())
     ON CONFLICT (id) DO UPDATE SET cursor = EXCLUDED.cursor, last_polled_at = now(), last_ok_at = now()`,
    [cursor],
  );
}

export async function recordFeedError(db: Queryable, error: string): Promise<void> {
  await db.query(
    `INSERT INTO notice_feed (id, last_polled_at, last_error, last_error_at) VALUES (1, now(), $1, now())
     ON CONFLICT (id) DO UPDATE SET last_polled_at = now(), last_error = EXCLUDED.last_error, last_error_at = now()`,
    [error],
  );
}

export interface FeedState {
  cursor: string | null;
  lastPolledAt: Date | null;
  lastOkAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

export async function feedState(db: Queryable): Promise<FeedState> {
  const r = await db.query('SELECT cursor, last_polled_at, last_ok_at, last_error, last_error_at FROM notice_feed WHERE id = 1');
  const row = r.rows[0];
  return {
    cursor: row?.cursor ?? null,
    lastPolledAt: row?.last_polled_at ?? null,
    lastOkAt: row?.last_ok_at ?? null,
    lastError: row?.last_error ?? null,
    lastErrorAt: row?.last_error_at ?? null,
  };
}

// ---- cases -------------------------------------------------------------------------------------

export type CaseState = 'none' | 'open' | 'acknowledged' | 'in_progress' | 'closed' | 'withdrawn';

export interface NoticeCaseRow {
  noticeId: string;
  origin: 'received' | 'raised';
  revision: number;
  kind: string;
  severity: string;
  hazard: string;
  issuedAt: Date;
  issuerRegion: string;
  targetRegions: string[];
  traceCodes: string[];
  productCode: string;
  subjectCode: string | null;
  testItem: string | null;
  actionsRequired: string[];
  respondBy: Date;
  supersedes: string | null;
  body: Record<string, unknown>;
  firstSeenAt: Date;
  updatedAt: Date;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
  caseState: CaseState;
  finalStatus: string | null;
  closedAt: Date | null;
  closedBy: string | null;
  alertsSent: string[];
}

const CASE_COLUMNS = `notice_id, origin, revision, kind, severity, hazard, issued_at, issuer_region, target_regions, trace_codes, product_code,
  subject_code, test_item, actions_required, respond_by, supersedes, body, first_seen_at, updated_at, withdrawn_at, withdrawn_by, case_state,
  final_status, closed_at, closed_by, alerts_sent`;

function toCase(row: Record<string, any>): NoticeCaseRow {
  return {
    noticeId: row.notice_id,
    origin: row.origin,
    revision: row.revision,
    kind: row.kind,
    severity: row.severity,
    hazard: row.hazard,
    issuedAt: row.issued_at,
    issuerRegion: row.issuer_region,
    targetRegions: row.target_regions,
    traceCodes: row.trace_codes,
    productCode: row.product_code,
    subjectCode: row.subject_code,
    testItem: row.test_item,
    actionsRequired: row.actions_required,
    respondBy: row.respond_by,
    supersedes: row.supersedes,
    body: row.body,
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
    withdrawnAt: row.withdrawn_at,
    withdrawnBy: row.withdrawn_by,
    caseState: row.case_state,
    finalStatus: row.final_status,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    alertsSent: row.alerts_sent,
  };
}

export async function getNoticeCase(
  db: Queryable,
  noticeId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<NoticeCaseRow | undefined> {
  const r = await db.query(`SELECT ${CASE_COLUMNS} FROM notices WHERE notice_id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [noticeId]);
  return r.rows[0] ? toCase(r.rows[0]) : undefined;
}

export interface CaseFilter {
  /** `active` = open, acknowledged or in progress. */
  state?: CaseState | 'active';
  origin?: 'received' | 'raised';
  traceCode?: string;
  limit: number;
  /** Keyset paging: notices first seen before this notice. */
  before?: { firstSeenAt: Date; noticeId: string };
}

/** Notices newest first (by first appearance), with their case. */
export async function listNoticeCases(db: Queryable, f: CaseFilter): Promise<NoticeCaseRow[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.state === 'active') where.push(`case_state IN ('open', 'acknowledged', 'in_progress')`);
  else if (f.state) where.push(`case_state = $${args.push(f.state)}`);
  if (f.origin) where.push(`origin = $${args.push(f.origin)}`);
  if (f.traceCode) where.push(`trace_codes && ARRAY[$${args.push(f.traceCode)}::text]`);
  if (f.before) where.push(`(first_seen_at, notice_id) < ($${args.push(f.before.firstSeenAt)}, $${args.push(f.before.noticeId)})`);
  const r = await db.query(
    `SELECT ${CASE_COLUMNS} FROM notices ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY first_seen_at DESC, notice_id DESC LIMIT $${args.push(f.limit)}`,
    args,
  );
  return r.rows.map(toCase);
}

/** Cases still waiting for their final answer (withdrawn ones never do). */
export async function activeCases(db: Queryable, limit: number): Promise<NoticeCaseRow[]> {
  const r = await db.query(
    `SELECT ${CASE_COLUMNS} FROM notices WHERE case_state IN ('open', 'acknowledged', 'in_progress') AND withdrawn_at IS NULL ORDER BY respond_by, notice_id LIMIT $1`,
    [limit],
  );
  return r.rows.map(toCase);
}

/** Moves a case forward only (open → acknowledged → in_progress → closed); true when it moved. */
export async function advanceCase(tx: Queryable, noticeId: string, to: 'acknowledged' | 'in_progress'): Promise<boolean> {
  const from = to === 'acknowledged' ? ['open'] : ['open', 'acknowledged'];
  const r = await tx.query(`UPDATE notices SET case_state = $2, updated_at = now() WHERE notice_id = $1 AND case_state = ANY($3::text[])`, [
    noticeId,
    to,
    from,
  ]);
  return (r.rowCount ?? 0) > 0;
}

export async function closeCase(tx: Queryable, noticeId: string, finalStatus: 'COMPLETED' | 'NOT_FOUND', by: string): Promise<boolean> {
  const r = await tx.query(
    `UPDATE notices SET case_state = 'closed', final_status = $2, closed_at = now(), closed_by = $3, updated_at = now()
      WHERE notice_id = $1 AND case_state IN ('open', 'acknowledged', 'in_progress') AND withdrawn_at IS NULL`,
    [noticeId, finalStatus, by],
  );
  return (r.rowCount ?? 0) > 0;
}

/** A notice that calls for an alert now (received and in force, or with an answer due soon or late). */
export interface NoticeAlertRow {
  noticeId: string;
  kind: string;
  severity: string;
  hazard: string;
  traceCodes: number;
  respondBy: Date;
  acknowledgeBy: Date;
  caseState: string;
  acknowledged: boolean;
  finalSent: boolean;
}

/**
 * Notices received and not withdrawn whose case is active or whose final answer has not left yet:
 * what the alert conditions look at. `ackWithinSeconds` is §8.4's 2 hours.
 */
export async function noticesForAlerts(db: Queryable, ackWithinSeconds: number): Promise<NoticeAlertRow[]> {
  const r = await db.query(
    `SELECT n.notice_id, n.kind, n.severity, n.hazard, cardinality(n.trace_codes) AS codes, n.respond_by, n.case_state,
            n.first_seen_at + make_interval(secs => $1) AS acknowledge_by,
            EXISTS (SELECT 1 FROM notice_responses a WHERE a.notice_id = n.notice_id AND a.status = 'ACKNOWLEDGED' AND a.outcome = 'sent') AS acknowledged,
            EXISTS (SELECT 1 FROM notice_responses f WHERE f.notice_id = n.notice_id AND f.status IN ('COMPLETED', 'NOT_FOUND') AND f.outcome = 'sent') AS final_sent
       FROM notices n
      WHERE n.origin = 'received' AND n.withdrawn_at IS NULL AND n.case_state IN ('open', 'acknowledged', 'in_progress', 'closed')
        AND NOT EXISTS (SELECT 1 FROM notice_responses f WHERE f.notice_id = n.notice_id AND f.status IN ('COMPLETED', 'NOT_FOUND') AND f.outcome = 'sent')
      ORDER BY n.respond_by, n.notice_id LIMIT 500`,
    [ackWithinSeconds],
  );
  return r.rows.map((row) => ({
    noticeId: row.notice_id,
    kind: row.kind,
    severity: row.severity,
    hazard: row.hazard,
    traceCodes: row.codes,
    respondBy: row.respond_by,
    acknowledgeBy: row.acknowledge_by,
    caseState: row.case_state,
    acknowledged: row.acknowledged,
    finalSent: row.final_sent,
  }));
}

// ---- operator actions --------------------------------------------------------------------------

export interface NoticeActionRow {
  id: number;
  noticeId: string;
  action: string;
  at: Date;
  subjectCode: string | null;
  quantity: number | null;
  unit: string | null;
  note: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export async function insertNoticeAction(
  tx: Queryable,
  a: {
    noticeId: string;
    action: string;
    at: string;
    subjectCode?: string;
    quantity?: number;
    unit?: string;
    note?: string;
    recordedBy: string;
  },
): Promise<NoticeActionRow> {
  const r = await tx.query(
    `INSERT INTO notice_actions (notice_id, action, at, subject_code, quantity, unit, note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING id, notice_id, action, at, subject_code, quantity, unit, note, recorded_by, recorded_at`,
    [a.noticeId, a.action, a.at, a.subjectCode ?? null, a.quantity ?? null, a.unit ?? null, a.note ?? null, a.recordedBy],
  );
  return toAction(r.rows[0]);
}

function toAction(row: Record<string, any>): NoticeActionRow {
  return {
    id: row.id,
    noticeId: row.notice_id,
    action: row.action,
    at: row.at,
    subjectCode: row.subject_code,
    quantity: row.quantity === null ? null : Number(row.quantity),
    unit: row.unit,
    note: row.note,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

export async function noticeActions(db: Queryable, noticeId: string): Promise<NoticeActionRow[]> {
  const r = await db.query(
    'SELECT id, notice_id, action, at, subject_code, quantity, unit, note, recorded_by, recorded_at FROM notice_actions WHERE notice_id = $1 ORDER BY id',
    [noticeId],
  );
  return r.rows.map(toAction);
}

export interface NoticeRevisionRow {
  revision: number;
  kind: string;
  issuedAt: Date;
  receivedAt: Date;
  body: unknown;
}

/** Every stored revision of one notice, oldest first. */
export async function noticeRevisions(db: Queryable, noticeId: string): Promise<NoticeRevisionRow[]> {
  const r = await db.query(
    'SELECT revision, kind, issued_at, received_at, body FROM notice_revisions WHERE notice_id = $1 ORDER BY revision',
    [noticeId],
  );
  return r.rows.map((row) => ({
    revision: row.revision,
    kind: row.kind,
    issuedAt: row.issued_at,
    receivedAt: row.received_at,
    body: row.body,
  }));
}

// ---- the answer outbox -------------------------------------------------------------------------

export interface NoticeResponseRow {
  responseId: string;
  noticeId: string;
  seq: number;
  status: string;
  body: string;
  createdAt: Date;
  createdBy: string;
  outcome: 'pending' | 'sent' | 'refused' | 'cancelled';
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  receivedAt: string | null;
}

const RESPONSE_COLUMNS =
  'response_id, notice_id, seq, status, body, created_at, created_by, outcome, attempts, next_attempt_at, last_error, sent_at, received_at';

function toResponse(row: Record<string, any>): NoticeResponseRow {
  return {
    responseId: row.response_id,
    noticeId: row.notice_id,
    seq: Number(row.seq),
    status: row.status,
    body: row.body,
    createdAt: row.created_at,
    createdBy: row.created_by,
    outcome: row.outcome,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
    receivedAt: row.received_at === null ? null : (row.received_at as Date).toISOString(),
  };
}

/** Writes an answer with its fixed id and body before anything is sent; a second write of the same id is a no-op (false). */
export async function insertNoticeResponse(
  tx: Queryable,
  r: { responseId: string; noticeId: string; status: string; body: string; createdBy: string },
): Promise<boolean> {
  const q = await tx.query(
    `INSERT INTO notice_responses (response_id, notice_id, status, body, created_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (response_id) DO NOTHING`,
    [r.responseId, r.noticeId, r.status, r.body, r.createdBy],
  );
  return (q.rowCount ?? 0) > 0;
}

export async function noticeResponses(db: Queryable, noticeId: string): Promise<NoticeResponseRow[]> {
  const r = await db.query(`SELECT ${RESPONSE_COLUMNS} FROM notice_responses WHERE notice_id = $1 ORDER BY seq`, [noticeId]);
  return r.rows.map(toResponse);
}

/**
 * Answers due now: for each notice, only its earliest answer not yet settled, so a notice's answers
 * leave in the order they were written (ACKNOWLEDGED before IN_PROGRESS before the final answer).
 */
export async function dueNoticeResponses(db: Queryable, limit: number): Promise<NoticeResponseRow[]> {
  const r = await db.query(
    `SELECT ${RESPONSE_COLUMNS} FROM (
        SELECT DISTINCT ON (notice_id) * FROM notice_responses WHERE outcome = 'pending' ORDER BY notice_id, seq
     ) first WHERE next_attempt_at <= now() ORDER BY seq LIMIT $1`,
    [limit],
  );
  return r.rows.map(toResponse);
}

export async function markResponseSent(db: Queryable, responseId: string, receivedAt: string | null): Promise<void> {
  // A withdrawal may have cancelled it while it was on its way: the platform's answer is what happened.
  await db.query(
    `UPDATE notice_responses SET outcome = 'sent', attempts = attempts + 1, sent_at = now(), received_at = $2, last_error = NULL WHERE response_id = $1`,
    [responseId, receivedAt],
  );
}

export async function markResponseRetry(db: Queryable, responseId: string, error: string, delaySeconds: number): Promise<void> {
  await db.query(
    `UPDATE notice_responses SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE response_id = $1 AND outcome = 'pending'`,
    [responseId, error, delaySeconds],
  );
}

export async function markResponseSettled(
  db: Queryable,
  responseId: string,
  outcome: 'refused' | 'cancelled',
  error: string,
): Promise<void> {
  await db.query(
    `UPDATE notice_responses SET outcome = $2, attempts = attempts + 1, last_error = $3 WHERE response_id = $1 AND outcome = 'pending'`,
    [responseId, outcome, error],
  );
}

/** Cases of received notices by state (metrics). */
export async function noticeCaseCounts(db: Queryable): Promise<Array<{ state: string; n: number }>> {
  const r = await db.query(
    `SELECT case_state, count(*)::int AS n FROM notices WHERE origin = 'received' AND case_state <> 'none' GROUP BY case_state`,
  );
  return r.rows.map((row) => ({ state: row.case_state, n: row.n }));
}

/** Answers in the outbox by outcome (metrics). */
export async function noticeAnswerCounts(db: Queryable): Promise<Array<{ outcome: string; n: number }>> {
  const r = await db.query('SELECT outcome, count(*)::int AS n FROM notice_responses GROUP BY outcome');
  return r.rows.map((row) => ({ outcome: row.outcome, n: row.n }));
}
