import type { NationalInterface, SignMethod } from '../national/types';
import type { CaseContext } from './context';

/** The endpoints of national §3 and §4 (plus the unknown-interface pseudo endpoint of §3.2 E1004). */
export type Endpoint =
  | `POST /${NationalInterface}/batch`
  | 'POST /{unknown}/batch'
  | 'GET /receipts/{receiptId}'
  | 'GET /{interface}/records/{recordId}'
  | 'GET /stats'
  | 'GET /codelists/{name}';

/** One check a case made, in the words of the report. */
export interface CheckRecord {
  what: string;
  expected: string;
  actual: string;
  ok: boolean;
}

export interface ConformanceCase {
  /** Stable id, e.g. `trades.record.E4005.amount`. */
  id: string;
  endpoint: Endpoint;
  /** Keys of CLAUSES (clauses.ts) this case covers. */
  clauses: readonly string[];
  title: string;
  run(ctx: CaseContext): Promise<void>;
}

export type CaseStatus = 'passed' | 'failed';

export interface CaseResult {
  id: string;
  endpoint: Endpoint;
  clauses: readonly string[];
  title: string;
  status: CaseStatus;
  expected: string;
  actual: string;
  /** The failed check, or the error that stopped the case. */
  failure?: string;
  checks: CheckRecord[];
  durationMs: number;
}

export interface ConformanceSummaryRow {
  endpoint: Endpoint;
  passed: number;
  failed: number;
}

export interface ConformanceReport {
  target: string;
  signMethod: SignMethod;
  regionScope: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  total: number;
  passed: number;
  failed: number;
  byEndpoint: ConformanceSummaryRow[];
  cases: CaseResult[];
}

export interface ProgressEvent {
  done: number;
  total: number;
  result: CaseResult;
}

export interface ConformanceOptions {
  /** Base URL including the base path, e.g. `http://127.0.0.1:8080/ntp/v1`. */
  target: string;
  appKey: string;
  appSecret: string;
  signMethod?: SignMethod;
  /** The appKey's region scope (2, 4 or 6 digits); records are generated inside it. Default `62`. */
  regionScope?: string;
  /** Comma-separated glob patterns over case ids (`trades.*`, `transport.E2001.*`). */
  only?: string;
  /** The platform's rate limit per appKey and second (§3.2 default 20); paces the run and sizes the burst. */
  rateLimitPerSecond?: number;
  /** Per-request timeout, ms. Default 30 000. */
  timeoutMs?: number;
  /** Milliseconds since the epoch; lets a test move the run's clock together with the platform's. */
  clock?: () => number;
  onProgress?: (event: ProgressEvent) => void;
}
