import { randomBytes } from 'node:crypto';
import type { NationalInterface } from './types';

/**
 * The notices of national-interface.md §8 (version 1.1): problem products relayed between regions.
 * These are the shapes on the wire; the client methods that carry them are on the national client
 * (`noticeFeed`, `getNotice`, `respondToNotice`, `raiseNotice`) and the checks are in
 * `notice-validate.ts`.
 */

export const NOTICE_KINDS = ['PROBLEM_PRODUCT', 'RECALL', 'WITHDRAWN'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The kinds a gateway may raise (§8.5). */
export const RAISED_NOTICE_KINDS = ['PROBLEM_PRODUCT', 'RECALL'] as const;
export type RaisedNoticeKind = (typeof RAISED_NOTICE_KINDS)[number];

export const NOTICE_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type NoticeSeverity = (typeof NOTICE_SEVERITIES)[number];

/** `actionsRequired` of a notice and `actions[].action` of a response (§8.1, §8.4). */
export const NOTICE_ACTION_KINDS = ['TRACE', 'OFF_SHELF', 'RETEST', 'RECALL'] as const;
export type NoticeActionKind = (typeof NOTICE_ACTION_KINDS)[number];

/** Statuses of a response, in the only order they may move (§8.4). */
export const NOTICE_RESPONSE_STATUSES = ['ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETED', 'NOT_FOUND'] as const;
export type NoticeResponseStatus = (typeof NOTICE_RESPONSE_STATUSES)[number];

/** A status after which no further response is accepted (§8.4). */
export function isFinalStatus(status: NoticeResponseStatus): boolean {
  return status === 'COMPLETED' || status === 'NOT_FOUND';
}

/** §8.1: `NT` + `YYYYMMDD` + 6 digits. */
export const NOTICE_ID_PATTERN = /^NT[0-9]{8}[0-9]{6}$/;
/** `responseId` (§8.4) and `clientNoticeId` (§8.5): 8–64 characters `[A-Za-z0-9_-]`, unique per appKey. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** §8.1: one revision of a notice as the platform serves it. */
export interface Notice {
  noticeId: string;
  revision: number;
  kind: NoticeKind;
  severity: NoticeSeverity;
  issuedAt: string;
  issuerRegion: string;
  /** Region prefixes of 2, 4 or 6 digits that must answer; empty only for a raised notice reaching no other region. */
  targetRegions: string[];
  traceCodes: string[];
  productCode: string;
  subjectCode?: string;
  hazard: string;
  testItem?: string;
  actionsRequired: NoticeActionKind[];
  respondBy: string;
  /** Required for `WITHDRAWN`; allowed for a `RECALL` escalating a `PROBLEM_PRODUCT` notice. */
  supersedes?: string;
}

/** A record of an appKey named by a finding (§8.4) or as evidence (§8.5). */
export interface RecordRef {
  interface: NationalInterface;
  recordId: string;
}

/** §8.4 `actions[]`: what was done. `quantity` and `unit` come together or not at all. */
export interface NoticeAction {
  action: NoticeActionKind;
  at: string;
  subjectCode?: string;
  quantity?: number;
  unit?: string;
  note?: string;
}

/** §8.4: the body of `POST /notices/{noticeId}/responses`. */
export interface NoticeResponseBody {
  /** Unique per appKey; keep it (and the whole body) to send the same bytes on every retry. */
  responseId: string;
  status: NoticeResponseStatus;
  /** Part of the content compared on a repeat: fix it once, before the first attempt. */
  respondedAt: string;
  findings?: RecordRef[];
  actions?: NoticeAction[];
  note?: string;
}

/** §8.4 answer 200. */
export interface NoticeResponseAnswer {
  code: '0';
  noticeId: string;
  responseId: string;
  receivedAt: string;
}

/** A response as §8.3 lists it: this appKey's accepted responses, each with its `receivedAt`. */
export type ReceivedNoticeResponse = NoticeResponseBody & { receivedAt: string };

/** §8.3 answer: the latest revision and this appKey's accepted responses, in the order received. */
export interface NoticeDetail {
  code: '0';
  notice: Notice;
  responses: ReceivedNoticeResponse[];
}

/** §8.5: the body of `POST /notices`. */
export interface RaiseNoticeBody {
  /** Unique per appKey; keep it (and the whole body) to send the same bytes on every retry. */
  clientNoticeId: string;
  kind: RaisedNoticeKind;
  severity: NoticeSeverity;
  issuerRegion: string;
  traceCodes: string[];
  productCode: string;
  subjectCode?: string;
  hazard: string;
  testItem?: string;
  evidence: RecordRef[];
  targetRegions?: string[];
  actionsRequired: NoticeActionKind[];
  /** At least 1 hour after the request; the platform defaults to 72 hours after it. */
  respondBy?: string;
}

/** §8.5 answer: 201 when created, 200 for a repeat with identical content. */
export interface RaiseNoticeAnswer {
  code: '0';
  noticeId: string;
  clientNoticeId: string;
  /** As sent, extended by the platform with every other province sharing a trace code of the chain (§8.6). */
  targetRegions: string[];
}

/** One entry of a 422 `E4000` answer's `errors` (§8.4), or a finding of the gateway's own §8 checks. */
export interface NoticeFieldError {
  code: string;
  /** JSON pointer into the body, e.g. `/findings/2`. */
  path: string;
  message: string;
}

/** A notice of a feed page that fails the checks of §8.1: reported, never dropped silently. */
export interface MalformedNotice {
  /** Position in the page's `notices`. */
  index: number;
  /** When readable: which notice and revision it claims to be. */
  noticeId?: string;
  revision?: number;
  errors: NoticeFieldError[];
  /** The element as received, for the operator to look at. */
  raw: unknown;
}

/**
 * §8.2 answer. `notices` holds the well-formed notices in the platform's order; those that fail the
 * checks of §8.1 are in `malformed` instead (with their index in the page), so one bad notice never
 * hides the others or the cursor.
 */
export interface NoticeFeedPage {
  notices: Notice[];
  cursor: string;
  hasMore: boolean;
  malformed: MalformedNotice[];
}

/** Feed page size (§8.2): 1–200, default 50. */
export const FEED_LIMIT_MIN = 1;
export const FEED_LIMIT_MAX = 200;
export const FEED_LIMIT_DEFAULT = 50;

/** A fresh id for `responseId` / `clientNoticeId`: prefix, then 24 hex characters; within 8–64 `[A-Za-z0-9_-]`. */
export function newClientId(prefix: 'resp' | 'notice'): string {
  return `${prefix}-${randomBytes(12).toString('hex')}`;
}

const RESPONSE_FIELDS = ['responseId', 'status', 'respondedAt', 'findings', 'actions', 'note'] as const;
const RECORD_REF_FIELDS = ['interface', 'recordId'] as const;
const ACTION_FIELDS = ['action', 'at', 'subjectCode', 'quantity', 'unit', 'note'] as const;
const RAISE_FIELDS = [
  'clientNoticeId',
  'kind',
  'severity',
  'issuerRegion',
  'traceCodes',
  'productCode',
  'subjectCode',
  'hazard',
  'testItem',
  'evidence',
  'targetRegions',
  'actionsRequired',
  'respondBy',
] as const;

function pick(value: unknown, fields: readonly string[], nested: Record<string, readonly string[]> = {}): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const v = source[field];
    if (v === undefined) continue;
    const inner = nested[field];
    out[field] = inner && Array.isArray(v) ? v.map((item) => pick(item, inner)) : v;
  }
  // Fields outside the table are kept (after the known ones) so the platform, not the client, refuses them.
  for (const [field, v] of Object.entries(source)) if (!fields.includes(field) && v !== undefined) out[field] = v;
  return out;
}

/**
 * The bytes of a §8.4 body: fields in the order of the spec's table, absent ones left out. The same
 * body gives the same bytes however its object was built, so a retry after a lost answer repeats the
 * first attempt exactly (the platform compares every field, §8.4).
 */
export function noticeResponseText(body: NoticeResponseBody): string {
  return JSON.stringify(pick(body, RESPONSE_FIELDS, { findings: RECORD_REF_FIELDS, actions: ACTION_FIELDS }));
}

/** The bytes of a §8.5 body, built like `noticeResponseText`. */
export function raiseNoticeText(body: RaiseNoticeBody): string {
  return JSON.stringify(pick(body, RAISE_FIELDS, { evidence: RECORD_REF_FIELDS }));
}
