import {
  CALL_DEFAULTS,
  callOptionsProperties,
  type CallOptions,
  type ResolvedCallOptions,
} from '../../../src/adapters/toolkit/call-options';

/** Options of a `jsonl-feed` instance: the common call options (timeouts, retry, pacing, size cap) and its own. */
export interface JsonlFeedOptions extends CallOptions {
  /** Lines per request, 1–1000; default 200. */
  pageSize?: number;
}

/** The feed's defaults for the common block: the gateway's, with responses of 8 MiB at most. */
export const JSONL_FEED_CALLS: ResolvedCallOptions = { ...CALL_DEFAULTS, maxResponseBytes: 8 * 1024 * 1024 };

/** Checked with the declaration (additionalProperties: false); the loader applies the defaults. */
export const jsonlFeedOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...callOptionsProperties(JSONL_FEED_CALLS),
    pageSize: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
  },
} as const;
