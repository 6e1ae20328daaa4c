export const MARKET_STREAM_NAMES = ['vendors', 'entries', 'sales'] as const;
export type MarketStreamName = (typeof MARKET_STREAM_NAMES)[number];

/**
 * Request faults of source-subsystems §5.12 for the market. `dirtyRecords` is a property of the
 * data, not of a request: it is set by `dirtyShare` (options or admin call) and applies to the
 * records generated from then on.
 */
export const MARKET_FAULT_KINDS = [
  'timeout',
  'serverError',
  'rateLimit',
  'truncatedBody',
  'wrongEncoding',
  'duplicateRows',
  'lateRecords',
  'unexpectedResponse',
] as const;
export type MarketFaultKind = (typeof MARKET_FAULT_KINDS)[number];

export interface ScheduledFault {
  stream: MarketStreamName;
  /** The n-th export request of the stream (1-based), counted since the simulator started. */
  request: number;
  kind: MarketFaultKind;
}

export interface MarketFaultConfig {
  seed?: number;
  /** Share (0…1) of export requests that get one of `kinds` (default: all kinds). */
  probability?: number;
  kinds?: MarketFaultKind[];
  /** Faults at chosen requests of a stream, in addition to the probabilistic ones. */
  at?: ScheduledFault[];
  /** `Retry-After` of 429 and 503 answers, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Status of `serverError` (default: 500 or 503, alternating by seed). */
  serverErrorStatus?: 500 | 503;
  /** k of `duplicateRows`: the page starts k rows before `since` (default 3). */
  duplicateRows?: number;
  /** Variant of `wrongEncoding` (default: either, by seed). */
  wrongEncoding?: 'utf8-labelled-gbk' | 'gbk-labelled-utf8';
  /** Share of records generated from now on that carry a defect of the `dirty-*` samples. */
  dirtyShare?: number;
}

/** What the gateway must end with for a record: delivered, deleted, or quarantined with this reason. */
export type Expected = 'valid' | 'deleted' | { reason: string };

export interface CatalogEntry {
  stream: MarketStreamName;
  sourceKey: string;
  recordId: string;
  expected: Expected;
}

export interface MarketSimulatorOptions {
  /** The key every request must carry in `X-Api-Key` (32–64 characters at a real market). */
  apiKey: string;
  seed?: number;
  /** Distinct records per stream generated at start (default 40). */
  initialRecords?: number | Partial<Record<MarketStreamName, number>>;
  /** New records and revisions per minute over all streams while running (default 0). */
  newRecordsPerMinute?: number;
  /** Share of generated records with a defect of the `dirty-*` samples (default 0.1). */
  dirtyShare?: number;
  /** The installation's charset: GBK (default) or UTF-8 with BOM. */
  charset?: 'gbk' | 'utf-8';
  faults?: MarketFaultConfig;
  now?: () => number;
  /** Requests per second per key before 429 (§3.5: 5); 0 disables the limit. */
  rateLimitPerSecond?: number;
  /** Used for the recordIds of `catalog()` (default `lz-jc-market`). */
  sourceSystem?: string;
}

export interface MarketSimulatorSummary {
  requests: Record<MarketStreamName, number>;
  faults: Partial<Record<MarketFaultKind, number>>;
  rows: Record<MarketStreamName, number>;
}

export interface MarketSimulator {
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  setFaults(faults: MarketFaultConfig): void;
  faults(): MarketFaultConfig;
  /** Every record served or to be served, with the expected outcome of its newest revision. */
  catalog(): CatalogEntry[];
  summary(): MarketSimulatorSummary;
}
