import type { JSONSchemaType } from 'ajv';
import {
  CALL_DEFAULTS,
  callOptionsProperties,
  resolveCallOptions,
  type CallOptions,
  type ResolvedCallOptions,
} from '../toolkit/call-options';

/** Options of an `mvts-xml` instance (docs/adapters/mvts-xml.md): the common call options and these. */
export interface MvtsOptions extends CallOptions {
  /** `PageSize` of QueryRecords, 1–200. */
  pageSize?: number;
  /** Length of one UploadTime window; source-subsystems §5.10 allows at most one hour. */
  windowMinutes?: number;
  /** Windows end at least this long before now (§4.4.5); at least 2. */
  settleMinutes?: number;
  /** First pull of a stream without `startFrom`: windows start this long before now. */
  initialLookbackMinutes?: number;
  /** Restarts of one window whose records keep moving (TotalCount changes, re-uploads into it) before the read gives up for this pull. */
  maxWindowRestarts?: number;
}

export interface ResolvedMvtsOptions extends ResolvedCallOptions {
  pageSize: number;
  windowMinutes: number;
  settleMinutes: number;
  initialLookbackMinutes: number;
  maxWindowRestarts: number;
}

/** The service allows 5 calls per second per account; 4 leaves a margin for timer jitter. */
const CALL: ResolvedCallOptions = Object.freeze({
  ...CALL_DEFAULTS,
  requestsPerSecond: 4,
  retry: Object.freeze({ maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 30_000 }),
});

const OWN = Object.freeze({
  pageSize: 200,
  windowMinutes: 60,
  settleMinutes: 2,
  initialLookbackMinutes: 24 * 60,
  maxWindowRestarts: 3,
});

export const MVTS_DEFAULTS: ResolvedMvtsOptions = Object.freeze({ ...CALL, ...OWN });

/** Default lookback of §5.10 for mvts: 30 minutes (a stream's `lookbackSeconds` overrides it). */
export const DEFAULT_LOOKBACK_SECONDS = 30 * 60;

const int = (minimum: number, maximum: number, dflt: number) =>
  ({ type: 'integer', minimum, maximum, default: dflt, nullable: true }) as const;

export const mvtsOptionsSchema: JSONSchemaType<MvtsOptions> = {
  type: 'object',
  additionalProperties: false,
  required: [],
  properties: {
    ...callOptionsProperties(CALL),
    pageSize: int(1, 200, OWN.pageSize),
    windowMinutes: int(1, 60, OWN.windowMinutes),
    settleMinutes: int(2, 24 * 60, OWN.settleMinutes),
    initialLookbackMinutes: int(1, 366 * 24 * 60, OWN.initialLookbackMinutes),
    maxWindowRestarts: int(0, 20, OWN.maxWindowRestarts),
  },
};

/** Options with every default filled in; `null` (allowed by the schema) means the default. */
export function resolveMvtsOptions(options: MvtsOptions | undefined): ResolvedMvtsOptions {
  const own: Record<string, number> = { ...OWN };
  for (const key of Object.keys(OWN)) {
    const value = (options as Record<string, unknown> | undefined)?.[key];
    if (typeof value === 'number') own[key] = value;
  }
  return { ...resolveCallOptions(options, CALL), ...(own as typeof OWN) };
}
