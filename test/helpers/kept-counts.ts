import type { Queryable } from '../../src/db/pool';

/** Rows of `select` as sorted JSON texts, inside the one statement below. */
const rows = (select: string) =>
  `(SELECT coalesce(array_agg(row_to_json(x)::text ORDER BY row_to_json(x)::text), '{}') FROM (${select}) x)`;

/**
 * The kept counts next to the same counts taken from the tables, read in one statement (one snapshot,
 * so a gateway still running cannot move a record between the two reads); equal unless a write path
 * forgot to count. Only for data no retention has touched (retention does not take counts back).
 */
export async function keptAndCountedAgain(db: Queryable) {
  const r = await db.query(
    `SELECT ${rows(`SELECT adapter_id, interface, state, sum(n)::int AS n FROM record_counts GROUP BY 1, 2, 3 HAVING sum(n) <> 0`)} AS kept_records,
            ${rows(`SELECT adapter_id, interface, state, count(*)::int AS n FROM national_record_states GROUP BY 1, 2, 3`)} AS counted_records,
            ${rows(`SELECT adapter_id, stream, outcome, sum(n)::int AS n FROM source_counts GROUP BY 1, 2, 3 HAVING sum(n) <> 0`)} AS kept_sources,
            ${rows(`SELECT adapter_id, stream, outcome, count(*)::int AS n FROM source_records GROUP BY 1, 2, 3`)} AS counted_sources,
            ${rows(`SELECT adapter_id, stream, interface, stage, sum(n)::int AS n FROM quarantine_counts GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`)} AS kept_quarantine,
            ${rows(`SELECT adapter_id, stream, COALESCE(interface, '') AS interface, stage, count(*)::int AS n FROM quarantine WHERE resolved_at IS NULL GROUP BY 1, 2, 3, 4`)} AS counted_quarantine`,
  );
  const x = r.rows[0] as Record<string, string[]>;
  return {
    kept: { records: x.kept_records, sources: x.kept_sources, quarantine: x.kept_quarantine },
    counted: { records: x.counted_records, sources: x.counted_sources, quarantine: x.counted_quarantine },
  };
}
