import { integerArrayLiteral, textArrayLiteral } from '../array-literal';
import type { Tx } from '../pool';
import { latestVersionsJson, readLatestVersions, type LatestVersion } from './national-records';
import { drawIds, drawnIds } from './sequence-ids';
import { readStoredRevisions, storedRevisionsJson, storedRevisionsParams, type StoredRevisions } from './source-records';

export interface PageLookupRequest {
  adapterId: string;
  stream: string;
  /**
   * The rows to write in `source_pages`, one per page fetched from the source (several when a pull
   * stages consecutive pages together); none for revisions that come without a page.
   */
  pages: ReadonlyArray<{ meta: unknown; warnings: unknown }>;
  rows: ReadonlyArray<{ sourceKey: string; contentHash: string }>;
  /** Record ids of the page's records mapped ahead: their latest national versions, and ids for new ones. */
  versions: { iface: string; recordIds: readonly string[] } | null;
  /**
   * Queued versions of `versions.iface` to take out of the queue for a batch formed in this
   * transaction (a previous page's carry): each row still queued and not locked by another
   * transaction is deleted and its id returned in `carried`; the others are left where they are.
   */
  carry?: readonly number[];
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
  /** The ids of the rows written for `pages`, in their order. */
  pageIds: number[];
  versions: VersionsAhead | null;
  /** The ids of `carry` taken out of the queue, ascending. */
  carried: number[];
}

/**
 * Everything a page's transaction reads before it writes, in one round trip: the page's own rows
 * (inserted, for their ids), its revisions already stored (storedRevisionsJson), ids for its new rows,
 * the latest national versions of its records mapped ahead with ids for their new versions, and the
 * carried queue rows it takes (`carry`). The latest versions are read in the statement's snapshot, in
 * which the carried rows are still queued.
 */
export async function pageLookups(tx: Tx, req: PageLookupRequest): Promise<PageLookups> {
  const asked = new Set(req.versions?.recordIds ?? []);
  const carry = req.versions ? (req.carry ?? []) : [];
  if (req.rows.length === 0 && req.pages.length === 0 && asked.size === 0 && carry.length === 0) {
    return { pageIds: [], newest: new Map(), stored: new Set(), ids: [], versions: null, carried: [] };
  }
  const r = await tx.query({
    name: 'page-lookups',
    // Inserted in the pages' order, so their ids ascend in it.
    text: `WITH page AS (INSERT INTO source_pages (adapter_id, stream, meta, warnings)
                         SELECT $1, $2, p.meta, p.warnings FROM unnest($6::jsonb[], $7::jsonb[]) WITH ORDINALITY AS p(meta, warnings, n)
                          ORDER BY p.n RETURNING id),
                carried AS (DELETE FROM pending_records
                             WHERE interface = $8::text
                               AND id IN (SELECT id FROM pending_records WHERE interface = $8::text AND id = ANY($11::bigint[])
                                             FOR UPDATE SKIP LOCKED)
                            RETURNING id)
           SELECT ARRAY(SELECT id FROM page) AS page_ids,
                  ARRAY(SELECT id FROM carried ORDER BY id) AS carried,
                  ${storedRevisionsJson('$1', '$2', '$3::text[]', '$4::text[]')} AS existing,
                  ${drawIds('source_records_id_seq', '$5')} AS ids,
                  ${latestVersionsJson('$8::text', '$9::text[]')} AS latest,
                  ${drawIds('national_records_id_seq', '$10')} AS national_ids`,
    values: [
      req.adapterId,
      req.stream,
      ...storedRevisionsParams(req.rows),
      req.rows.length,
      req.pages.map((p) => (p.meta === undefined ? null : JSON.stringify(p.meta))),
      req.pages.map((p) => (p.warnings === undefined ? null : JSON.stringify(p.warnings))),
      req.versions?.iface ?? null,
      textArrayLiteral([...asked]),
      asked.size,
      integerArrayLiteral(carry),
    ],
  });
  const row = r.rows[0];
  const stored = readStoredRevisions(row.existing, row.ids);
  const versions: VersionsAhead | null = req.versions
    ? { iface: req.versions.iface, asked, latest: readLatestVersions(row.latest), ids: drawnIds(row.national_ids) }
    : null;
  return { ...stored, pageIds: drawnIds(row.page_ids), versions, carried: drawnIds(row.carried) };
}
