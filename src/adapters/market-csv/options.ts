import type { JSONSchemaType } from 'ajv';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_RESPONSE_BYTES } from '../http';

/** Kind-specific options of a `market-csv` instance (docs/adapters/market-csv.md). */
export interface MarketOptions {
  /** Unified social credit code of the market operator → `marketCode` of entries and trades (§3.1). */
  marketCode: string;
  /** Display name of the market (§3.1). */
  marketName?: string;
  /** Rows per export request, 1–5000 (§3.3). */
  limit?: number;
  /** Bodies above this size are BODY_TOO_LARGE (§5.9). */
  maxResponseBytes?: number;
  timeoutMs?: number;
  /** Pacing of all requests of the instance; the system allows 5 per second per key (§3.5), 4 leaves a margin for timer jitter. 0 = unpaced. */
  requestsPerSecond?: number;
  /** Retries of one page after a transient failure (5xx, 429, timeout, bad body) within one read. */
  retryAttempts?: number;
  retryBaseDelayMs?: number;
  /** Cap of one backoff delay; a Retry-After above it ends the read (the next scheduled pull goes on). */
  retryMaxDelayMs?: number;
}

export type ResolvedMarketOptions = Required<Omit<MarketOptions, 'marketName'>> & { marketName?: string };

export const MARKET_DEFAULTS = Object.freeze({
  limit: 1000,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  timeoutMs: 30_000,
  requestsPerSecond: 4,
  retryAttempts: 3,
  retryBaseDelayMs: 1000,
  retryMaxDelayMs: 60_000,
});

/** Default lookback of §5.10 for market streams, in sequence numbers (a stream's `lookbackRows` overrides it). */
export const DEFAULT_LOOKBACK_ROWS = 200;

const CREDIT_CODE_SHAPE = '^[0-9A-HJ-NP-RTUWXY]{18}$';

const int = (minimum: number, maximum: number, dflt: number) =>
  ({ type: 'integer', minimum, maximum, default: dflt, nullable: true }) as const;

export const marketOptionsSchema: JSONSchemaType<MarketOptions> = {
  type: 'object',
  additionalProperties: false,
  required: ['marketCode'],
  properties: {
    marketCode: { type: 'string', pattern: CREDIT_CODE_SHAPE },
    marketName: { type: 'string', minLength: 1, maxLength: 100, nullable: true },
    limit: int(1, 5000, MARKET_DEFAULTS.limit),
    maxResponseBytes: int(1024, MAX_RESPONSE_BYTES, MARKET_DEFAULTS.maxResponseBytes),
    timeoutMs: int(100, 10 * 60_000, MARKET_DEFAULTS.timeoutMs),
    requestsPerSecond: { type: 'number', minimum: 0, maximum: 1000, default: MARKET_DEFAULTS.requestsPerSecond, nullable: true },
    retryAttempts: int(0, 10, MARKET_DEFAULTS.retryAttempts),
    retryBaseDelayMs: int(0, 60_000, MARKET_DEFAULTS.retryBaseDelayMs),
    retryMaxDelayMs: int(0, 60 * 60_000, MARKET_DEFAULTS.retryMaxDelayMs),
  },
};

/** Options with every default filled in; `null` (allowed by the schema) means the default. */
export function resolveMarketOptions(options: MarketOptions): ResolvedMarketOptions {
  const out: Record<string, unknown> = { ...MARKET_DEFAULTS };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (typeof value === 'number' && key in MARKET_DEFAULTS) out[key] = value;
  }
  out.marketCode = options?.marketCode;
  if (typeof options?.marketName === 'string') out.marketName = options.marketName;
  return out as ResolvedMarketOptions;
}
