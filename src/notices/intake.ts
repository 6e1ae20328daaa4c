import { withTransaction, type Db } from '../db/pool';
import { recordEvent } from '../db/queries/events';
import {
  advanceCase,
  insertNoticeResponse,
  readFeedCursor,
  recordFeedError,
  saveFeedCursor,
  storeNoticeRevision,
} from '../db/queries/notices';
import type { Logger } from '../log';
import { noticeResponseText, type MalformedNotice, type Notice } from '../national/notices';
import { beijingIso } from '../common/time';
import { acknowledgement } from './answers';
import { describeAnswer, type NoticesClient } from './client';

export interface IntakeResult {
  pages: number;
  /** Revisions stored that were not held before. */
  revisions: number;
  /** Notices seen for the first time. */
  newNotices: string[];
  /** Notices a WITHDRAWN notice withdrew. */
  withdrawn: string[];
  malformed: number;
  error: string | null;
}

interface FeedPage {
  notices: Notice[];
  cursor: string;
  hasMore: boolean;
  malformed: MalformedNotice[];
}

function feedPageOf(body: unknown): FeedPage | null {
  const b = body as Partial<FeedPage> | null;
  if (!b || !Array.isArray(b.notices) || typeof b.cursor !== 'string' || typeof b.hasMore !== 'boolean') return null;
  return { notices: b.notices, cursor: b.cursor, hasMore: b.hasMore, malformed: Array.isArray(b.malformed) ? b.malformed : [] };
}

/**
 * Reads the feed from the stored cursor until it has nothing more (at most `maxPages` pages). Each
 * page is stored in one transaction with the cursor after it: every revision kept, the highest one
 * the notice, withdrawals applied, and for each notice seen for the first time its case opened and
 * its ACKNOWLEDGED answer written to the outbox. A crash re-reads at most the page in hand, which
 * stores nothing twice.
 */
export async function readNoticeFeed(deps: {
  db: Db;
  client: NoticesClient;
  log: Logger;
  pageLimit: number;
  maxPages: number;
  now?: () => number;
}): Promise<IntakeResult> {
  const { db, client, log } = deps;
  const now = deps.now ?? Date.now;
  const out: IntakeResult = { pages: 0, revisions: 0, newNotices: [], withdrawn: [], malformed: 0, error: null };
  let cursor = await readFeedCursor(db);
  for (let i = 0; i < deps.maxPages; i++) {
    const answer = await client.noticeFeed(cursor ?? undefined, deps.pageLimit);
    const page = answer.kind === 'ok' ? feedPageOf(answer.body) : null;
    if (!page) {
      out.error = answer.kind === 'ok' ? 'the feed answer is not the documented shape' : describeAnswer(answer);
      await recordFeedError(db, out.error);
      log.warn('notice feed could not be read; the next poll tries again from the same cursor', {
        event: 'notices:feed-failed',
        error: out.error,
      });
      return out;
    }
    await withTransaction(db, async (tx) => {
      for (const n of page.notices) {
        const stored = await storeNoticeRevision(tx, n, 'received');
        if (!stored.repeated) out.revisions++;
        if (stored.withdrew) out.withdrawn.push(stored.withdrew);
        if (stored.isNew) {
          out.newNotices.push(n.noticeId);
          await recordEvent(tx, {
            actor: 'system:notices',
            action: 'notice:received',
            subject: n.noticeId,
            details: { revision: n.revision, kind: n.kind, severity: n.severity, traceCodes: n.traceCodes.length },
          });
          // A case opens only for a notice that asks for an answer and is not already withdrawn.
          if (await advanceCase(tx, n.noticeId, 'acknowledged')) {
            const ack = acknowledgement(n.noticeId, beijingIso(now()));
            await insertNoticeResponse(tx, {
              responseId: ack.responseId,
              noticeId: n.noticeId,
              status: ack.status,
              body: noticeResponseText(ack),
              createdBy: 'system:notices',
            });
          }
        } else if (stored.isLatest) {
          await recordEvent(tx, {
            actor: 'system:notices',
            action: 'notice:amended',
            subject: n.noticeId,
            details: { revision: n.revision, kind: n.kind },
          });
        }
        if (stored.withdrew)
          await recordEvent(tx, {
            actor: 'system:notices',
            action: 'notice:withdrawn',
            subject: stored.withdrew,
            details: { by: n.noticeId },
          });
      }
      for (const m of page.malformed) {
        await recordEvent(tx, {
          actor: 'system:notices',
          action: 'notice:malformed',
          subject: m.noticeId,
          details: { revision: m.revision, errors: m.errors },
        });
      }
      await saveFeedCursor(tx, page.cursor);
    });
    out.pages++;
    out.malformed += page.malformed.length;
    for (const m of page.malformed) {
      log.error('the feed served a notice that breaks §8.1; it is kept in the audit trail, not opened as a case', {
        event: 'notices:malformed',
        noticeId: m.noticeId,
        revision: m.revision,
        errors: m.errors.slice(0, 5),
      });
    }
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  if (out.newNotices.length || out.withdrawn.length) {
    log.info('notices read', {
      event: 'notices:read',
      pages: out.pages,
      revisions: out.revisions,
      new: out.newNotices.length,
      withdrawn: out.withdrawn,
    });
  }
  return out;
}
