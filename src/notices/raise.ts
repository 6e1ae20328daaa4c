import { createHash } from 'node:crypto';
import { withTransaction, type Db, type Queryable } from '../db/pool';
import { recordEvent } from '../db/queries/events';
import { acceptedInspections } from '../db/queries/national-records';
import { storeNoticeRevision } from '../db/queries/notices';
import { dueRaisedNotices, insertRaisedNotice, markRaisedAccepted, markRaisedRefused, markRaisedRetry } from '../db/queries/raised-notices';
import type { Logger } from '../log';
import { backoffDelayMs } from '../national/backoff';
import { raiseNoticeText, type NoticeActionKind, type RaiseNoticeBody } from '../national/notices';
import { beijingIso } from '../common/time';
import { traceChain } from '../trace/trace-chain';
import { noticeChain } from './chain';
import { describeAnswer, type NoticesClient } from './client';

export type RaiseMode = 'off' | 'propose' | 'auto';

/** What a gateway asks of the regions a failed lot reached (§8.1 actionsRequired). */
export const RAISED_ACTIONS: NoticeActionKind[] = ['TRACE', 'OFF_SHELF'];

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** One notice per inspection record: the id is derived from it, so a re-delivered inspection proposes nothing new. */
export function clientNoticeIdFor(inspectionRecordId: string): string {
  return `insp-${createHash('sha256').update(inspectionRecordId).digest('hex').slice(0, 32)}`;
}

async function acceptedFailedInspections(db: Queryable, ids: readonly number[]) {
  return (await acceptedInspections(db, ids))
    .map((row) => ({ recordId: row.recordId, body: JSON.parse(row.body) as Record<string, unknown> }))
    .filter((x) => x.body.conclusion === 'FAIL');
}

/**
 * The notice a failed inspection calls for: the lot's trace code, its product and producer from the
 * chain, and as target regions every region its chain reaches outside this gateway's scope (the
 * producer's origin upstream, where trades, entries and transports took it downstream). Null when
 * the chain holds no product code (§8.5 requires one).
 */
export async function proposalFor(
  db: Queryable,
  inspection: { recordId: string; body: Record<string, unknown> },
  regionScope: string,
): Promise<RaiseNoticeBody | null> {
  const code = str(inspection.body.traceCode);
  if (!code) return null;
  const upstream = await traceChain(db, code, 6);
  const codes = [code, ...upstream.nodes.filter((n) => n.hop < 0).map((n) => n.traceCode)];
  const chain = await noticeChain(db, codes);
  const upstreamRecords = upstream.nodes
    .filter((n) => n.hop < 0)
    .flatMap((n) => n.records.filter((r) => r.state === 'accepted' || r.state === 'duplicate'));
  const bodies = [...chain.records.map((r) => r.body), ...upstreamRecords.map((r) => r.body)];
  const own = chain.records.filter((r) => r.traceCode === code).map((r) => r.body);
  const productCode = [...own, ...bodies].map((b) => str(b.productCode)).find((p) => p !== null) ?? null;
  if (!productCode) return null;
  const producer = [...own, ...bodies].find((b) => str(b.subjectCode) && (b.productCode !== undefined || b.originRegionCode !== undefined));
  const regions = new Set<string>();
  for (const b of bodies) {
    for (const f of ['originRegionCode', 'regionCode']) {
      const r = str(b[f]);
      if (r && /^\d{6}$/.test(r) && !r.startsWith(regionScope)) regions.add(r);
    }
  }
  const items = Array.isArray(inspection.body.items) ? (inspection.body.items as Array<Record<string, unknown>>) : [];
  const failed = items.filter((i) => i.result === 'FAIL');
  const detail = failed
    .map(
      (i) =>
        `${String(i.itemCode)} ${String(i.value)} ${String(i.unit ?? '')}${i.limit !== undefined ? ` (limit ${String(i.limit)})` : ''}`,
    )
    .join('; ');
  const hazard = `failed ${String(inspection.body.method ?? '')} inspection ${String(inspection.body.inspectionNo ?? '')} by ${String(inspection.body.agency ?? '')}${detail ? `: ${detail}` : ''}`;
  const issuerRegion = str(inspection.body.regionCode) ?? '';
  return {
    clientNoticeId: clientNoticeIdFor(inspection.recordId),
    kind: 'PROBLEM_PRODUCT',
    severity: 'HIGH',
    issuerRegion,
    traceCodes: [code],
    productCode,
    ...(producer && str(producer.subjectCode) ? { subjectCode: str(producer.subjectCode)! } : {}),
    hazard: hazard.slice(0, 500),
    ...(failed[0] && str(failed[0].itemCode) ? { testItem: str(failed[0].itemCode)! } : {}),
    evidence: [{ interface: 'inspections', recordId: inspection.recordId }],
    ...(regions.size > 0 ? { targetRegions: [...regions].sort().slice(0, 200) } : {}),
    actionsRequired: RAISED_ACTIONS,
  };
}

/**
 * Looks at inspections the platform just accepted (their national record ids): each FAIL proposes a
 * notice (`propose`, an operator confirms it) or raises one at the next round (`auto`).
 */
export async function proposeFromInspections(
  db: Db,
  ids: readonly number[],
  opts: { mode: RaiseMode; regionScope: string; log: Logger },
): Promise<string[]> {
  if (opts.mode === 'off') return [];
  const proposed: string[] = [];
  for (const inspection of await acceptedFailedInspections(db, ids)) {
    const body = await proposalFor(db, inspection, opts.regionScope);
    if (!body) {
      opts.log.warn('a failed inspection cannot raise a notice: its chain holds no product code', {
        event: 'notices:raise-skipped',
        recordId: inspection.recordId,
      });
      continue;
    }
    const created = await withTransaction(db, async (tx) => {
      const ok = await insertRaisedNotice(tx, {
        clientNoticeId: body.clientNoticeId,
        body: raiseNoticeText(body),
        evidenceRecord: `inspections:${inspection.recordId}`,
        traceCodes: body.traceCodes,
        ...(opts.mode === 'auto' ? { confirmedBy: 'system:notices-auto' } : {}),
      });
      if (ok)
        await recordEvent(tx, {
          actor: 'system:notices',
          action: opts.mode === 'auto' ? 'notice:raise-auto' : 'notice:proposed',
          subject: body.clientNoticeId,
          details: { evidence: inspection.recordId, traceCodes: body.traceCodes, targetRegions: body.targetRegions ?? [] },
        });
      return ok;
    });
    if (created) {
      proposed.push(body.clientNoticeId);
      opts.log.info(
        opts.mode === 'auto'
          ? 'a failed inspection raises a notice'
          : 'a failed inspection proposes a notice; confirm it in the dashboard or API',
        {
          event: 'notices:proposed',
          clientNoticeId: body.clientNoticeId,
          recordId: inspection.recordId,
          mode: opts.mode,
        },
      );
    }
  }
  return proposed;
}

/**
 * Sends confirmed notices with their fixed clientNoticeId and body (a repeat is answered as the same
 * notice, §8.5). An accepted one is kept as a notice of origin `raised`, so it covers its trace codes.
 */
export async function sendConfirmedRaised(deps: {
  db: Db;
  client: NoticesClient;
  log: Logger;
  now?: () => number;
}): Promise<{ accepted: string[]; refused: string[] }> {
  const { db, client, log } = deps;
  const now = deps.now ?? Date.now;
  const out = { accepted: [] as string[], refused: [] as string[] };
  for (const r of await dueRaisedNotices(db, 50)) {
    const body = JSON.parse(r.bodyText) as RaiseNoticeBody;
    const answer = await client.raiseNotice(body);
    if (answer.kind === 'ok') {
      const a = answer.body as { noticeId?: unknown; targetRegions?: unknown };
      const noticeId = typeof a.noticeId === 'string' ? a.noticeId : '';
      const targetRegions = Array.isArray(a.targetRegions) ? (a.targetRegions as string[]) : (body.targetRegions ?? []);
      const at = now();
      await withTransaction(db, async (tx) => {
        await markRaisedAccepted(tx, r.clientNoticeId, noticeId, targetRegions);
        // The platform keeps respondBy at its default (72 hours after the request) since none is sent.
        await storeNoticeRevision(
          tx,
          { ...body, noticeId, revision: 1, issuedAt: beijingIso(at), targetRegions, respondBy: beijingIso(at + 72 * 3600_000) },
          'raised',
        );
        await recordEvent(tx, {
          actor: 'system:notices',
          action: 'notice:raised',
          subject: noticeId,
          details: { clientNoticeId: r.clientNoticeId, targetRegions },
        });
      });
      log.info('notice raised', { event: 'notices:raised', clientNoticeId: r.clientNoticeId, noticeId, targetRegions });
      out.accepted.push(r.clientNoticeId);
      continue;
    }
    const error = describeAnswer(answer);
    const retry =
      answer.kind === 'network' || (answer.kind === 'error' && (answer.status === 429 || answer.status >= 500 || answer.status === 401));
    if (retry) {
      const retryAfter = answer.kind === 'error' ? (answer.retryAfterMs ?? 0) : 0;
      await markRaisedRetry(db, r.clientNoticeId, error, Math.max(retryAfter, backoffDelayMs(r.attempts + 1)) / 1000);
      log.warn('raising a notice failed; retrying with the same id and body', {
        event: 'notices:raise-retry',
        clientNoticeId: r.clientNoticeId,
        error,
      });
    } else {
      await markRaisedRefused(db, r.clientNoticeId, error);
      await recordEvent(db, { actor: 'system:notices', action: 'notice:raise-refused', subject: r.clientNoticeId, details: { error } });
      log.error('the platform refused a raised notice', { event: 'notices:raise-refused', clientNoticeId: r.clientNoticeId, error });
      out.refused.push(r.clientNoticeId);
    }
  }
  return out;
}
