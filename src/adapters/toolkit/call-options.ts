import type { JSONSchemaType } from 'ajv';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_RESPONSE_BYTES } from '../http';
import type { RetryPolicy } from './retry';

/**
 * The options every kind accepts under the same names: how an instance calls its source. Each
 * kind's options schema spreads `callOptionsProperties(its defaults)` into its own properties.
 * `null` means the default, as absence does.
 */
export interface CallOptions {
  /** Time allowed for one request, response body included. */
  timeoutMs?: number;
  /** Largest response body accepted, in bytes; larger is BODY_TOO_LARGE (source-subsystems §5.9). */
  maxResponseBytes?: number;
  /** Requests per second the instance sends at most, all endpoints together; 0 = unpaced. */
  requestsPerSecond?: number;
  /** Attempts and delays for transient failures within one read. */
  retry?: RetryOptions;
  /** @deprecated `retry.maxAttempts` − 1 (retries after the first attempt). */
  retryAttempts?: number;
  /** @deprecated `retry.baseDelayMs`. */
  retryBaseDelayMs?: number;
  /** @deprecated `retry.maxDelayMs`, and `retry.maxRetryAfterMs` when that is not declared. */
  retryMaxDelayMs?: number;
}

export type RetryOptions = { [K in keyof RetryPolicy]?: number };

export interface ResolvedCallOptions {
  timeoutMs: number;
  maxResponseBytes: number;
  requestsPerSecond: number;
  retry: RetryPolicy;
}

/** What a kind that says nothing else gets; each kind overrides what its source asks for. */
export const CALL_DEFAULTS: ResolvedCallOptions = Object.freeze({
  timeoutMs: 30_000,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  requestsPerSecond: 10,
  retry: Object.freeze({ maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 30_000 }),
});

/** Names of the common block used before it existed (market-csv, mvts-xml), with the option each became. */
export const DEPRECATED_CALL_OPTIONS = Object.freeze({
  retryAttempts: 'retry.maxAttempts',
  retryBaseDelayMs: 'retry.baseDelayMs',
  retryMaxDelayMs: 'retry.maxDelayMs',
} as const);

type DeprecatedName = keyof typeof DEPRECATED_CALL_OPTIONS;

const integer = (minimum: number, maximum: number, description: string) =>
  ({ type: 'integer', minimum, maximum, nullable: true, description }) as const;

/**
 * JSON Schema of the common block, with `defaults` as the kind's. The `retry` fields carry no schema
 * default, so that a deprecated name still in a declaration is not shadowed by a filled-in default;
 * resolveCallOptions applies them.
 */
export function callOptionsProperties(defaults: ResolvedCallOptions): JSONSchemaType<CallOptions>['properties'] {
  const r = defaults.retry;
  return {
    timeoutMs: { ...integer(100, 600_000, 'time allowed for one request, body included, in ms'), default: defaults.timeoutMs },
    maxResponseBytes: {
      ...integer(1024, MAX_RESPONSE_BYTES, 'largest response body accepted; larger is BODY_TOO_LARGE'),
      default: defaults.maxResponseBytes,
    },
    requestsPerSecond: {
      type: 'number',
      minimum: 0,
      maximum: 1000,
      nullable: true,
      default: defaults.requestsPerSecond,
      description: 'requests per second at most, all endpoints together; 0 = unpaced',
    },
    retry: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: [],
      description: 'attempts and delays for transient failures within one read',
      properties: {
        maxAttempts: integer(1, 20, `attempts of one call in all, the first included; default ${r.maxAttempts}`),
        baseDelayMs: integer(
          0,
          600_000,
          `first backoff delay; later ones are drawn up to a ceiling that doubles per attempt; default ${r.baseDelayMs}`,
        ),
        maxDelayMs: integer(0, 3_600_000, `cap of one backoff delay; default ${r.maxDelayMs}`),
        maxRetryAfterMs: integer(
          0,
          3_600_000,
          `a Retry-After longer than this ends the read instead of being waited for; default ${r.maxRetryAfterMs}`,
        ),
      },
    },
    retryAttempts: { ...integer(0, 10, 'deprecated: retry.maxAttempts − 1'), deprecated: true },
    retryBaseDelayMs: { ...integer(0, 60_000, 'deprecated: retry.baseDelayMs'), deprecated: true },
    retryMaxDelayMs: {
      ...integer(0, 3_600_000, 'deprecated: retry.maxDelayMs (and retry.maxRetryAfterMs when not declared)'),
      deprecated: true,
    },
  };
}

const value = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The common block over the kind's defaults; a deprecated name counts where its new name is not declared. */
export function resolveCallOptions(options: CallOptions | null | undefined, defaults: ResolvedCallOptions): ResolvedCallOptions {
  const o = options ?? {};
  const r = o.retry ?? {};
  const attempts = value(o.retryAttempts);
  const maxDelay = value(o.retryMaxDelayMs);
  return {
    timeoutMs: value(o.timeoutMs) ?? defaults.timeoutMs,
    maxResponseBytes: value(o.maxResponseBytes) ?? defaults.maxResponseBytes,
    requestsPerSecond: value(o.requestsPerSecond) ?? defaults.requestsPerSecond,
    retry: {
      maxAttempts: value(r.maxAttempts) ?? (attempts === undefined ? undefined : attempts + 1) ?? defaults.retry.maxAttempts,
      baseDelayMs: value(r.baseDelayMs) ?? value(o.retryBaseDelayMs) ?? defaults.retry.baseDelayMs,
      maxDelayMs: value(r.maxDelayMs) ?? maxDelay ?? defaults.retry.maxDelayMs,
      maxRetryAfterMs: value(r.maxRetryAfterMs) ?? maxDelay ?? defaults.retry.maxRetryAfterMs,
    },
  };
}

/** Deprecated names a declaration's options use, each with what to write instead. */
export function deprecatedCallOptions(options: unknown): Array<{ name: DeprecatedName; message: string }> {
  if (options === null || typeof options !== 'object') return [];
  const o = options as Record<string, unknown>;
  const advice: Record<DeprecatedName, string> = {
    retryAttempts: 'declare retry.maxAttempts instead (attempts in all: retryAttempts + 1)',
    retryBaseDelayMs: 'declare retry.baseDelayMs instead',
    retryMaxDelayMs: 'declare retry.maxDelayMs instead (and retry.maxRetryAfterMs, which it also sets)',
  };
  return (Object.keys(DEPRECATED_CALL_OPTIONS) as DeprecatedName[])
    .filter((name) => o[name] !== undefined)
    .map((name) => ({ name, message: `options.${name} is deprecated; ${advice[name]}` }));
}

/** A deprecated name declared together with the option it became: which one counts would be a guess. */
export function conflictingCallOptions(options: unknown): string[] {
  if (options === null || typeof options !== 'object') return [];
  const o = options as Record<string, unknown>;
  const retry = (o.retry ?? {}) as Record<string, unknown>;
  return (Object.entries(DEPRECATED_CALL_OPTIONS) as Array<[DeprecatedName, string]>)
    .filter(([old, now]) => o[old] != null && retry[now.slice('retry.'.length)] != null)
    .map(([old, now]) => `/options/${old}: deprecated name of /options/${now.replace('.', '/')}; declare only ${now}`);
}
