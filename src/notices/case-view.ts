import type { Queryable } from '../db/pool';
import {
  feedState,
  getNoticeCase,
  listNoticeCases,
  noticeActions,
  noticeResponses,
  noticeRevisions,
  type CaseFilter,
  type NoticeCaseRow,
} from '../db/queries/notices';
import { missingActions } from './answers';
import { noticeChain } from './chain';

/** §8.4: ACKNOWLEDGED should follow within 2 hours of the notice's first appearance. */
export const ACK_WITHIN_MS = 2 * 3600_000;

export function caseSummary(c: NoticeCaseRow) {
  return {
    noticeId: c.noticeId,
    origin: c.origin,
    revision: c.revision,
    kind: c.kind,
    severity: c.severity,
    hazard: c.hazard,
    productCode: c.productCode,
    traceCodes: c.traceCodes,
    actionsRequired: c.actionsRequired,
    issuedAt: c.issuedAt,
    respondBy: c.respondBy,
    firstSeenAt: c.firstSeenAt,
    acknowledgeBy: new Date(c.firstSeenAt.getTime() + ACK_WITHIN_MS),
    caseState: c.caseState,
    finalStatus: c.finalStatus,
    withdrawnAt: c.withdrawnAt,
    withdrawnBy: c.withdrawnBy,
    closedAt: c.closedAt,
    closedBy: c.closedBy,
  };
}

export async function listCases(db: Queryable, f: CaseFilter) {
  const [rows, feed] = await Promise.all([listNoticeCases(db, f), feedState(db)]);
  return {
    items: rows.map(caseSummary),
    feed: { lastPolledAt: feed.lastPolledAt, lastOkAt: feed.lastOkAt, lastError: feed.lastError, lastErrorAt: feed.lastErrorAt },
  };
}

/** Everything an operator needs to act on one case; undefined for an unknown notice. */
export async function caseDetail(db: Queryable, noticeId: string) {
  const c = await getNoticeCase(db, noticeId);
  if (!c) return undefined;
  const [chain, actions, responses, revisions] = await Promise.all([
    noticeChain(db, c.traceCodes),
    noticeActions(db, noticeId),
    noticeResponses(db, noticeId),
    noticeRevisions(db, noticeId),
  ]);
  return {
    case: caseSummary(c),
    notice: c.body,
    revisions: revisions.map((r) => ({
      revision: r.revision,
      kind: r.kind,
      issuedAt: r.issuedAt,
      receivedAt: r.receivedAt,
      notice: r.body,
    })),
    chain: {
      records: chain.records.map((r) => ({
        interface: r.interface,
        recordId: r.recordId,
        version: r.version,
        traceCode: r.traceCode,
        deliveredAt: r.deliveredAt,
        body: r.body,
      })),
      pending: chain.pending,
      quarantined: chain.quarantined,
      traceCodes: chain.traceCodes,
      truncated: chain.truncated,
    },
    missingActions: c.origin === 'received' ? missingActions(c.actionsRequired, actions) : [],
    actions,
    responses: responses.map((r) => ({
      responseId: r.responseId,
      status: r.status,
      outcome: r.outcome,
      attempts: r.attempts,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      sentAt: r.sentAt,
      receivedAt: r.receivedAt,
      lastError: r.lastError,
      body: JSON.parse(r.body) as unknown,
    })),
  };
}
