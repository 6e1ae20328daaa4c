import type { QueryResult } from 'pg';
import type { Db } from '../db/pool';
import type { Logger } from '../log';

/**
 * Retention: removes, in bounded chunks, raw revisions and national versions older than the retention
 * age that nothing needs any more. Kept: the newest revision of every source key and the latest version
 * of every record (versions and de-duplication are computed from them), anything with an open
 * quarantine entry, and anything not yet delivered. Quarantined records are never pruned.
 */
export async function prune(db: Db, opts: { days: number; chunk?: number; log: Logger }): Promise<{ nationalRecords: number; sourceRecords: number; pages: number }> {
  const chunk = opts.chunk ?? 5000;
  const result = { nationalRecords: 0, sourceRecords: 0, pages: 0 };
  const loop = async (sql: string, deleted: (r: QueryResult) => number = (r) => r.rowCount ?? 0): Promise<number> => {
    let total = 0;
    for (;;) {
      const n = deleted(await db.query(sql, [opts.days, chunk]));
      total += n;
      if (n < chunk) return total;
    }
  };
  // Accepted, duplicate or superseded versions (not queued, not refused, in no batch under way) that a
  // newer version follows; their exception rows go with them.
  result.nationalRecords = await loop(
    `WITH gone AS (
       DELETE FROM national_records WHERE id IN (
         SELECT n.id FROM national_records n
          WHERE n.created_at < now() - make_interval(days => $1)
            AND EXISTS (SELECT 1 FROM national_records l WHERE l.record_id = n.record_id AND l.interface = n.interface AND l.version > n.version)
            AND NOT EXISTS (SELECT 1 FROM pending_records p WHERE p.interface = n.interface AND p.id = n.id)
            AND NOT EXISTS (SELECT 1 FROM record_outcomes o WHERE o.id = n.id AND o.state = 'rejected')
            AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.record_ids @> ARRAY[n.id] AND b.state NOT IN ('delivered', 'split'))
            AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.national_record_id = n.id AND q.resolved_at IS NULL)
          LIMIT $2)
       RETURNING id
     ), outcomes AS (DELETE FROM record_outcomes WHERE id IN (SELECT id FROM gone))
     SELECT count(*)::int AS n FROM gone`,
    (r) => r.rows[0].n as number,
  );
  result.sourceRecords = await loop(
    `DELETE FROM source_records WHERE id IN (
       SELECT s.id FROM source_records s
        WHERE s.pulled_at < now() - make_interval(days => $1)
          AND EXISTS (SELECT 1 FROM source_records l WHERE l.adapter_id = s.adapter_id AND l.stream = s.stream AND l.source_key = s.source_key
                        AND (l.ordering_key, l.id) > (s.ordering_key, s.id))
          AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.source_record_id = s.id AND q.resolved_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM national_records n WHERE n.source_record_id = s.id)
        LIMIT $2)`,
  );
  result.pages = await loop(
    `DELETE FROM source_pages WHERE id IN (
       SELECT p.id FROM source_pages p WHERE p.pulled_at < now() - make_interval(days => $1)
          AND NOT EXISTS (SELECT 1 FROM source_records s WHERE s.page_id = p.id) LIMIT $2)`,
  );
  opts.log.info('retention pruning done', { event: 'prune:done', ...result, days: opts.days });
  return result;
}
