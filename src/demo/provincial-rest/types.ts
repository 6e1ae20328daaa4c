export const PROVINCIAL_STREAMS = ['enterprises', 'batches', 'inspections', 'certificates'] as const;
export type ProvincialStream = (typeof PROVINCIAL_STREAMS)[number];

/** What a fault may hit: a stream's list endpoint, the token endpoint (`auth`) or the enterprise lookup. */
export type FaultTarget = ProvincialStream | 'auth' | 'lookup';

export const FAULT_NAMES = [
  'timeout',
  'serverError',
  'rateLimit',
  'tokenExpiry',
  'cursorExpired',
  'truncatedBody',
  'wrongEncoding',
  'duplicateRows',
  'lateRecords',
  'unexpectedResponse',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/**
 * When a fault fires. Any of: with `probability` per matching request (drawn from the fault seed), at the
 * `requests`-th request of a target (1-based, every request counted, retries included), or on the first
 * request for page n of a pull (`pages`, 1 = the request without cursor; a repeat of that same request
 * does not fire again). `targets` defaults to the four streams; `auth` and `lookup` are hit only when
 * named. `times` caps how often the rule fires in all.
 */
export interface FaultRule {
  probability?: number;
  requests?: number[];
  pages?: number[];
  targets?: FaultTarget[];
  times?: number;
}

export interface ProvincialFaults {
  /** Seed of the fault draws (probabilities, truncation points, variants); default: the simulator's seed. */
  seed?: number;
  /** Accept the request and never answer. */
  timeout?: FaultRule;
  /** 500 code 50001, 503 code 50301 with Retry-After, or 502/504 with an HTML body; `status` fixes one. */
  serverError?: FaultRule & { status?: 500 | 502 | 503 | 504; retryAfterSeconds?: number };
  /** 429 code 42901 with Retry-After (default 1 s; the token endpoint always says 60). */
  rateLimit?: FaultRule & { retryAfterSeconds?: number };
  /** The token in use is revoked: 401 code 40101. Never hits the first request made with a fresh token. */
  tokenExpiry?: FaultRule;
  /** 400 code 40002 on a request that carries a cursor. */
  cursorExpired?: FaultRule;
  /** HTTP 200 whose body is cut at a random character boundary, connection closed normally. */
  truncatedBody?: FaultRule;
  /** The JSON body encoded in GBK while labelled UTF-8 (only where that is detectable). */
  wrongEncoding?: FaultRule;
  /** The last record of the previous page is served again at the top of the page. */
  duplicateRows?: FaultRule;
  /** Before answering, a new record appears with a `gxsj` already served (`lateBySeconds` before the newest served, default 120). */
  lateRecords?: FaultRule & { lateBySeconds?: number };
  /** HTTP 200 with an HTML page, a JSON body without envelope, or a non-zero code. */
  unexpectedResponse?: FaultRule & { variant?: 'html' | 'noEnvelope' | 'nonZeroCode' };
  /** Share of newly generated records that carry a defect of the dirty-* samples (overrides `dirtyShare`). */
  dirtyRecords?: { share: number };
}

export interface ProvincialSimulatorOptions {
  appId: string;
  appSecret: string;
  /** Seed of the data set and, unless faults name their own, of the faults. Default 1. */
  seed?: number;
  /** Records per stream in the initial data set: one count for every stream, or a count per stream (40 for a stream not named). Default 40. */
  initialRecords?: number | Partial<Record<ProvincialStream, number>>;
  /** New records and revisions per minute of simulated time while running. Default 6; 0 = a frozen data set. */
  newRecordsPerMinute?: number;
  /** Share of generated records carrying a defect of the dirty-* samples. Default 0.1. */
  dirtyShare?: number;
  faults?: ProvincialFaults;
  /** Clock (epoch ms); default Date.now. Drives gxsj, token and cursor expiry, and the flow of new records. */
  now?: () => number;
  /** Life of a cursor (§2.4: 10 minutes). */
  cursorTtlMs?: number;
  /** `expiresIn` of issued tokens (§2.3: 7200). */
  tokenTtlSeconds?: number;
  /** `sourceSystem` of the instance reading this simulator, for the recordIds of catalog(). Default gs-provincial. */
  sourceSystem?: string;
  /** Requests per second per appId before 429 (§2.6: 10); 0 = unlimited. */
  rateLimitPerSecond?: number;
  /** Token requests per appId per hour before 429 with Retry-After 60 (§2.3: 60); 0 = unlimited. */
  tokenRequestsPerHour?: number;
}

/** What the gateway must end up with for a record's newest revision. */
export type Expected = 'valid' | 'deleted' | { reason: string };

export interface CatalogEntry {
  stream: ProvincialStream;
  sourceKey: string;
  recordId: string;
  expected: Expected;
}

/** One request as the simulator saw and answered it. */
export interface SimRequest {
  seq: number;
  target: FaultTarget | 'admin' | 'other';
  method: string;
  path: string;
  status: number;
  page?: number;
  fault?: FaultName;
}

export interface ProvincialSimulator {
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  setFaults(faults: ProvincialFaults): void;
  faults(): ProvincialFaults;
  /** Every record served or to be served, with the expected outcome of its newest revision. */
  catalog(): CatalogEntry[];
  /** Newest revisions of a stream in feed order (gxsj, id). */
  records(stream: ProvincialStream): Record<string, unknown>[];
  /** Requests received so far (the last 10,000). */
  requests(): readonly SimRequest[];
}
