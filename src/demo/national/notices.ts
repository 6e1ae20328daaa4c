import type { CodeLists } from '../../national/codelists';
import { collectNumberLiterals } from '../../national/decimals';
import { isPlainObject, normaliseRecord, type PlainObject } from '../../national/normalise-record';
import {
  FEED_LIMIT_DEFAULT,
  FEED_LIMIT_MAX,
  FEED_LIMIT_MIN,
  NOTICE_RESPONSE_STATUSES,
  isFinalStatus,
  type Notice,
  type NoticeFieldError,
  type NoticeResponseStatus,
  type RecordRef,
} from '../../national/notices';
import { createNoticeValidator, type NoticeValidator } from '../../national/notice-validate';
import { isNationalInterface } from '../../national/types';
import { canonicalJson } from './canonical-json';
import { ChainIndex } from './notice-chain';
import { decodeCursor, encodeCursor, NoticeStore, targetsReach } from './notice-store';
import { isoUtc8, type MockState } from './state';
import type { MockClient, MockQuirk, NoticeAdminView } from './types';
import { wireError, type WireError } from './wire-error';

/** An answer of the notice endpoints: a body with its status, or a whole-request error. */
export type NoticeAnswer = { status: number; body: unknown } | WireError;

export type NoticeRoute =
  { kind: 'feed'; search: string } | { kind: 'notice'; noticeId: string } | { kind: 'respond'; noticeId: string } | { kind: 'raise' };

const HOUR_MS = 3_600_000;
const MAX_TARGETS = 200;

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The §8 endpoints under the base path; undefined for any other target. */
export function parseNoticeRoute(method: string, target: string, basePath: string): NoticeRoute | undefined {
  const [pathname, search = ''] = target.split(/\?(.*)/s);
  if (pathname !== `${basePath}/notices` && !pathname.startsWith(`${basePath}/notices/`)) return undefined;
  const parts = pathname
    .slice(basePath.length + 1)
    .split('/')
    .map(decode);
  if (parts.some((p) => p === undefined || p === '')) return undefined;
  const [, id, sub] = parts as string[];
  if (parts.length === 1) return method === 'GET' ? { kind: 'feed', search } : method === 'POST' ? { kind: 'raise' } : undefined;
  if (parts.length === 2 && method === 'GET') return { kind: 'notice', noticeId: id };
  if (parts.length === 3 && sub === 'responses' && method === 'POST') return { kind: 'respond', noticeId: id };
  return undefined;
}

/** What an operator (or a test) gives to issue a notice through the admin endpoint. */
export interface IssueNoticeInput {
  kind: 'PROBLEM_PRODUCT' | 'RECALL';
  severity: string;
  issuerRegion: string;
  targetRegions: string[];
  traceCodes: string[];
  productCode: string;
  subjectCode?: string;
  hazard: string;
  testItem?: string;
  actionsRequired: string[];
  /** Default: 72 hours after issue. */
  respondBy?: string;
  supersedes?: string;
}

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: NoticeFieldError[],
  ) {
    super(message);
  }
}

export interface NoticeServiceOptions {
  store: NoticeStore;
  state: MockState;
  clients: ReadonlyMap<string, MockClient>;
  codeLists: CodeLists;
  quirks: ReadonlySet<MockQuirk>;
  clock: () => number;
}

const rank = (s: NoticeResponseStatus) => Math.min(NOTICE_RESPONSE_STATUSES.indexOf(s), 2);

function parseBody(text: string): { body: PlainObject } | { error: WireError } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: wireError(400, 'E1000', 'body is not valid JSON') };
  }
  return isPlainObject(body) ? { body } : { error: wireError(400, 'E1000', 'body is not a JSON object') };
}

const fieldErrors = (errors: NoticeFieldError[]): NoticeAnswer => ({
  status: 422,
  body: { code: 'E4000', message: 'field errors', errors },
});

/** §8 on the mock platform: the feed, one notice, answers, raised notices, and the operator's admin actions. */
export class NoticeService {
  private readonly chain: ChainIndex;
  private readonly validators = new Map<string, NoticeValidator>();
  private readonly adminValidator: NoticeValidator;

  constructor(private readonly o: NoticeServiceOptions) {
    this.chain = new ChainIndex(o.state);
    this.adminValidator = createNoticeValidator({ codeLists: o.codeLists });
  }

  private validatorFor(appKey: string): NoticeValidator {
    let v = this.validators.get(appKey);
    if (!v) {
      v = createNoticeValidator({ codeLists: this.o.codeLists, regionScope: this.o.clients.get(appKey)!.regionScope });
      this.validators.set(appKey, v);
    }
    return v;
  }

  private served(notice: Notice, raisedBy: string | undefined, appKey: string, ignoreScope = false): boolean {
    if (raisedBy === appKey) return false;
    return ignoreScope || targetsReach(notice.targetRegions, this.o.clients.get(appKey)!.regionScope);
  }

  /** Served now: by the latest revision (§8.1: GET and answers use the latest revision). */
  private servedNow(appKey: string, noticeId: string): Notice | undefined {
    const stored = this.o.store.get(noticeId);
    const latest = this.o.store.latest(noticeId);
    return stored && latest && this.served(latest, stored.raisedBy, appKey) ? latest : undefined;
  }

  private acceptedRecord(appKey: string) {
    return (ref: RecordRef) =>
      isNationalInterface(ref.interface) ? this.o.state.view(appKey, ref.interface, ref.recordId)?.record : undefined;
  }

  /** §8.2 */
  feed(appKey: string, search: string): NoticeAnswer {
    const params = new URLSearchParams(search);
    const limitText = params.get('limit');
    const limit = limitText === null ? FEED_LIMIT_DEFAULT : /^[0-9]{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= FEED_LIMIT_MIN && limit <= FEED_LIMIT_MAX))
      return wireError(400, 'E1005', `limit must be ${FEED_LIMIT_MIN}-${FEED_LIMIT_MAX}`);
    const afterText = params.get('after');
    let after = 0;
    if (afterText !== null) {
      const seq = decodeCursor(appKey, afterText, this.o.quirks.has('acceptForeignCursor'));
      if (seq === undefined || seq > this.o.store.feedLength()) return wireError(400, 'E1005', 'unknown cursor');
      after = seq;
    }
    const ignoreScope = this.o.quirks.has('noticeFeedIgnoresScope');
    const notices: Notice[] = [];
    let cursor = this.o.store.feedLength();
    let hasMore = false;
    for (const e of this.o.store.feedAfter(after)) {
      if (!this.served(e.notice, e.raisedBy, appKey, ignoreScope)) continue;
      if (notices.length === limit) {
        hasMore = true;
        break;
      }
      notices.push(e.notice);
      cursor = e.seq;
    }
    if (!hasMore) cursor = this.o.store.feedLength();
    const at = isoUtc8(this.o.clock());
    for (const n of notices) this.o.store.noteFirstSeen(appKey, n.noticeId, at);
    return { status: 200, body: { code: '0', notices, cursor: encodeCursor(appKey, cursor), hasMore } };
  }

  /** §8.3 */
  getNotice(appKey: string, noticeId: string): NoticeAnswer {
    const notice = this.servedNow(appKey, noticeId);
    if (!notice) return wireError(404, 'E1404', 'notice not found');
    const responses = this.o.store.responsesOf(appKey, noticeId).map((r) => ({ ...r.body, receivedAt: r.receivedAt }));
    return { status: 200, body: { code: '0', notice, responses } };
  }

  /** §8.4, in the order of precedence: whole request, 404, 422, then E1409, E4013, E4011. */
  respond(appKey: string, noticeId: string, text: string): NoticeAnswer {
    const parsed = parseBody(text);
    if ('error' in parsed) return parsed.error;
    const body = parsed.body;
    const latest = this.servedNow(appKey, noticeId);
    if (!latest) return wireError(404, 'E1404', 'notice not found');
    const earlier = this.o.store.responsesOf(appKey, noticeId);
    const conflictsFirst = this.o.quirks.has('noticeConflictBeforeFieldErrors');

    const validate = (): NoticeAnswer | undefined => {
      const errors = this.validatorFor(appKey).validateResponse(body, {
        acceptedRecord: this.acceptedRecord(appKey),
        actionsRequired: latest.actionsRequired,
        earlierActions: earlier.flatMap((r) => r.actions),
        numberLiterals: collectNumberLiterals(text),
      });
      if (errors.length === 0) return undefined;
      return fieldErrors(this.o.quirks.has('reverseNoticeFieldErrors') ? [...errors].reverse() : errors);
    };
    const clean = normaliseRecord(body);
    const canonical = `${noticeId}\u0000${canonicalJson(text)}`;
    const responseId = String(clean.responseId);
    const conflicts = (): NoticeAnswer | undefined => {
      const prior = this.o.store.response(appKey, responseId);
      if (prior?.canonical === canonical) {
        return { status: 200, body: { code: '0', noticeId: prior.noticeId, responseId, receivedAt: prior.receivedAt } };
      }
      if (prior && !this.o.quirks.has('acceptReusedResponseId'))
        return wireError(409, 'E1409', 'responseId already used with other content');
      const stored = this.o.store.get(noticeId)!;
      if ((latest.kind === 'WITHDRAWN' || stored.withdrawnBy !== undefined) && !this.o.quirks.has('answerWithdrawnNotice')) {
        return wireError(409, 'E4013', 'the notice is withdrawn');
      }
      const last = earlier[earlier.length - 1]?.status;
      const status = clean.status as NoticeResponseStatus;
      if (last !== undefined && !this.o.quirks.has('allowStatusBack') && (isFinalStatus(last) || rank(status) < rank(last))) {
        return wireError(409, 'E4011', `status ${status} does not follow ${last}`);
      }
      return undefined;
    };

    if (conflictsFirst && typeof clean.responseId === 'string' && typeof clean.status === 'string') {
      const early = conflicts();
      if (early) return early;
    }
    const invalid = validate();
    if (invalid) return invalid;
    const conflict = conflicts();
    if (conflict) return conflict;

    const receivedAt = isoUtc8(this.o.clock());
    const actions = Array.isArray(clean.actions) ? (clean.actions as { action: string }[]).map((a) => a.action) : [];
    this.o.store.recordResponse({
      appKey,
      noticeId,
      responseId,
      status: clean.status as NoticeResponseStatus,
      body: clean,
      canonical,
      actions,
      receivedAt,
    });
    return { status: 200, body: { code: '0', noticeId, responseId, receivedAt } };
  }

  /** §8.5 */
  raise(appKey: string, text: string): NoticeAnswer {
    const parsed = parseBody(text);
    if ('error' in parsed) return parsed.error;
    const body = parsed.body;
    const now = this.o.clock();
    const errors = this.validatorFor(appKey).validateRaise(body, { acceptedRecord: this.acceptedRecord(appKey), now });
    if (errors.length > 0) return fieldErrors(this.o.quirks.has('reverseNoticeFieldErrors') ? [...errors].reverse() : errors);

    const clean = normaliseRecord(body);
    const clientNoticeId = clean.clientNoticeId as string;
    const canonical = canonicalJson(text);
    const existingId = this.o.store.raisedNoticeId(appKey, clientNoticeId);
    if (existingId !== undefined) {
      const existing = this.o.store.get(existingId)!;
      if (existing.raiseCanonical !== canonical) return wireError(409, 'E1409', 'clientNoticeId already used with other content');
      return { status: 200, body: { code: '0', noticeId: existingId, clientNoticeId, targetRegions: existing.revisions[0].targetRegions } };
    }

    const issuerRegion = clean.issuerRegion as string;
    const traceCodes = clean.traceCodes as string[];
    const targetRegions = [...((clean.targetRegions as string[] | undefined) ?? [])];
    if (!this.o.quirks.has('noTargetRegionExtension')) {
      for (const province of this.chainProvinces(traceCodes)) {
        if (targetRegions.length >= MAX_TARGETS) break;
        if (province !== issuerRegion.slice(0, 2) && !targetRegions.includes(province)) targetRegions.push(province);
      }
    }
    const notice: Notice = {
      noticeId: this.o.store.nextNoticeId(now),
      revision: 1,
      kind: clean.kind as Notice['kind'],
      severity: clean.severity as Notice['severity'],
      issuedAt: isoUtc8(now),
      issuerRegion,
      targetRegions,
      traceCodes,
      productCode: clean.productCode as string,
      ...(clean.subjectCode === undefined ? {} : { subjectCode: clean.subjectCode as string }),
      hazard: clean.hazard as string,
      ...(clean.testItem === undefined ? {} : { testItem: clean.testItem as string }),
      actionsRequired: clean.actionsRequired as Notice['actionsRequired'],
      respondBy: (clean.respondBy as string | undefined) ?? isoUtc8(now + 72 * HOUR_MS),
    };
    this.o.store.publish(notice, appKey, { clientNoticeId, canonical });
    return { status: 201, body: { code: '0', noticeId: notice.noticeId, clientNoticeId, targetRegions } };
  }

  /** Provinces of every appKey's records in the chain of `traceCodes` (§8.5, §8.6), in the order first met. */
  chainProvinces(traceCodes: readonly string[]): string[] {
    const provinces: string[] = [];
    for (const r of this.chain.chain(traceCodes).records) {
      const region = r.record.regionCode;
      if (typeof region !== 'string' || region.length < 2) continue;
      if (!provinces.includes(region.slice(0, 2))) provinces.push(region.slice(0, 2));
    }
    return provinces;
  }

  // ---- operator actions (admin endpoint) -------------------------------------------------------

  /** Issues a new notice (revision 1) as the platform relaying another region's finding. */
  issue(input: unknown): Notice {
    if (!isPlainObject(input)) throw new AdminError(400, 'notice must be a JSON object');
    const now = this.o.clock();
    const fields = normaliseRecord(input);
    for (const k of ['noticeId', 'revision', 'issuedAt']) if (k in fields) throw new AdminError(400, `${k} is assigned by the platform`);
    if (fields.kind === 'WITHDRAWN') throw new AdminError(400, 'use POST /admin/notices/{noticeId}/withdraw to withdraw a notice');
    if (typeof fields.supersedes === 'string' && !this.o.store.get(fields.supersedes))
      throw new AdminError(400, `supersedes names unknown notice ${fields.supersedes}`);
    const notice = {
      noticeId: this.o.store.nextNoticeId(now),
      revision: 1,
      ...fields,
      issuedAt: isoUtc8(now),
      respondBy: fields.respondBy ?? isoUtc8(now + 72 * HOUR_MS),
    } as unknown as Notice;
    return this.publishChecked(orderNotice(notice));
  }

  /** A new revision of a notice with some fields changed (not its id, kind or supersedes). */
  amend(noticeId: string, changes: unknown): Notice {
    const latest = this.o.store.latest(noticeId);
    if (!latest) throw new AdminError(404, `unknown notice ${noticeId}`);
    if (latest.kind === 'WITHDRAWN' || this.o.store.get(noticeId)!.withdrawnBy)
      throw new AdminError(409, `notice ${noticeId} is withdrawn`);
    if (!isPlainObject(changes)) throw new AdminError(400, 'changes must be a JSON object');
    const fields = normaliseRecord(changes);
    for (const k of ['noticeId', 'revision', 'issuedAt', 'kind', 'supersedes'])
      if (k in fields) throw new AdminError(400, `${k} cannot be amended`);
    const notice = { ...latest, ...fields, revision: latest.revision + 1, issuedAt: isoUtc8(this.o.clock()) } as Notice;
    return this.publishChecked(orderNotice(notice));
  }

  /** A WITHDRAWN notice superseding `noticeId`, repeating its fields (§8.1). */
  withdraw(noticeId: string): Notice {
    const latest = this.o.store.latest(noticeId);
    if (!latest) throw new AdminError(404, `unknown notice ${noticeId}`);
    if (latest.kind === 'WITHDRAWN' || this.o.store.get(noticeId)!.withdrawnBy)
      throw new AdminError(409, `notice ${noticeId} is already withdrawn`);
    const now = this.o.clock();
    const notice: Notice = {
      ...latest,
      noticeId: this.o.store.nextNoticeId(now),
      revision: 1,
      kind: 'WITHDRAWN',
      issuedAt: isoUtc8(now),
      supersedes: noticeId,
    };
    return this.publishChecked(orderNotice(notice), this.o.store.get(noticeId)?.raisedBy);
  }

  private publishChecked(notice: Notice, raisedBy?: string): Notice {
    const errors = this.adminValidator.validateNotice(notice);
    if (errors.length > 0)
      throw new AdminError(400, `invalid notice: ${errors.map((e) => `${e.code} ${e.path} ${e.message}`).join('; ')}`, errors);
    this.o.store.publish(notice, raisedBy);
    return notice;
  }

  view(noticeId: string): NoticeAdminView | undefined {
    const stored = this.o.store.get(noticeId);
    if (!stored) return undefined;
    const responses: NoticeAdminView['responses'] = {};
    const firstAppeared: Record<string, string> = {};
    for (const appKey of this.o.clients.keys()) {
      const list = this.o.store.responsesOf(appKey, noticeId);
      if (list.length > 0) responses[appKey] = list.map((r) => ({ ...r.body, receivedAt: r.receivedAt }));
      const seen = this.o.store.firstSeenAt(appKey, noticeId);
      if (seen) firstAppeared[appKey] = seen;
    }
    return {
      notice: stored.revisions[stored.revisions.length - 1],
      revisions: [...stored.revisions],
      ...(stored.raisedBy === undefined ? {} : { raisedBy: stored.raisedBy }),
      ...(stored.clientNoticeId ? { clientNoticeId: stored.clientNoticeId } : {}),
      ...(stored.withdrawnBy === undefined ? {} : { withdrawnBy: stored.withdrawnBy }),
      responses,
      firstAppeared,
    };
  }

  list(): NoticeAdminView[] {
    return [...this.o.store.all()].map(([id]) => this.view(id)!);
  }
}

const NOTICE_ORDER = [
  'noticeId',
  'revision',
  'kind',
  'severity',
  'issuedAt',
  'issuerRegion',
  'targetRegions',
  'traceCodes',
  'productCode',
  'subjectCode',
  'hazard',
  'testItem',
  'actionsRequired',
  'respondBy',
  'supersedes',
];

/** The notice's fields in the order of the §8.1 table (unknown ones after). */
function orderNotice(notice: Notice): Notice {
  const source = notice as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of NOTICE_ORDER) if (source[k] !== undefined) out[k] = source[k];
  for (const [k, v] of Object.entries(source)) if (!(k in out) && v !== undefined) out[k] = v;
  return out as unknown as Notice;
}
