import { createHash } from 'node:crypto';
import type { Notice, NoticeResponseStatus } from '../../national/notices';
import type { Journal } from './journal';
import { dateUtc8 } from './state';

/**
 * The notices of §8 as the mock platform keeps them: every revision in one append-only feed log,
 * the responses each appKey had accepted, and the ids (responseId, clientNoticeId) already used.
 * Every change goes to the notices journal first, so a restarted mock serves the same feed, the
 * same cursors and the same answers.
 */

export interface RevisionEntry {
  type: 'notice-revision';
  notice: Notice;
  /** Set for a notice raised through §8.5: the raiser is never served it. */
  raisedBy?: string;
  clientNoticeId?: string;
  /** Canonical text of the raise body, for a repeat of its clientNoticeId (§8.5). */
  raiseCanonical?: string;
}

export interface ResponseEntry {
  type: 'notice-response';
  appKey: string;
  noticeId: string;
  responseId: string;
  status: NoticeResponseStatus;
  /** The body as received (parsed), for §8.3. */
  body: Record<string, unknown>;
  /** Canonical text of noticeId + body, for a repeat of its responseId (§8.4). */
  canonical: string;
  actions: string[];
  receivedAt: string;
}

export interface FirstSeenEntry {
  type: 'notice-first-seen';
  appKey: string;
  noticeId: string;
  at: string;
}

type NoticeJournalEntry = RevisionEntry | ResponseEntry | FirstSeenEntry;

export interface StoredNotice {
  revisions: Notice[];
  raisedBy?: string;
  clientNoticeId?: string;
  raiseCanonical?: string;
  /** The WITHDRAWN notice that supersedes this one, if any. */
  withdrawnBy?: string;
}

const key = (...parts: string[]) => parts.join('\u0000');

export class NoticeStore {
  /** Every revision in the order it was published: position + 1 is its feed sequence number. */
  private readonly feed: { noticeId: string; notice: Notice; raisedBy?: string }[] = [];
  private readonly notices = new Map<string, StoredNotice>();
  private readonly responses = new Map<string, ResponseEntry[]>();
  private readonly responseIds = new Map<string, ResponseEntry>();
  private readonly clientNoticeIds = new Map<string, string>();
  private readonly firstSeen = new Map<string, string>();

  constructor(private readonly journal?: Journal) {}

  replay(entries: readonly unknown[]): void {
    for (const entry of entries) {
      const type = (entry as { type?: unknown } | null)?.type;
      if (type === 'notice-revision' || type === 'notice-response' || type === 'notice-first-seen') this.apply(entry as NoticeJournalEntry);
    }
  }

  private commit(entry: NoticeJournalEntry): void {
    this.journal?.append(entry);
    this.apply(entry);
  }

  private apply(entry: NoticeJournalEntry): void {
    switch (entry.type) {
      case 'notice-revision': {
        const n = entry.notice;
        let stored = this.notices.get(n.noticeId);
        if (!stored) {
          stored = { revisions: [] };
          this.notices.set(n.noticeId, stored);
        }
        stored.revisions.push(n);
        if (entry.raisedBy !== undefined) stored.raisedBy = entry.raisedBy;
        if (entry.clientNoticeId !== undefined && entry.raisedBy !== undefined) {
          stored.clientNoticeId = entry.clientNoticeId;
          stored.raiseCanonical = entry.raiseCanonical;
          this.clientNoticeIds.set(key(entry.raisedBy, entry.clientNoticeId), n.noticeId);
        }
        if (n.kind === 'WITHDRAWN' && n.supersedes !== undefined) {
          const target = this.notices.get(n.supersedes);
          if (target) target.withdrawnBy = n.noticeId;
        }
        this.feed.push({ noticeId: n.noticeId, notice: n, raisedBy: stored.raisedBy });
        return;
      }
      case 'notice-response': {
        const k = key(entry.appKey, entry.noticeId);
        const list = this.responses.get(k);
        if (list) list.push(entry);
        else this.responses.set(k, [entry]);
        this.responseIds.set(key(entry.appKey, entry.responseId), entry);
        return;
      }
      case 'notice-first-seen':
        this.firstSeen.set(key(entry.appKey, entry.noticeId), entry.at);
        return;
    }
  }

  /** The next noticeId: `NT` + the platform's date (UTC+8) + a 6-digit serial. */
  nextNoticeId(now: number): string {
    const serial = String((this.notices.size + 1) % 1_000_000).padStart(6, '0');
    return `NT${dateUtc8(now).replace(/-/g, '')}${serial}`;
  }

  /** `raisedBy` for a notice raised through §8.5 (and its withdrawal); `raise` for the raise itself. */
  publish(notice: Notice, raisedBy?: string, raise?: { clientNoticeId: string; canonical: string }): void {
    const entry: RevisionEntry = { type: 'notice-revision', notice };
    if (raisedBy !== undefined) entry.raisedBy = raisedBy;
    if (raise) {
      entry.clientNoticeId = raise.clientNoticeId;
      entry.raiseCanonical = raise.canonical;
    }
    this.commit(entry);
  }

  recordResponse(entry: Omit<ResponseEntry, 'type'>): ResponseEntry {
    const full: ResponseEntry = { type: 'notice-response', ...entry };
    this.commit(full);
    return full;
  }

  noteFirstSeen(appKey: string, noticeId: string, at: string): void {
    if (this.firstSeen.has(key(appKey, noticeId))) return;
    this.commit({ type: 'notice-first-seen', appKey, noticeId, at });
  }

  get(noticeId: string): StoredNotice | undefined {
    return this.notices.get(noticeId);
  }

  latest(noticeId: string): Notice | undefined {
    const revisions = this.notices.get(noticeId)?.revisions;
    return revisions?.[revisions.length - 1];
  }

  all(): IterableIterator<[string, StoredNotice]> {
    return this.notices.entries();
  }

  responsesOf(appKey: string, noticeId: string): readonly ResponseEntry[] {
    return this.responses.get(key(appKey, noticeId)) ?? [];
  }

  respondersOf(noticeId: string): string[] {
    const out: string[] = [];
    for (const [k, list] of this.responses) if (list[0]?.noticeId === noticeId) out.push(k.split('\u0000')[0]);
    return out;
  }

  response(appKey: string, responseId: string): ResponseEntry | undefined {
    return this.responseIds.get(key(appKey, responseId));
  }

  raisedNoticeId(appKey: string, clientNoticeId: string): string | undefined {
    return this.clientNoticeIds.get(key(appKey, clientNoticeId));
  }

  firstSeenAt(appKey: string, noticeId: string): string | undefined {
    return this.firstSeen.get(key(appKey, noticeId));
  }

  /** Revisions published after feed position `after`, with their positions (1-based). */
  *feedAfter(after: number): Generator<{ seq: number; notice: Notice; raisedBy?: string }> {
    for (let i = after; i < this.feed.length; i++) yield { seq: i + 1, notice: this.feed[i].notice, raisedBy: this.feed[i].raisedBy };
  }

  feedLength(): number {
    return this.feed.length;
  }
}

/** Opaque feed cursors bound to an appKey: stable across restarts, unknown to any other appKey (§8.2). */
export function encodeCursor(appKey: string, seq: number): string {
  return `${seq.toString(36)}.${cursorTag(appKey, seq)}`;
}

export function decodeCursor(appKey: string, cursor: string, acceptForeign: boolean): number | undefined {
  const m = /^([0-9a-z]{1,11})\.([0-9a-f]{20})$/.exec(cursor);
  if (!m) return undefined;
  const seq = parseInt(m[1], 36);
  if (!Number.isSafeInteger(seq)) return undefined;
  if (!acceptForeign && m[2] !== cursorTag(appKey, seq)) return undefined;
  return seq;
}

function cursorTag(appKey: string, seq: number): string {
  return createHash('sha256').update(`trace-gateway mock feed cursor\u0000${appKey}\u0000${seq}`).digest('hex').slice(0, 20);
}

/** §8.1: one of the targets and the scope overlap (one is a prefix of the other). */
export function targetsReach(targetRegions: readonly string[], scope: string): boolean {
  return targetRegions.some((t) => t.startsWith(scope) || scope.startsWith(t));
}
