import type { JSONSchemaType } from 'ajv';
import {
  CALL_DEFAULTS,
  callOptionsProperties,
  resolveCallOptions,
  type CallOptions,
  type ResolvedCallOptions,
} from '../toolkit/call-options';

/** Options of a `market-csv` instance (docs/adapters/market-csv.md): the common call options and these. */
export interface MarketOptions extends CallOptions {
  /** Unified social credit code of the market operator → `marketCode` of entries and trades (§3.1). */
  marketCode: string;
  /** Display name of the market (§3.1). */
  marketName?: string;
  /** Rows per export request, 1–5000 (§3.3). */
  limit?: number;
}

export interface ResolvedMarketOptions extends ResolvedCallOptions {
  marketCode: string;
  marketName?: string;
  limit: number;
}

/**
 * The system allows 5 requests per second per key (§3.5); 4 leaves a margin for timer jitter. A
 * Retry-After up to a minute is waited for; the nightly backup's longer 503 is left to the next pull.
 */
const CALL: ResolvedCallOptions = Object.freeze({
  ...CALL_DEFAULTS,
  requestsPerSecond: 4,
  retry: Object.freeze({ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000, maxRetryAfterMs: 60_000 }),
});

export const MARKET_DEFAULTS = Object.freeze({ ...CALL, limit: 1000 });

/** Default lookback of §5.10 for market streams, in sequence numbers (a stream's `lookbackRows` overrides it). */
export const DEFAULT_LOOKBACK_ROWS = 200;

const CREDIT_CODE_SHAPE = '^[0-9A-HJ-NP-RTUWXY]{18}$';

export const marketOptionsSchema: JSONSchemaType<MarketOptions> = {
  type: 'object',
  additionalProperties: false,
  required: ['marketCode'],
  properties: {
    ...callOptionsProperties(CALL),
    marketCode: { type: 'string', pattern: CREDIT_CODE_SHAPE },
    marketName: { type: 'string', minLength: 1, maxLength: 100, nullable: true },
    limit: { type: 'integer', minimum: 1, maximum: 5000, default: MARKET_DEFAULTS.limit, nullable: true },
  },
};

/** Options with every default filled in; `null` (allowed by the schema) means the default. */
export function resolveMarketOptions(options: MarketOptions): ResolvedMarketOptions {
  const out: ResolvedMarketOptions = {
    ...resolveCallOptions(options, CALL),
    marketCode: options?.marketCode,
    limit: typeof options?.limit === 'number' ? options.limit : MARKET_DEFAULTS.limit,
  };
  if (typeof options?.marketName === 'string') out.marketName = options.marketName;
  return out;
}
