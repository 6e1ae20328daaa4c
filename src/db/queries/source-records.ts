import type { Queryable } from '../pool';

export interface NewSourceRecord {
  sourceKey: string;
  contentHash: string;
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

export async function insertSourcePage(db: Queryable, p: { adapterId: string; stream: string; meta: unknown; warnings: unknown }): Promise<number> {
  const r = await db.query(
    'INSERT INTO source_pages (adapter_id, stream, meta, warnings) VALUES ($1, $2, $3, $4) RETURNING id',
    [p.adapterId, p.stream, p.meta === undefined ? null : JSON.stringify(p.meta), p.warnings === undefined ? null : JSON.stringify(p.warnings)],
  );
  return r.rows[0].id as number;
}

/** Inserts revisions; a revision already stored (same key and content hash) is skipped. Returns the new ones. */
export async function insertSourceRecords(
  db: Queryable,
  adapterId: string,
  stream: string,
  pageId: number | null,
  rows: readonly NewSourceRecord[],
): Promise<StagedRevision[]> {
  if (rows.length === 0) return [];
  const r = await db.query(
    `INSERT INTO source_records (adapter_id, stream, page_id, source_key, content_hash, ordering_key, payload, raw_text, deleted, warnings)
     SELECT $1, $2, $3, k, h, o, p::jsonb, t, d, w::jsonb
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[], $10::text[]) AS u(k, h, o, p, t, d, w)
     ON CONFLICT (adapter_id, stream, source_key, content_hash) DO NOTHING
     RETURNING id, source_key, ordering_key, payload, deleted`,
    [
      adapterId,
      stream,
      pageId,
      rows.map((x) => x.sourceKey),
      rows.map((x) => x.contentHash),
      rows.map((x) => x.orderingKey),
      rows.map((x) => JSON.stringify(x.payload)),
      rows.map((x) => x.rawText),
      rows.map((x) => x.deleted),
      rows.map((x) => (x.warnings && x.warnings.length ? JSON.stringify(x.warnings) : null)),
    ],
  );
  return r.rows.map((row) => ({ id: row.id, sourceKey: row.source_key, orderingKey: row.ordering_key, payload: row.payload, deleted: row.deleted }));
}

/** The greatest ordering key already staged per source key, leaving out the given revision ids. */
export async function newestOrderingKeys(
  db: Queryable,
  adapterId: string,
  stream: string,
  keys: readonly string[],
  excludeIds: readonly number[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const r = await db.query(
    `SELECT source_key, max(ordering_key) AS ordering_key FROM source_records
      WHERE adapter_id = $1 AND stream = $2 AND source_key = ANY($3::text[]) AND NOT (id = ANY($4::bigint[]))
      GROUP BY source_key`,
    [adapterId, stream, keys, excludeIds],
  );
  return new Map(r.rows.map((row) => [row.source_key as string, row.ordering_key as string]));
}

/** The newest revision per key (greatest ordering key, then latest staged). */
export async function newestRevisions(db: Queryable, adapterId: string, stream: string, keys: readonly string[]): Promise<StagedRevision[]> {
  if (keys.length === 0) return [];
  const r = await db.query(
    `SELECT DISTINCT ON (source_key) id, source_key, ordering_key, payload, deleted FROM source_records
      WHERE adapter_id = $1 AND stream = $2 AND source_key = ANY($3::text[])
      ORDER BY source_key, ordering_key DESC, id DESC`,
    [adapterId, stream, keys],
  );
  return r.rows.map((row) => ({ id: row.id, sourceKey: row.source_key, orderingKey: row.ordering_key, payload: row.payload, deleted: row.deleted }));
}

export async function setSourceOutcomes(
  db: Queryable,
  rows: ReadonlyArray<{ id: number; outcome: string; nationalRecordId: number | null; warnings: unknown[] | null }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE source_records s SET outcome = u.o, national_record_id = COALESCE(u.n, s.national_record_id),
            warnings = CASE WHEN u.w IS NULL THEN s.warnings ELSE COALESCE(s.warnings, '[]'::jsonb) || u.w::jsonb END
       FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS u(id, o, n, w)
      WHERE s.id = u.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.outcome),
      rows.map((r) => r.nationalRecordId),
      rows.map((r) => (r.warnings && r.warnings.length ? JSON.stringify(r.warnings) : null)),
    ],
  );
}

/** Adds a warning to stored revisions (e.g. UNFLAGGED_REVISION, known only once earlier revisions are compared). */
export async function addSourceWarning(db: Queryable, ids: readonly number[], warning: { code: string; message: string }): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE source_records SET warnings = COALESCE(warnings, '[]'::jsonb) || jsonb_build_array($2::jsonb) WHERE id = ANY($1::bigint[])`,
    [ids, JSON.stringify(warning)],
  );
}
