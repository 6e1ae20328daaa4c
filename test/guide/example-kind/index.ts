import type { AdapterKind } from '../../../src/adapters/types';
import { createJsonlFeedAdapter } from './adapter';
import { jsonlFeedOptionsSchema, type JsonlFeedOptions } from './options';

/** A JSON-lines feed of farms (the worked example of docs/connect-a-source.md). */
export const jsonlFeed: AdapterKind<JsonlFeedOptions> = {
  kind: 'jsonl-feed',
  streams: { farms: { orderedByCursor: true, interface: 'subjects' } },
  backfillWindow: { unit: 'sequence', holds: 'lines whose seq is above from and below until' },
  optionsSchema: jsonlFeedOptionsSchema,
  credentialFields: ['token'],
  create: (decl, deps) => createJsonlFeedAdapter(decl, deps),
};
