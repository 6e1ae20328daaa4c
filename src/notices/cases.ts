import { withTransaction, type Db } from '../db/pool';
import { actorName, recordEvent, type EventActor } from '../db/queries/events';
import {
  advanceCase,
  closeCase,
  getNoticeCase,
  insertNoticeAction,
  insertNoticeResponse,
  noticeActions,
  type NoticeActionRow,
  type NoticeCaseRow,
} from '../db/queries/notices';
import { GatewayError } from '../errors';
import { noticeResponseText, type NoticeResponseBody } from '../national/notices';
import { beijingIso } from '../common/time';
import { finalAnswer, missingActions, progress } from './answers';
import { noticeChain, type NoticeChain } from './chain';

export const OPERATOR_ACTIONS = ['OFF_SHELF', 'RETEST', 'RECALL'] as const;

export interface ActionInput {
  action: (typeof OPERATOR_ACTIONS)[number];
  /** When it was done; default now. */
  at?: string;
  subjectCode?: string;
  quantity?: number;
  unit?: string;
  note?: string;
}

const ACTIVE = new Set(['open', 'acknowledged', 'in_progress']);

function assertActive(c: NoticeCaseRow | undefined, noticeId: string): asserts c is NoticeCaseRow {
  if (!c) throw new GatewayError('TG_NOT_FOUND', `notice ${noticeId} is not known`);
  if (c.origin !== 'received' || c.caseState === 'none')
    throw new GatewayError(
      'TG_CONFLICT',
      `notice ${noticeId} has no case to answer (${c.origin === 'raised' ? 'raised by this gateway' : c.kind})`,
    );
  if (c.withdrawnAt)
    throw new GatewayError('TG_CONFLICT', `notice ${noticeId} was withdrawn by ${c.withdrawnBy}: no further answer is due`);
  if (!ACTIVE.has(c.caseState)) throw new GatewayError('TG_CONFLICT', `the case of notice ${noticeId} is ${c.caseState}`);
}

async function writeAnswer(
  tx: Parameters<typeof insertNoticeResponse>[0],
  noticeId: string,
  body: NoticeResponseBody,
  createdBy: string,
): Promise<boolean> {
  return insertNoticeResponse(tx, {
    responseId: body.responseId,
    noticeId,
    status: body.status,
    body: noticeResponseText(body),
    createdBy,
  });
}

/**
 * Records what an operator did. The first action of a case writes the IN_PROGRESS answer (with that
 * action) to the outbox in the same transaction; the audit trail gets the action either way.
 */
export async function recordCaseAction(
  db: Db,
  noticeId: string,
  input: ActionInput,
  actor: EventActor,
  opts: { now?: number; isUnit?: (code: string) => boolean } = {},
): Promise<NoticeActionRow> {
  const now = opts.now ?? Date.now();
  if ((input.quantity === undefined) !== (input.unit === undefined)) {
    throw new GatewayError('TG_REQUEST_INVALID', 'quantity and unit go together: give both or neither');
  }
  if (input.unit !== undefined && opts.isUnit && !opts.isUnit(input.unit)) {
    throw new GatewayError('TG_REQUEST_INVALID', `unit ${JSON.stringify(input.unit)} is not in the national code list units (§8.4)`);
  }
  return withTransaction(db, async (tx) => {
    const c = await getNoticeCase(tx, noticeId, { forUpdate: true });
    assertActive(c, noticeId);
    const row = await insertNoticeAction(tx, { noticeId, ...input, at: input.at ?? beijingIso(now), recordedBy: actorName(actor) });
    let progressWritten = false;
    if (c.caseState !== 'in_progress') {
      progressWritten = await writeAnswer(tx, noticeId, progress(noticeId, beijingIso(now), [row]), actorName(actor));
      await advanceCase(tx, noticeId, 'in_progress');
    }
    await recordEvent(tx, {
      actor,
      action: 'notice:action',
      subject: noticeId,
      details: {
        action: row.action,
        at: row.at,
        subjectCode: row.subjectCode,
        quantity: row.quantity,
        unit: row.unit,
        note: row.note,
        progressAnswer: progressWritten,
      },
    });
    return row;
  });
}

export interface ClosedCase {
  answer: NoticeResponseBody;
  chain: NoticeChain;
}

/**
 * Writes the final answer of a case to the outbox and closes it: COMPLETED with the chain's accepted
 * records as findings, or NOT_FOUND when there are none. COMPLETED needs an action recorded for each
 * required action other than TRACE (§8.4), so closing without them is refused with the list.
 */
export async function closeCaseWithAnswer(
  db: Db,
  noticeId: string,
  actor: EventActor,
  opts: { note?: string; now?: number } = {},
): Promise<ClosedCase> {
  const now = opts.now ?? Date.now();
  const first = await getNoticeCase(db, noticeId);
  assertActive(first, noticeId);
  const chain = await noticeChain(db, first.traceCodes);
  return withTransaction(db, async (tx) => {
    const c = await getNoticeCase(tx, noticeId, { forUpdate: true });
    assertActive(c, noticeId);
    if (c.revision !== first.revision)
      throw new GatewayError('TG_CONFLICT', `notice ${noticeId} was amended (revision ${c.revision}) while closing; try again`);
    const actions = await noticeActions(tx, noticeId);
    const answer = finalAnswer(c, chain, actions, beijingIso(now), opts.note);
    if (answer.status === 'COMPLETED') {
      const missing = missingActions(c.actionsRequired, actions);
      if (missing.length > 0) {
        throw new GatewayError(
          'TG_CONFLICT',
          `notice ${noticeId} requires ${missing.join(', ')}: record ${missing.length === 1 ? 'that action' : 'those actions'} before closing`,
          { missing },
        );
      }
    }
    await writeAnswer(tx, noticeId, answer, actorName(actor));
    await closeCase(tx, noticeId, answer.status as 'COMPLETED' | 'NOT_FOUND', actorName(actor));
    await recordEvent(tx, {
      actor,
      action: 'notice:closed',
      subject: noticeId,
      details: {
        status: answer.status,
        findings: answer.findings?.length ?? 0,
        pending: chain.pending.length,
        quarantined: chain.quarantined.length,
        note: opts.note ?? null,
      },
    });
    return { answer, chain };
  });
}

/** A notice whose only required action is TRACE: the gateway answers it on its own. */
export function isTraceOnly(c: Pick<NoticeCaseRow, 'actionsRequired'>): boolean {
  return c.actionsRequired.length > 0 && c.actionsRequired.every((a) => a === 'TRACE');
}

/**
 * Answers a TRACE-only case once no record of its chain is still on its way to the platform, or in
 * any case one hour before `respondBy`. Returns the answer written, or null when it waits.
 */
export async function answerTraceOnlyCase(db: Db, c: NoticeCaseRow, now = Date.now()): Promise<NoticeResponseBody | null> {
  if (!isTraceOnly(c) || !ACTIVE.has(c.caseState) || c.withdrawnAt) return null;
  const chain = await noticeChain(db, c.traceCodes);
  const deadlineReached = now >= c.respondBy.getTime() - 3600_000;
  if (chain.pending.length > 0 && !deadlineReached) return null;
  try {
    const closed = await closeCaseWithAnswer(db, c.noticeId, 'system:notices', {
      now,
      note:
        chain.pending.length > 0
          ? `${chain.pending.length} record(s) of the chain were still on their way to the platform at the deadline`
          : undefined,
    });
    return closed.answer;
  } catch (err) {
    // Amended or withdrawn meanwhile: the next round looks at it again.
    if (err instanceof GatewayError && err.code === 'TG_CONFLICT') return null;
    throw err;
  }
}
