import type { JSONSchemaType } from 'ajv';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_RESPONSE_BYTES } from '../http';

/** Kind-specific options of an `mvts-xml` instance (docs/adapters/mvts-xml.md). */
export interface MvtsOptions {
  /** `PageSize` of QueryRecords, 1–200. */
  pageSize?: number;
  /** Length of one UploadTime window; source-subsystems §5.10 allows at most one hour. */
  windowMinutes?: number;
  /** Windows end at least this long before now (§4.4.5); at least 2. */
  settleMinutes?: number;
  /** First pull of a stream without `startFrom`: windows start this long before now. */
  initialLookbackMinutes?: number;
  maxResponseBytes?: number;
  timeoutMs?: number;
  /** Pacing of all calls of the instance; the service allows 5 per second per account. 0 = unpaced. */
  requestsPerSecond?: number;
  /** Retries of one call after a transient failure (9999, 502/503/504, timeout, bad body). */
  retryAttempts?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Restarts of one window whose TotalCount keeps changing before the read gives up for this pull. */
  maxWindowRestarts?: number;
}

export type ResolvedMvtsOptions = Required<MvtsOptions>;

export const MVTS_DEFAULTS: ResolvedMvtsOptions = Object.freeze({
  pageSize: 200,
  windowMinutes: 60,
  settleMinutes: 2,
  initialLookbackMinutes: 24 * 60,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  timeoutMs: 30_000,
  requestsPerSecond: 4,
  retryAttempts: 4,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 30_000,
  maxWindowRestarts: 3,
});

/** Default lookback of §5.10 for mvts: 30 minutes (a stream's `lookbackSeconds` overrides it). */
export const DEFAULT_LOOKBACK_SECONDS = 30 * 60;

const int = (minimum: number, maximum: number, dflt: number) =>
  ({ type: 'integer', minimum, maximum, default: dflt, nullable: true }) as const;

export const mvtsOptionsSchema: JSONSchemaType<MvtsOptions> = {
  type: 'object',
  additionalProperties: false,
  required: [],
  properties: {
    pageSize: int(1, 200, MVTS_DEFAULTS.pageSize),
    windowMinutes: int(1, 60, MVTS_DEFAULTS.windowMinutes),
    settleMinutes: int(2, 24 * 60, MVTS_DEFAULTS.settleMinutes),
    initialLookbackMinutes: int(1, 366 * 24 * 60, MVTS_DEFAULTS.initialLookbackMinutes),
    maxResponseBytes: int(1024, MAX_RESPONSE_BYTES, MVTS_DEFAULTS.maxResponseBytes),
    timeoutMs: int(100, 10 * 60_000, MVTS_DEFAULTS.timeoutMs),
    requestsPerSecond: { type: 'number', minimum: 0, maximum: 1000, default: MVTS_DEFAULTS.requestsPerSecond, nullable: true },
    retryAttempts: int(0, 10, MVTS_DEFAULTS.retryAttempts),
    retryBaseDelayMs: int(0, 60_000, MVTS_DEFAULTS.retryBaseDelayMs),
    retryMaxDelayMs: int(0, 10 * 60_000, MVTS_DEFAULTS.retryMaxDelayMs),
    maxWindowRestarts: int(0, 20, MVTS_DEFAULTS.maxWindowRestarts),
  },
};

/** Options with every default filled in; `null` (allowed by the schema) means the default. */
export function resolveMvtsOptions(options: MvtsOptions | undefined): ResolvedMvtsOptions {
  const out: Record<string, number> = { ...MVTS_DEFAULTS };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (typeof value === 'number' && key in MVTS_DEFAULTS) out[key] = value;
  }
  return out as unknown as ResolvedMvtsOptions;
}
