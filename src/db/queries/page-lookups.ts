import type { Tx } from '../pool';
import { latestVersionsJson, readLatestVersions, type LatestVersion } from './national-records';
import { drawIds, drawnIds } from './sequence-ids';
import { readStoredRevisions, storedRevisionsJson, storedRevisionsParams, type StoredRevisions } from './source-records';

export interface PageLookupRequest {
  adapterId: string;
  stream: string;
  /** The page's own row to write (`source_pages`), or null for revisions that come without one. */
  page: { meta: unknown; warnings: unknown } | null;
  rows: ReadonlyArray<{ sourceKey: string; contentHash: string }>;
  /** Record ids of the page's records mapped ahead: their latest national versions, and ids for new ones. */
  versions: { iface: string; recordIds: readonly string[] } | null;
}

/** Latest national versions looked up with the page, for the records mapped ahead. */
export interface VersionsAhead {
  iface: string;
  /** The record ids looked up. */
  asked: ReadonlySet<string>;
  latest: Map<string, LatestVersion>;
  /** Ascending ids drawn for new versions, one per record id asked. */
  ids: number[];
}

export interface PageLookups extends StoredRevisions {
  pageId: number | null;
  versions: VersionsAhead | null;
}

/**
 * Everything a page's transaction reads before it writes, in one round trip: the page's own row
 * (inserted, for its id), its revisions already stored (storedRevisionsJson), ids for its new rows,
 * and the latest national versions of its records mapped ahead with ids for their new versions.
 */
export async function pageLookups(tx: Tx, req: PageLookupRequest): Promise<PageLookups> {
  const asked = new Set(req.versions?.recordIds ?? []);
  if (req.rows.length === 0 && req.page === null && asked.size === 0) {
    return { pageId: null, newest: new Map(), stored: new Set(), ids: [], versions: null };
  }
  const r = await tx.query({
    name: 'page-lookups',
    text: `WITH page AS (INSERT INTO source_pages (adapter_id, stream, meta, warnings)
                         SELECT $1, $2, $6::jsonb, $7::jsonb WHERE $8::boolean RETURNING id)
           SELECT (SELECT id FROM page) AS page_id,
                  ${storedRevisionsJson('$1', '$2', '$3::text[]', '$4::text[]')} AS existing,
                  ${drawIds('source_records_id_seq', '$5')} AS ids,
                  ${latestVersionsJson('$9::text', '$10::text[]')} AS latest,
                  ${drawIds('national_records_id_seq', '$11')} AS national_ids`,
    values: [
      req.adapterId,
      req.stream,
      ...storedRevisionsParams(req.rows),
      req.rows.length,
      req.page?.meta === undefined ? null : JSON.stringify(req.page.meta),
      req.page?.warnings === undefined ? null : JSON.stringify(req.page.warnings),
      req.page !== null,
      req.versions?.iface ?? null,
      [...asked],
      asked.size,
    ],
  });
  const row = r.rows[0];
  const stored = readStoredRevisions(row.existing, row.ids);
  const versions: VersionsAhead | null = req.versions
    ? { iface: req.versions.iface, asked, latest: readLatestVersions(row.latest), ids: drawnIds(row.national_ids) }
    : null;
  return { ...stored, pageId: (row.page_id as number | null) ?? null, versions };
}
