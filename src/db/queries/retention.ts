import type { Queryable } from '../pool';
import { versionsUnderWay } from './batches';

/**
 * Retention deletes, one bounded chunk per call; each returns how many rows it removed, so the caller
 * repeats it until a chunk comes back short.
 */

/**
 * Accepted, duplicate or superseded versions (not queued, not refused, in no batch under way) older
 * than `days` that a newer version follows; their exception rows go with them. The versions in
 * batches under way are read once and anti-joined (versionsUnderWay).
 */
export async function pruneNationalRecords(db: Queryable, days: number, chunk: number): Promise<number> {
  const r = await db.query(
    `WITH under_way AS MATERIALIZED (${versionsUnderWay()}), gone AS (
       DELETE FROM national_records WHERE id IN (
         SELECT n.id FROM national_records n
          WHERE n.created_at < now() - make_interval(days => $1)
            AND EXISTS (SELECT 1 FROM national_records l WHERE l.record_id = n.record_id AND l.interface = n.interface AND l.version > n.version)
            AND NOT EXISTS (SELECT 1 FROM pending_records p WHERE p.interface = n.interface AND p.id = n.id)
            AND NOT EXISTS (SELECT 1 FROM record_outcomes o WHERE o.id = n.id AND o.state = 'rejected')
            AND NOT EXISTS (SELECT 1 FROM under_way u WHERE u.id = n.id)
            AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.national_record_id = n.id AND q.resolved_at IS NULL)
          LIMIT $2)
       RETURNING id
     ), outcomes AS (DELETE FROM record_outcomes WHERE id IN (SELECT id FROM gone))
     SELECT count(*)::int AS n FROM gone`,
    [days, chunk],
  );
  return r.rows[0].n as number;
}

/** Raw revisions older than `days` that a newer revision of the same key follows, with no open quarantine entry and no national version. */
export async function pruneSourceRecords(db: Queryable, days: number, chunk: number): Promise<number> {
  const r = await db.query(
    `DELETE FROM source_records WHERE id IN (
       SELECT s.id FROM source_records s
        WHERE s.pulled_at < now() - make_interval(days => $1)
          AND EXISTS (SELECT 1 FROM source_records l WHERE l.adapter_id = s.adapter_id AND l.stream = s.stream AND l.source_key = s.source_key
                        AND (l.ordering_key, l.id) > (s.ordering_key, s.id))
          AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.source_record_id = s.id AND q.resolved_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM national_records n WHERE n.source_record_id = s.id)
        LIMIT $2)`,
    [days, chunk],
  );
  return r.rowCount ?? 0;
}

/** Source pages older than `days` that no stored revision refers to any more. */
export async function pruneSourcePages(db: Queryable, days: number, chunk: number): Promise<number> {
  const r = await db.query(
    `DELETE FROM source_pages WHERE id IN (
       SELECT p.id FROM source_pages p WHERE p.pulled_at < now() - make_interval(days => $1)
          AND NOT EXISTS (SELECT 1 FROM source_records s WHERE s.page_id = p.id) LIMIT $2)`,
    [days, chunk],
  );
  return r.rowCount ?? 0;
}
