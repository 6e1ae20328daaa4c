import type { NationalInterface, SignMethod } from '../national/types';
import type { CaseContext } from './context';
import type { CheckRecord } from './verify';

/** The endpoints of national §3 and §4 (plus the unknown-interface pseudo endpoint of §3.2 E1004). */
export type Endpoint =
  | `POST /${NationalInterface}/batch`
  | 'POST /{unknown}/batch'
  | 'GET /receipts/{receiptId}'
  | 'GET /{interface}/records/{recordId}'
  | 'GET /stats'
  | 'GET /codelists/{name}'
  | 'GET /notices'
  | 'GET /notices/{noticeId}'
  | 'POST /notices/{noticeId}/responses'
  | 'POST /notices';

/**
 * What a case needs beyond the suite's own appKey: a second appKey whose scope lies in another
 * province (notices between two regions, §8), or the admin endpoint of the bundled mock platform
 * (notices amended or withdrawn by the platform, which no client request can cause).
 */
export type CaseNeed = 'second-app-key' | 'mock-admin';

/**
 * Every rule-bearing bullet or table row of the national specification, keyed as the report and
 * docs/conformance.md cite it. A clause the platform cannot show (a duty of the client) says why.
 */
export interface Clause {
  text: string;
  /** Set when no request to the platform can observe the rule. */
  untestable?: string;
}

export interface ConformanceCase {
  /** Stable id, e.g. `trades.record.E4005.amount`. */
  id: string;
  endpoint: Endpoint;
  /** Keys of CLAUSES (clauses.ts) this case covers. */
  clauses: readonly string[];
  title: string;
  /** When given and not available in the run, the case is reported as not run, with the reason. */
  needs?: readonly CaseNeed[];
  run(ctx: CaseContext): Promise<void>;
}

export type CaseStatus = 'passed' | 'failed' | 'not-run';

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
  /** Why a case was not run. */
  reason?: string;
  checks: CheckRecord[];
  durationMs: number;
}

export interface ConformanceSummaryRow {
  endpoint: Endpoint;
  passed: number;
  failed: number;
  notRun: number;
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
  /** Cases whose needs (a second appKey, the mock's admin endpoint) were not given. */
  notRun: number;
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
  /** A second appKey, with a region scope in another province: runs the notice cases between two regions (§8). */
  second?: SecondAppKey;
  /** Origin of the bundled mock's admin endpoint (`http://host:port`): runs the cases of amended and withdrawn notices. */
  mockAdmin?: string;
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

export interface SecondAppKey {
  appKey: string;
  appSecret: string;
  /** 2, 4 or 6 digits; must not overlap the first appKey's scope. */
  regionScope: string;
}
