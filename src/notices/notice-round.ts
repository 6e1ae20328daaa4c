import type { Db } from '../db/pool';
import { tryHoldNoticeRoundLock } from '../db/queries/advisory-locks';
import { activeCases } from '../db/queries/notices';
import type { Logger } from '../log';
import { answerTraceOnlyCase, isTraceOnly } from './cases';
import type { NoticesClient } from './client';
import { readNoticeFeed, type IntakeResult } from './intake';
import { sendDueResponses, type OutboxRound } from './outbox';

export interface NoticeRoundResult {
  ran: boolean;
  intake?: IntakeResult;
  autoAnswered: string[];
  outbox?: OutboxRound;
  extra?: Record<string, unknown>;
}

export interface NoticeRoundDeps {
  db: Db;
  schema: string;
  client: NoticesClient;
  log: Logger;
  /** Feed page size (§8.2, 1–200). */
  pageLimit?: number;
  /** Pages read per round at most; the rest is read at the next round. */
  maxPages?: number;
  now?: () => number;
  /** Further work of the same round (raising notices), run under the same lock. */
  more?: () => Promise<Record<string, unknown>>;
}

/**
 * One round of the notices job: read the feed, answer the TRACE-only cases that are ready, send the
 * outbox. A session advisory lock makes it one round at a time across all gateway processes (the
 * pg-boss queue is a singleton too; the lock also covers a round that outlives its job's expiry).
 */
export async function runNoticeRound(deps: NoticeRoundDeps): Promise<NoticeRoundResult> {
  const { db, log } = deps;
  const now = deps.now ?? Date.now;
  const release = await tryHoldNoticeRoundLock(db, deps.schema);
  if (!release) return { ran: false, autoAnswered: [] };
  try {
    const intake = await readNoticeFeed({
      db,
      client: deps.client,
      log,
      pageLimit: deps.pageLimit ?? 100,
      maxPages: deps.maxPages ?? 50,
      now,
    });
    // Answers already due (acknowledgements above) leave before the slower chain walks.
    const first = await sendDueResponses({ db, client: deps.client, log, maxPerRound: 500 });
    const autoAnswered: string[] = [];
    for (const c of await activeCases(db, 1000)) {
      if (!isTraceOnly(c)) continue;
      try {
        const answer = await answerTraceOnlyCase(db, c, now());
        if (answer) autoAnswered.push(c.noticeId);
      } catch (err) {
        // One case that cannot be answered now never holds back the others or the outbox.
        log.error('a TRACE-only notice could not be answered; the next round tries again', {
          event: 'notices:auto-answer-failed',
          noticeId: c.noticeId,
          error: (err as Error).message,
        });
      }
    }
    const second = await sendDueResponses({ db, client: deps.client, log, maxPerRound: 500 });
    const extra = deps.more ? await deps.more() : undefined;
    const outbox: OutboxRound = {
      sent: [...first.sent, ...second.sent],
      refused: [...first.refused, ...second.refused],
      cancelled: [...first.cancelled, ...second.cancelled],
      retrying: [...new Set([...first.retrying, ...second.retrying])],
    };
    if (autoAnswered.length)
      log.info('TRACE-only notices answered with their chain', { event: 'notices:auto-answered', notices: autoAnswered });
    return { ran: true, intake, autoAnswered, outbox, extra };
  } finally {
    await release();
  }
}
