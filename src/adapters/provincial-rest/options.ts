import {
  CALL_DEFAULTS,
  callOptionsProperties,
  resolveCallOptions,
  type CallOptions,
  type ResolvedCallOptions,
} from '../toolkit/call-options';

/** Options of a `provincial-rest` instance (`options` of its declaration): the common call options and these. */
export interface ProvincialOptions extends CallOptions {
  /** Records per page, 1–500 (§2.4); default 100. */
  pageSize?: number;
  /** Restarts of one read after an expired cursor (40002) without progress before the read fails. */
  maxCursorRestarts?: number;
}

export interface ResolvedProvincialOptions extends ResolvedCallOptions {
  pageSize: number;
  maxCursorRestarts: number;
}

/** §2.6: 10 requests per second per appId; a Retry-After over 30 s is left to the next pull. */
const CALL: ResolvedCallOptions = Object.freeze({
  ...CALL_DEFAULTS,
  requestsPerSecond: 10,
  retry: Object.freeze({ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 30_000 }),
});

export const DEFAULT_OPTIONS: ResolvedProvincialOptions = Object.freeze({ ...CALL, pageSize: 100, maxCursorRestarts: 3 });

/** JSON Schema of the options; the declaration loader applies the defaults. */
export const provincialOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...callOptionsProperties(CALL),
    pageSize: { type: 'integer', minimum: 1, maximum: 500, default: DEFAULT_OPTIONS.pageSize },
    maxCursorRestarts: { type: 'integer', minimum: 0, maximum: 100, default: DEFAULT_OPTIONS.maxCursorRestarts },
  },
} as const;

/** Declared options over the defaults (a declaration that skipped the loader still gets them). */
export function resolveOptions(options: ProvincialOptions | undefined): ResolvedProvincialOptions {
  const o = options ?? {};
  return {
    ...resolveCallOptions(o, CALL),
    pageSize: o.pageSize ?? DEFAULT_OPTIONS.pageSize,
    maxCursorRestarts: o.maxCursorRestarts ?? DEFAULT_OPTIONS.maxCursorRestarts,
  };
}
