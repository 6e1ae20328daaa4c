import type { Db } from '../db/pool';
import { pruneNationalRecords, pruneSourcePages, pruneSourceRecords } from '../db/queries/retention';
import type { Logger } from '../log';

/**
 * Retention: removes, in bounded chunks, raw revisions and national versions older than the retention
 * age that nothing needs any more. Kept: the newest revision of every source key and the latest version
 * of every record (versions and de-duplication are computed from them), anything with an open
 * quarantine entry, and anything not yet delivered. Quarantined records are never pruned.
 */
export async function prune(
  db: Db,
  opts: { days: number; chunk?: number; log: Logger },
): Promise<{ nationalRecords: number; sourceRecords: number; pages: number }> {
  const chunk = opts.chunk ?? 5000;
  const result = { nationalRecords: 0, sourceRecords: 0, pages: 0 };
  const loop = async (pruneChunk: (db: Db, days: number, chunk: number) => Promise<number>): Promise<number> => {
    let total = 0;
    for (;;) {
      const n = await pruneChunk(db, opts.days, chunk);
      total += n;
      if (n < chunk) return total;
    }
  };
  result.nationalRecords = await loop(pruneNationalRecords);
  result.sourceRecords = await loop(pruneSourceRecords);
  result.pages = await loop(pruneSourcePages);
  opts.log.info('retention pruning done', { event: 'prune:done', ...result, days: opts.days });
  return result;
}
