import type { Db } from '../db/pool';
import { recordEvent } from '../db/queries/events';
import {
  dueNoticeResponses,
  markResponseRetry,
  markResponseSent,
  markResponseSettled,
  type NoticeResponseRow,
} from '../db/queries/notices';
import type { Logger } from '../log';
import { backoffDelayMs } from '../national/backoff';
import type { NoticeResponseBody } from '../national/notices';
import { describeAnswer, type NoticesClient } from './client';

export interface OutboxRound {
  sent: string[];
  refused: string[];
  cancelled: string[];
  retrying: string[];
}

/** What to do with the answer to one POST of a response (§8.4, §3.2). */
function settle(a: Awaited<ReturnType<NoticesClient['respondToNotice']>>): 'sent' | 'retry' | 'refused' | 'cancelled' {
  if (a.kind === 'ok') return 'sent';
  if (a.kind === 'network') return 'retry';
  if (a.kind === 'receipt') return 'refused';
  if (a.code === 'E4013') return 'cancelled';
  // Timing, rate and platform errors pass; a refused credential is retried until it is fixed (delivery pauses and alerts for it).
  if (
    ['E2001', 'E2002', 'E2003', 'E2004', 'E3001', 'E9000', 'E9001'].includes(a.code) ||
    a.status === 429 ||
    a.status >= 500 ||
    a.status === 401
  )
    return 'retry';
  // 404 E1404, 422 field errors, 409 E1409 / E4011: sending the same bytes again cannot change the answer.
  return 'refused';
}

/**
 * Sends the answers written to the outbox, each notice's in the order written, each with the exact id
 * and body stored before its first attempt, so a retry after a lost answer (or after kill -9) repeats
 * the same request and the platform answers it as the same response (§8.4). Returns per outcome.
 */
export async function sendDueResponses(deps: { db: Db; client: NoticesClient; log: Logger; maxPerRound: number }): Promise<OutboxRound> {
  const { db, client, log } = deps;
  const round: OutboxRound = { sent: [], refused: [], cancelled: [], retrying: [] };
  const seen = new Set<string>();
  for (let i = 0; i < deps.maxPerRound;) {
    const due = (await dueNoticeResponses(db, 50)).filter((r) => !seen.has(r.responseId));
    if (due.length === 0) break;
    for (const r of due) {
      if (i++ >= deps.maxPerRound) break;
      seen.add(r.responseId);
      await sendOne(db, client, log, r, round);
    }
  }
  return round;
}

async function sendOne(db: Db, client: NoticesClient, log: Logger, r: NoticeResponseRow, round: OutboxRound): Promise<void> {
  const body = JSON.parse(r.body) as NoticeResponseBody;
  const answer = await client.respondToNotice(r.noticeId, body);
  const outcome = settle(answer);
  const ctx = { noticeId: r.noticeId, responseId: r.responseId, status: r.status };
  if (outcome === 'sent') {
    const receivedAt = answer.kind === 'ok' ? ((answer.body as { receivedAt?: unknown } | null)?.receivedAt ?? null) : null;
    await markResponseSent(db, r.responseId, typeof receivedAt === 'string' ? receivedAt : null);
    await recordEvent(db, {
      actor: 'system:notices',
      action: 'notice:answered',
      subject: r.noticeId,
      details: { responseId: r.responseId, status: r.status, receivedAt },
    });
    log.info('notice answered', { event: 'notices:answered', ...ctx });
    round.sent.push(r.responseId);
    return;
  }
  const error = describeAnswer(answer);
  if (outcome === 'retry') {
    const retryAfter = answer.kind === 'error' ? (answer.retryAfterMs ?? 0) : 0;
    const delaySeconds = Math.max(retryAfter, backoffDelayMs(r.attempts + 1, { capMs: 600_000 })) / 1000;
    await markResponseRetry(db, r.responseId, error, delaySeconds);
    log.warn('notice answer not delivered; retrying with the same id and body', {
      event: 'notices:answer-retry',
      ...ctx,
      error,
      delaySeconds,
    });
    round.retrying.push(r.responseId);
    return;
  }
  await markResponseSettled(db, r.responseId, outcome, error);
  await recordEvent(db, {
    actor: 'system:notices',
    action: outcome === 'cancelled' ? 'notice:answer-cancelled' : 'notice:answer-refused',
    subject: r.noticeId,
    details: { responseId: r.responseId, status: r.status, error },
  });
  if (outcome === 'cancelled') {
    log.info('notice withdrawn before its answer arrived; answer dropped', { event: 'notices:answer-cancelled', ...ctx });
    round.cancelled.push(r.responseId);
  } else {
    log.error('the platform refused a notice answer', { event: 'notices:answer-refused', ...ctx, error });
    round.refused.push(r.responseId);
  }
}
