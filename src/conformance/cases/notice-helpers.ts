import type { NationalInterface } from '../../national/types';
import { answerOf, bodyOf, expectOutcome, expectReceipt, RFC3339 } from '../checks';
import type { ConformanceClient } from '../client';
import type { CaseContext } from '../context';
import type { RawResponse } from '../http';
import type { RecordFactory } from '../records';
import { describe, type Verifier } from '../verify';

/** One appKey of a run: the suite's own, or the second one (§8 cases between two regions). */
export interface Party {
  client: ConformanceClient;
  factory: RecordFactory;
  regionScope: string;
}

export function me(ctx: CaseContext): Party {
  return { client: ctx.client, factory: ctx.factory, regionScope: ctx.settings.regionScope };
}

export function other(ctx: CaseContext): Party {
  if (!ctx.second) throw new Error('this case needs the second appKey');
  return ctx.second;
}

type Body = Record<string, unknown>;

/** Uploads records as `who` and checks that every one is ACCEPTED. */
export async function deliver(ctx: CaseContext, who: Party, iface: NationalInterface, records: Body[]): Promise<void> {
  const batch = { batchId: who.factory.batchId(), records };
  const receipt = expectReceipt(ctx.v, await who.client.upload(iface, batch), batch.batchId, records);
  records.forEach((_, i) => expectOutcome(ctx.v, receipt, i, 'ACCEPTED'));
}

/** A valid inspections record of `traceCode` that failed (an item above its limit). */
export function failedInspection(who: Party, traceCode = who.factory.traceCode()): Body {
  return {
    ...who.factory.valid('inspections'),
    traceCode,
    items: [
      { itemCode: 'OP_CARBAMATE_INHIBITION', value: 12.5, limit: 50, unit: 'inhibition%', result: 'PASS' },
      { itemCode: 'CHLORPYRIFOS', value: 0.5, limit: 0.1, unit: 'mg/kg', result: 'FAIL' },
    ],
    conclusion: 'FAIL',
  };
}

/** A FAIL inspection `who` has had accepted, delivered once per run: evidence for its raised notices. */
export function evidenceOf(ctx: CaseContext, who: Party): Promise<{ interface: 'inspections'; recordId: string }> {
  return ctx.shared.once(`notice-evidence:${who.client.appKey}`, async () => {
    const record = failedInspection(who);
    await deliver(ctx, who, 'inspections', [record]);
    return { interface: 'inspections' as const, recordId: String(record.recordId) };
  });
}

/** A batches record `who` has had accepted, delivered once per run: a finding for its answers. */
export function findingOf(ctx: CaseContext, who: Party): Promise<{ interface: 'batches'; recordId: string }> {
  return ctx.shared.once(`notice-finding:${who.client.appKey}`, async () => {
    const record = who.factory.valid('batches');
    await deliver(ctx, who, 'batches', [record]);
    return { interface: 'batches' as const, recordId: String(record.recordId) };
  });
}

export function clientNoticeId(who: Party): string {
  return `cf-${who.factory.runId}-n${who.factory.next()}`;
}

export function responseId(who: Party): string {
  return `cf-${who.factory.runId}-r${who.factory.next()}`;
}

/** A valid §8.5 body raised by `who` about a fresh lot (no record anywhere shares its trace code). */
export async function raiseBody(ctx: CaseContext, who: Party, changes: Body = {}): Promise<Body> {
  return {
    clientNoticeId: clientNoticeId(who),
    kind: 'PROBLEM_PRODUCT',
    severity: 'HIGH',
    issuerRegion: who.factory.region,
    traceCodes: [who.factory.traceCode()],
    productCode: 'VEG_LEAFY',
    hazard: 'chlorpyrifos above the limit (conformance suite)',
    testItem: 'CHLORPYRIFOS',
    evidence: [await evidenceOf(ctx, who)],
    actionsRequired: ['TRACE'],
    ...changes,
  };
}

export function raise(who: Party, body: unknown): Promise<RawResponse> {
  return who.client.send({ method: 'POST', path: '/notices', body });
}

/** §8.5: a 201 answer naming the notice, the clientNoticeId sent and the targetRegions. */
export function expectCreated(v: Verifier, res: RawResponse, sent: Body): { noticeId: string; targetRegions: string[] } {
  v.equal('answer', '201 0', answerOf(res));
  const body = bodyOf(res);
  v.ok(
    'noticeId',
    typeof body.noticeId === 'string' && /^NT\d{14}$/.test(body.noticeId),
    'NT + YYYYMMDD + 6 digits',
    describe(body.noticeId),
  );
  v.equal('clientNoticeId', sent.clientNoticeId, body.clientNoticeId);
  const targets = body.targetRegions;
  v.ok(
    'targetRegions',
    Array.isArray(targets) && targets.every((t) => typeof t === 'string'),
    'an array of region prefixes',
    describe(targets),
  );
  return { noticeId: body.noticeId as string, targetRegions: targets as string[] };
}

/** `from` raises a notice addressed to `to`'s scope and returns its id. */
export async function noticeTo(ctx: CaseContext, from: Party, to: Party, changes: Body = {}): Promise<{ noticeId: string; body: Body }> {
  const body = await raiseBody(ctx, from, { targetRegions: [to.regionScope], ...changes });
  const { noticeId } = expectCreated(ctx.v, await raise(from, body), body);
  return { noticeId, body };
}

export interface FeedPage {
  notices: Body[];
  cursor: string;
  hasMore: boolean;
}

export function feedPath(after: string | undefined, limit?: number | string): string {
  const params = [
    ...(after === undefined ? [] : [`after=${encodeURIComponent(after)}`]),
    ...(limit === undefined ? [] : [`limit=${limit}`]),
  ];
  return params.length === 0 ? '/notices' : `/notices?${params.join('&')}`;
}

/** §8.2: one page, its shape checked. */
export async function feedPage(ctx: CaseContext, who: Party, after: string | undefined, limit?: number): Promise<FeedPage> {
  const res = await who.client.get(feedPath(after, limit));
  ctx.v.equal('feed answer', '200 0', answerOf(res));
  const body = bodyOf(res);
  ctx.v.ok('notices', Array.isArray(body.notices), 'a notices array', describe(body.notices));
  ctx.v.ok('cursor', typeof body.cursor === 'string' && body.cursor !== '', 'an opaque cursor string', describe(body.cursor));
  ctx.v.ok('hasMore', typeof body.hasMore === 'boolean', 'true or false', describe(body.hasMore));
  const notices = body.notices as Body[];
  if (limit !== undefined) ctx.v.ok('page size', notices.length <= limit, `at most ${limit} notices`, String(notices.length));
  return { notices, cursor: body.cursor as string, hasMore: body.hasMore as boolean };
}

/** Reads the feed to its end and returns the cursor there (notices served from now on come after it). */
export async function feedEnd(ctx: CaseContext, who: Party): Promise<string> {
  let page = await feedPage(ctx, who, undefined, 200);
  for (let i = 0; page.hasMore && i < 10_000; i++) page = await feedPage(ctx, who, page.cursor, 200);
  return page.cursor;
}

/** Every notice served after `cursor`, read to the end of the feed, and the cursor there. */
export async function feedSince(
  ctx: CaseContext,
  who: Party,
  cursor: string,
  limit = 200,
): Promise<{ notices: Body[]; cursor: string; pages: FeedPage[] }> {
  const pages: FeedPage[] = [];
  let page = await feedPage(ctx, who, cursor, limit);
  pages.push(page);
  for (let i = 0; page.hasMore && i < 10_000; i++) {
    page = await feedPage(ctx, who, page.cursor, limit);
    pages.push(page);
  }
  return { notices: pages.flatMap((p) => p.notices), cursor: page.cursor, pages };
}

/** A valid §8.4 body of `status` with a fresh responseId. */
export function responseBody(who: Party, status: string, changes: Body = {}): Body {
  return { responseId: responseId(who), status, respondedAt: who.factory.now(), ...changes };
}

export function respond(who: Party, noticeId: string, body: unknown): Promise<RawResponse> {
  return who.client.send({ method: 'POST', path: `/notices/${encodeURIComponent(noticeId)}/responses`, body });
}

/** §8.4: 200 {code "0", noticeId, responseId, receivedAt}; returns receivedAt. */
export function expectAnswered(v: Verifier, res: RawResponse, noticeId: string, sent: Body): string {
  v.equal('answer', '200 0', answerOf(res));
  const body = bodyOf(res);
  v.equal('noticeId', noticeId, body.noticeId);
  v.equal('responseId', sent.responseId, body.responseId);
  v.ok(
    'receivedAt',
    typeof body.receivedAt === 'string' && RFC3339.test(body.receivedAt),
    'an RFC 3339 timestamp',
    describe(body.receivedAt),
  );
  return body.receivedAt as string;
}

/** §8.4: 422 E4000 with exactly these errors (`code path`), in order, each with a message. */
export function expectFieldErrors(v: Verifier, res: RawResponse, expected: readonly string[]): void {
  v.equal('answer', '422 E4000', answerOf(res));
  const errors = bodyOf(res).errors;
  v.ok('errors', Array.isArray(errors), 'an errors array', describe(errors));
  const list = errors as Array<Record<string, unknown>>;
  v.equal('errors', expected.join(', '), list.map((e) => `${String(e?.code)} ${String(e?.path)}`).join(', '));
  v.ok(
    'messages',
    list.every((e) => typeof e.message === 'string'),
    'each error with a message',
    describe(list),
  );
}

/** The bundled mock's admin endpoint: issue, amend or withdraw a notice as the platform. */
export async function mockAdmin(ctx: CaseContext, path: string, body?: unknown): Promise<Body> {
  if (!ctx.mockAdmin) throw new Error('this case needs --mock-admin');
  const res = await fetch(`${ctx.mockAdmin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Body;
  if (res.status >= 300) throw new Error(`mock admin ${path} answered ${res.status} ${describe(json)}`);
  return json;
}

/** A notice issued by the platform (the mock's admin endpoint) to `to`'s scope. */
export function issueByPlatform(ctx: CaseContext, to: Party, changes: Body = {}): Promise<Body> {
  return mockAdmin(ctx, '/admin/notices', {
    kind: 'PROBLEM_PRODUCT',
    severity: 'MEDIUM',
    issuerRegion: to.factory.otherRegion,
    targetRegions: [to.regionScope],
    traceCodes: [to.factory.traceCode()],
    productCode: 'VEG_LEAFY',
    hazard: 'issued by the platform for the conformance suite',
    actionsRequired: ['TRACE'],
    ...changes,
  });
}

/** A province neither party's scope lies in. */
export function thirdProvince(ctx: CaseContext): string {
  const taken = [ctx.settings.regionScope.slice(0, 2), ctx.second?.regionScope.slice(0, 2)];
  return ['44', '50', '31', '11', '53'].find((p) => !taken.includes(p))!;
}

export function idsOf(notices: readonly Body[]): string[] {
  return notices.map((n) => String(n.noticeId));
}
