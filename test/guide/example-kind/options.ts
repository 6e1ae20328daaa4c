import { MAX_RESPONSE_BYTES } from '../../../src/adapters/http';

/** Options of a `jsonl-feed` instance (`options` of its declaration). */
export interface JsonlFeedOptions {
  /** Lines per request, 1–1000; default 200. */
  pageSize?: number;
  /** Time allowed for one request; default 30 s. */
  timeoutMs?: number;
  /** Largest response accepted, in bytes; default 8 MiB, at most the gateway's cap for every kind (64 MiB). */
  maxResponseBytes?: number;
}

/** Checked with the declaration (additionalProperties: false); the loader applies the defaults. */
export const jsonlFeedOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pageSize: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 600_000, default: 30_000 },
    maxResponseBytes: { type: 'integer', minimum: 1024, maximum: MAX_RESPONSE_BYTES, default: 8 * 1024 * 1024 },
  },
} as const;
