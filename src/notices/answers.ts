import type { NoticeActionRow } from '../db/queries/notices';
import type { NoticeAction, NoticeResponseBody, RecordRef } from '../national/notices';
import type { NationalInterface } from '../national/types';
import type { NoticeChain } from './chain';

/** §8.4 caps: findings and actions per answer. */
export const MAX_FINDINGS = 1000;
export const MAX_ACTIONS = 500;

/**
 * Answer ids are fixed by notice and step (at most one of each per notice), so two processes that
 * write the same answer write one row, and a retry repeats the same id (§8.4: `[A-Za-z0-9_-]{8,64}`).
 */
export function responseIdFor(noticeId: string, step: 'ACK' | 'PROGRESS' | 'FINAL'): string {
  return `${noticeId}-${step}`;
}

export function acknowledgement(noticeId: string, respondedAt: string): NoticeResponseBody {
  return { responseId: responseIdFor(noticeId, 'ACK'), status: 'ACKNOWLEDGED', respondedAt };
}

/** The §8.4 form of recorded actions: decimals as stored, absent fields left out. */
export function actionsForAnswer(actions: readonly NoticeActionRow[]): NoticeAction[] {
  return actions.slice(0, MAX_ACTIONS).map((a) => ({
    action: a.action as NoticeAction['action'],
    at: a.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(a.subjectCode ? { subjectCode: a.subjectCode } : {}),
    ...(a.quantity !== null && a.unit ? { quantity: a.quantity, unit: a.unit } : {}),
    ...(a.note ? { note: a.note } : {}),
  }));
}

export function progress(noticeId: string, respondedAt: string, actions: readonly NoticeActionRow[]): NoticeResponseBody {
  return { responseId: responseIdFor(noticeId, 'PROGRESS'), status: 'IN_PROGRESS', respondedAt, actions: actionsForAnswer(actions) };
}

export function findingsOf(chain: NoticeChain): RecordRef[] {
  return chain.records.slice(0, MAX_FINDINGS).map((r) => ({ interface: r.interface as NationalInterface, recordId: r.recordId }));
}

/**
 * The final answer: COMPLETED with the chain's accepted records as findings, or NOT_FOUND when the
 * chain holds none. When TRACE was required, the tracing itself is listed as an action at `respondedAt`.
 */
export function finalAnswer(
  n: { noticeId: string; actionsRequired: readonly string[] },
  chain: NoticeChain,
  actions: readonly NoticeActionRow[],
  respondedAt: string,
  note?: string,
): NoticeResponseBody {
  const findings = findingsOf(chain);
  const listed: NoticeAction[] = [
    ...(n.actionsRequired.includes('TRACE') ? [{ action: 'TRACE' as const, at: respondedAt }] : []),
    ...actionsForAnswer(actions),
  ];
  const notes: string[] = [];
  if (note) notes.push(note);
  if (chain.records.length > MAX_FINDINGS)
    notes.push(`the chain holds ${chain.records.length} records; the first ${MAX_FINDINGS} are listed`);
  return {
    responseId: responseIdFor(n.noticeId, 'FINAL'),
    status: findings.length > 0 ? 'COMPLETED' : 'NOT_FOUND',
    respondedAt,
    ...(findings.length > 0 ? { findings } : {}),
    ...(listed.length > 0 ? { actions: listed.slice(0, MAX_ACTIONS) } : {}),
    ...(notes.length > 0 ? { note: notes.join('; ').slice(0, 1000) } : {}),
  };
}

/** Required actions (other than TRACE) with no recorded action yet: COMPLETED needs one of each (§8.4). */
export function missingActions(actionsRequired: readonly string[], actions: readonly NoticeActionRow[]): string[] {
  const done = new Set(actions.map((a) => a.action));
  return actionsRequired.filter((a) => a !== 'TRACE' && !done.has(a));
}
