import type { CodeLists } from '../../national/codelists';
import type { Notice } from '../../national/notices';
import type { NationalInterface } from '../../national/types';
import { NOTICE_QUIRKS } from './notice-quirks';

/** Deliberate defects, so the conformance suite can prove it notices each one. */
export const MOCK_QUIRKS = [
  'acceptBadSignature',
  'ignoreNonceReuse',
  'ignoreTimestampSkew',
  'reprocessRepeatedBatchId',
  'wrongCodeForOversizeBody',
  'dropResultOrder',
  'acceptWrongCheckCharacter',
  'acceptOver500Records',
  'ignoreRegionScope',
  'acceptLowerVersion',
  'duplicateAsAccepted',
  'acceptUnknownField',
  'acceptWrongContentType',
  'statsInUtc',
  'newReceiptIdOnRepeat',
  'noRateLimit',
  'useUpNonceOnBadSignature',
  'calendarSecondRateLimit',
  'dropCodeListAttributes',
  ...NOTICE_QUIRKS,
] as const;

export type MockQuirk = (typeof MOCK_QUIRKS)[number];

export const FAULT_KINDS = ['error500', 'error503', 'rateLimit429', 'latency', 'lostResponse', 'hang'] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultConfig {
  seed?: number;
  /** Share (0…1) of upload requests that get one of `kinds`. */
  probability?: number;
  kinds?: FaultKind[];
  latencyMs?: number;
  /** Until this instant every request is answered 503 E9001. */
  maintenance?: { until: string } | null;
  retryAfterSeconds?: number;
}

export interface MockClient {
  appKey: string;
  appSecret: string;
  /** 2-digit province or 4/6-digit city/county code (§2). */
  regionScope: string;
}

export interface MockNationalOptions {
  clients: MockClient[];
  /** Keep state in an append-only journal here; in memory only when absent. */
  dataDir?: string;
  /** Requests per sliding second per appKey; default 20, 0 = unlimited. */
  rateLimitPerSecond?: number;
  seed?: number;
  faults?: FaultConfig;
  quirks?: MockQuirk[];
  now?: () => number;
  codeLists?: CodeLists;
  /**
   * The demo: a little after start, the mock issues a few notices (§8) about lots this appKey has
   * delivered, addressed to its region scope from another region.
   */
  demoNotices?: { appKey: string; firstAfterMs?: number; tickMs?: number };
}

export interface RecordCounts {
  accepted: number;
  duplicate: number;
  rejected: number;
}

export interface MockSummary {
  /** Per-record outcomes over all appKeys, as reported in receipts. */
  interfaces: Record<NationalInterface, RecordCounts>;
  storedRecords: number;
  receipts: number;
  requests: { total: number; byStatus: Record<string, number>; faulted: number };
}

/** One ACCEPTED outcome: the platform stored this version of the record. */
export interface AcceptEvent {
  appKey: string;
  iface: NationalInterface;
  recordId: string;
  version: number;
  receivedAt: string;
}

export interface StoredRecordView {
  record: Record<string, unknown>;
  /** Canonical text (§7.7) the platform compares versions with. */
  canonical: string;
  version: number;
  receivedAt: string;
}

export interface MockNational {
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  summary(): MockSummary;
  storedRecord(appKey: string, iface: NationalInterface, recordId: string): StoredRecordView | undefined;
  acceptLog(): readonly AcceptEvent[];
  setFaults(faults: FaultConfig): void;
  faults(): FaultConfig;
  /** The operator's notice actions (also at /admin/notices): issue, amend, withdraw, look. */
  notices: MockNotices;
}

export interface MockNotices {
  /** Issues a notice (revision 1); `input` as the fields of §8.1 without noticeId, revision and issuedAt. */
  issue(input: Record<string, unknown>): Notice;
  /** A new revision with `changes` applied (not noticeId, kind or supersedes). */
  amend(noticeId: string, changes: Record<string, unknown>): Notice;
  /** A WITHDRAWN notice superseding `noticeId`. */
  withdraw(noticeId: string): Notice;
  view(noticeId: string): NoticeAdminView | undefined;
  list(): NoticeAdminView[];
}

/** An admin view of one notice: every revision, who raised it, responses and first appearance by appKey. */
export interface NoticeAdminView {
  notice: Notice;
  revisions: Notice[];
  raisedBy?: string;
  clientNoticeId?: string;
  withdrawnBy?: string;
  responses: Record<string, Array<Record<string, unknown> & { receivedAt: string }>>;
  firstAppeared: Record<string, string>;
}
