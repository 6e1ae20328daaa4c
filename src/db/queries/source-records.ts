import { copyInto, CopyRows } from '../copy';
import { drawIds, drawnIds } from './sequence-ids';
import type { Queryable, Tx } from '../pool';
import { addSourceCounts } from './counters';

export interface NewSourceRecord {
  sourceKey: string;
  contentHash: string;
  /** The payload as JSON text, when already serialised (its canonical text, from the hash). */
  payloadText?: string;
  orderingKey: string;
  payload: unknown;
  rawText: string | null;
  deleted: boolean;
  warnings: unknown[] | null;
}

export interface StagedRevision {
  id: number;
  sourceKey: string;
  orderingKey: string;
  payload: unknown;
  deleted: boolean;
}

export async function insertSourcePage(
  db: Queryable,
  p: { adapterId: string; stream: string; meta: unknown; warnings: unknown },
): Promise<number> {
  const r = await db.query({
    name: 'source-page-insert',
    text: 'INSERT INTO source_pages (adapter_id, stream, meta, warnings) VALUES ($1, $2, $3, $4) RETURNING id',
    values: [
      p.adapterId,
      p.stream,
      p.meta === undefined ? null : JSON.stringify(p.meta),
      p.warnings === undefined ? null : JSON.stringify(p.warnings),
    ],
  });
  return r.rows[0].id as number;
}

/** What staging needs to know before it writes a page: revisions already stored, and ids to give the new ones. */
export interface StoredRevisions {
  /** The greatest ordering key already staged per source key (keys never staged are absent). */
  newest: Map<string, string>;
  /** `sourceKey \0 contentHash` of the given revisions that are already stored. */
  stored: Set<string>;
  /** Ascending ids drawn from the table's sequence, one per requested row. */
  ids: number[];
}

export const revisionKey = (sourceKey: string, contentHash: string): string => `${sourceKey}\u0000${contentHash}`;

/**
 * One round trip before a page is written: which of its revisions exist, the newest stored ordering
 * key of each of its source keys, and ids for its new rows (so national versions and quarantine
 * entries can point at a source row written in the same statement as its outcome). Each key is one
 * index probe, whatever the table's statistics say: a plan that filtered the stream's rows by the key
 * list read every revision of the stream, on every page (150 ms a page at 100,000 revisions).
 */
export async function storedRevisions(
  db: Queryable,
  adapterId: string,
  stream: string,
  rows: ReadonlyArray<{ sourceKey: string; contentHash: string }>,
): Promise<StoredRevisions> {
  if (rows.length === 0) return { newest: new Map(), stored: new Set(), ids: [] };
  const r = await db.query({
    name: 'source-stored-revisions',
    text: `SELECT (SELECT coalesce(json_agg(json_build_array(k.source_key, e.newest, e.hashes)), '[]'::json)
               FROM unnest($3::text[]) AS k(source_key)
               CROSS JOIN LATERAL (SELECT count(*) AS n, max(ordering_key) AS newest,
                                          array_agg(content_hash) FILTER (WHERE content_hash = ANY($4::text[])) AS hashes
                                     FROM source_records
                                    WHERE adapter_id = $1 AND source_key = k.source_key AND stream = $2) e
              WHERE e.n > 0) AS existing,
            ${drawIds('source_records_id_seq', '$5')} AS ids`,
    values: [adapterId, stream, [...new Set(rows.map((x) => x.sourceKey))], [...new Set(rows.map((x) => x.contentHash))], rows.length],
  });
  const newest = new Map<string, string>();
  const stored = new Set<string>();
  for (const [key, orderingKey, hashes] of r.rows[0].existing as Array<[string, string, string[] | null]>) {
    newest.set(key, orderingKey);
    for (const h of hashes ?? []) stored.add(revisionKey(key, h));
  }
  const ids = drawnIds(r.rows[0].ids);
  return { newest, stored, ids };
}

export interface SourceRowWithOutcome extends NewSourceRecord {
  id: number;
  outcome: string;
  nationalRecordId: number | null;
}

/**
 * Writes revisions together with their outcome, ids drawn by storedRevisions: the rows by COPY, each
 * payload as its canonical text (the column is `json`, kept as written), then the counts by outcome.
 */
export async function insertSourceRowsWithOutcome(
  tx: Tx,
  adapterId: string,
  stream: string,
  pageId: number | null,
  rows: readonly SourceRowWithOutcome[],
): Promise<void> {
  if (rows.length === 0) return;
  const copy = new CopyRows();
  const byOutcome = new Map<string, number>();
  for (const x of rows) {
    copy.add([
      x.id,
      adapterId,
      stream,
      pageId,
      x.sourceKey,
      x.contentHash,
      x.orderingKey,
      x.payloadText ?? JSON.stringify(x.payload),
      x.rawText,
      x.deleted,
      x.warnings && x.warnings.length ? JSON.stringify(x.warnings) : null,
      x.outcome,
      x.nationalRecordId,
    ]);
    byOutcome.set(x.outcome, (byOutcome.get(x.outcome) ?? 0) + 1);
  }
  await copyInto(tx, SOURCE_ROWS_COPY, copy);
  await tx.query({
    name: 'source-counts-add',
    text: addSourceCounts('SELECT $1::text, $2::text, o, n FROM unnest($3::text[], $4::bigint[]) AS u(o, n)'),
    values: [adapterId, stream, [...byOutcome.keys()], [...byOutcome.values()]],
  });
}

const SOURCE_ROWS_COPY =
  'source_records (id, adapter_id, stream, page_id, source_key, content_hash, ordering_key, payload, raw_text, deleted, warnings, outcome, national_record_id)';

/** The newest revision per key (greatest ordering key, then latest staged); one index probe per key. */
export async function newestRevisions(
  db: Queryable,
  adapterId: string,
  stream: string,
  keys: readonly string[],
): Promise<StagedRevision[]> {
  if (keys.length === 0) return [];
  const r = await db.query({
    name: 'source-newest-revisions',
    text: `SELECT n.id, k.source_key, n.ordering_key, n.payload, n.deleted
       FROM unnest($3::text[]) AS k(source_key)
       CROSS JOIN LATERAL (SELECT id, ordering_key, payload, deleted FROM source_records
                            WHERE adapter_id = $1 AND source_key = k.source_key AND stream = $2
                            ORDER BY ordering_key DESC, id DESC LIMIT 1) n`,
    values: [adapterId, stream, [...new Set(keys)]],
  });
  return r.rows.map((row) => ({
    id: row.id,
    sourceKey: row.source_key,
    orderingKey: row.ordering_key,
    payload: row.payload,
    deleted: row.deleted,
  }));
}

export async function setSourceOutcomes(
  db: Queryable,
  rows: ReadonlyArray<{ id: number; outcome: string; nationalRecordId: number | null; warnings: unknown[] | null }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `WITH before AS (SELECT id, adapter_id, stream, outcome FROM source_records WHERE id = ANY($1::bigint[])),
     changed AS (
       UPDATE source_records s SET outcome = u.o, national_record_id = COALESCE(u.n, s.national_record_id),
              warnings = CASE WHEN u.w IS NULL THEN s.warnings ELSE COALESCE(s.warnings, '[]'::jsonb) || u.w::jsonb END
         FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS u(id, o, n, w)
        WHERE s.id = u.id
       RETURNING s.id, s.outcome
     )
     ${addSourceCounts(`SELECT b.adapter_id, b.stream, x.outcome, sum(x.d) FROM before b JOIN changed c ON c.id = b.id
                           CROSS JOIN LATERAL (VALUES (b.outcome, -1), (c.outcome, 1)) AS x(outcome, d)
                          WHERE b.outcome <> c.outcome GROUP BY 1, 2, 3`)}`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.outcome),
      rows.map((r) => r.nationalRecordId),
      rows.map((r) => (r.warnings && r.warnings.length ? JSON.stringify(r.warnings) : null)),
    ],
  );
}
