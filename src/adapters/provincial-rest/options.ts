import { DEFAULT_MAX_RESPONSE_BYTES, MAX_RESPONSE_BYTES } from '../http';

/** Options of a `provincial-rest` instance (`options` of its declaration). */
export interface ProvincialOptions {
  /** Records per page, 1–500 (§2.4); default 100. */
  pageSize?: number;
  /** Largest response body accepted, in bytes; larger is BODY_TOO_LARGE (§5.9). Default 32 MiB. */
  maxResponseBytes?: number;
  /** Time allowed for one request, response body included. Default 30 s. */
  timeoutMs?: number;
  /** Requests per second this instance sends at most, all endpoints together (§2.6: 10); 0 = unpaced. */
  requestsPerSecond?: number;
  /** Attempts and delays for transient failures within one read. */
  retry?: ProvincialRetryOptions;
  /** Restarts of one read after an expired cursor (40002) without progress before the read fails. */
  maxCursorRestarts?: number;
}

export interface ProvincialRetryOptions {
  /** Attempts of one request in all, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt, with jitter. Default 1000 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff delay. Default 30 s. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for inside a read: the read fails and the next scheduled pull goes on. Default 30 s. */
  maxRetryAfterMs?: number;
}

export type ResolvedProvincialOptions = Required<Omit<ProvincialOptions, 'retry'>> & { retry: Required<ProvincialRetryOptions> };

export const DEFAULT_OPTIONS: ResolvedProvincialOptions = Object.freeze({
  pageSize: 100,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  timeoutMs: 30_000,
  requestsPerSecond: 10,
  maxCursorRestarts: 3,
  retry: Object.freeze({ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 30_000 }),
});

/** JSON Schema of the options; the declaration loader applies the defaults. */
export const provincialOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pageSize: { type: 'integer', minimum: 1, maximum: 500, default: DEFAULT_OPTIONS.pageSize },
    maxResponseBytes: { type: 'integer', minimum: 1024, maximum: MAX_RESPONSE_BYTES, default: DEFAULT_OPTIONS.maxResponseBytes },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 600_000, default: DEFAULT_OPTIONS.timeoutMs },
    requestsPerSecond: { type: 'number', minimum: 0, maximum: 1000, default: DEFAULT_OPTIONS.requestsPerSecond },
    maxCursorRestarts: { type: 'integer', minimum: 0, maximum: 100, default: DEFAULT_OPTIONS.maxCursorRestarts },
    retry: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
        baseDelayMs: { type: 'integer', minimum: 0, maximum: 600_000 },
        maxDelayMs: { type: 'integer', minimum: 0, maximum: 3_600_000 },
        maxRetryAfterMs: { type: 'integer', minimum: 0, maximum: 3_600_000 },
      },
    },
  },
} as const;

/** Declared options over the defaults (a declaration that skipped the loader still gets them). */
export function resolveOptions(options: ProvincialOptions | undefined): ResolvedProvincialOptions {
  const o = options ?? {};
  return {
    pageSize: o.pageSize ?? DEFAULT_OPTIONS.pageSize,
    maxResponseBytes: o.maxResponseBytes ?? DEFAULT_OPTIONS.maxResponseBytes,
    timeoutMs: o.timeoutMs ?? DEFAULT_OPTIONS.timeoutMs,
    requestsPerSecond: o.requestsPerSecond ?? DEFAULT_OPTIONS.requestsPerSecond,
    maxCursorRestarts: o.maxCursorRestarts ?? DEFAULT_OPTIONS.maxCursorRestarts,
    retry: { ...DEFAULT_OPTIONS.retry, ...o.retry },
  };
}
