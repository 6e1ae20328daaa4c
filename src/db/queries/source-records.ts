import { textArrayLiteral } from '../array-literal';
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
 * A JSON array of [source key, newest ordering key, stored hashes among `hashes`] for each key of the
 * array `keys` already staged in the stream (SQL expressions). Each key is one index probe, whatever
 * the table's statistics say: a plan that filtered the stream's rows by the key list read every
 * revision of the stream, on every page (150 ms a page at 100,000 revisions).
 */
export function storedRevisionsJson(adapterId: string, stream: string, keys: string, hashes: string): string {
  return `(SELECT coalesce(json_agg(json_build_array(k.source_key, e.newest, e.hashes)), '[]'::json)
       FROM unnest(${keys}) AS k(source_key)
       CROSS JOIN LATERAL (SELECT count(*) AS n, max(ordering_key) AS newest,
                                  array_agg(content_hash) FILTER (WHERE content_hash = ANY(${hashes})) AS hashes
                             FROM source_records
                            WHERE adapter_id = ${adapterId} AND source_key = k.source_key AND stream = ${stream}) e
      WHERE e.n > 0)`;
}

/** The parameters of storedRevisionsJson: the rows' distinct keys and hashes, as array text. */
export function storedRevisionsParams(rows: ReadonlyArray<{ sourceKey: string; contentHash: string }>): [string, string] {
  return [textArrayLiteral([...new Set(rows.map((x) => x.sourceKey))]), textArrayLiteral([...new Set(rows.map((x) => x.contentHash))])];
}

/** StoredRevisions from storedRevisionsJson's value and the drawn ids. */
export function readStoredRevisions(existing: unknown, ids: unknown): StoredRevisions {
  const newest = new Map<string, string>();
  const stored = new Set<string>();
  for (const [key, orderingKey, hashes] of existing as Array<[string, string, string[] | null]>) {
    newest.set(key, orderingKey);
    for (const h of hashes ?? []) stored.add(revisionKey(key, h));
  }
  return { newest, stored, ids: drawnIds(ids) };
}

/**
 * One round trip before revisions are written: which of them exist, the newest stored ordering key
 * of each of their source keys, and ids for the new rows (so national versions and quarantine
 * entries can point at a source row written with its outcome).
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
    text: `SELECT ${storedRevisionsJson('$1', '$2', '$3::text[]', '$4::text[]')} AS existing,
            ${drawIds('source_records_id_seq', '$5')} AS ids`,
    values: [adapterId, stream, ...storedRevisionsParams(rows), rows.length],
  });
  return readStoredRevisions(r.rows[0].existing, r.rows[0].ids);
}

export interface SourceRowWithOutcome extends NewSourceRecord {
  id: number;
  outcome: string;
  nationalRecordId: number | null;
  /** The row of the page it came in (source_pages), when not the one given for all rows. */
  pageId?: number | null;
}

/** About the bytes of a revision's row besides its payload and raw text: ids, keys, hash and outcome. */
const ROW_BESIDE_PAYLOAD = 256;

/**
 * Writes revisions together with their outcome, ids drawn by storedRevisions, by COPY, each payload as
 * its canonical text (the column is \`json\`, kept as written). Returns how many have each outcome,
 * for the caller to count (StagingWrites.countSourceOutcome).
 */
export async function copySourceRows(
  tx: Tx,
  adapterId: string,
  stream: string,
  pageId: number | null,
  rows: readonly SourceRowWithOutcome[],
): Promise<Map<string, number>> {
  const byOutcome = new Map<string, number>();
  if (rows.length === 0) return byOutcome;
  let expected = 0;
  for (const x of rows) expected += (x.payloadText?.length ?? 1024) + (x.rawText?.length ?? 0) + ROW_BESIDE_PAYLOAD;
  const copy = new CopyRows(expected);
  for (const x of rows) {
    copy.add([
      x.id,
      adapterId,
      stream,
      x.pageId === undefined ? pageId : x.pageId,
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
  return byOutcome;
}

/** copySourceRows, then the counts by outcome. */
export async function insertSourceRowsWithOutcome(
  tx: Tx,
  adapterId: string,
  stream: string,
  pageId: number | null,
  rows: readonly SourceRowWithOutcome[],
): Promise<void> {
  const byOutcome = await copySourceRows(tx, adapterId, stream, pageId, rows);
  if (byOutcome.size === 0) return;
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
    values: [adapterId, stream, textArrayLiteral([...new Set(keys)])],
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
