import type { Queryable } from '../pool';

/** A notice still in force that names one of the trace codes asked about (for the public trace page and cases). */
export interface OpenNotice {
  noticeId: string;
  revision: number;
  kind: 'PROBLEM_PRODUCT' | 'RECALL';
  severity: string;
  hazard: string;
  issuedAt: string;
  actionsRequired: string[];
  traceCodes: string[];
}

/**
 * Notices not withdrawn whose latest revision names one of `traceCodes`: those received from the feed
 * and those this gateway raised and the platform accepted. Newest first. One index probe (GIN on
 * trace_codes) whatever the number of notices.
 */
export async function openNoticesCovering(db: Queryable, traceCodes: readonly string[]): Promise<OpenNotice[]> {
  if (traceCodes.length === 0) return [];
  const r = await db.query(
    `SELECT notice_id, revision, kind, severity, hazard, body ->> 'issuedAt' AS issued_at_text, actions_required, trace_codes
       FROM notices
      WHERE trace_codes && $1::text[] AND kind IN ('PROBLEM_PRODUCT', 'RECALL') AND withdrawn_at IS NULL
      ORDER BY notices.issued_at DESC, notice_id`,
    [traceCodes],
  );
  return r.rows.map((row) => ({
    noticeId: row.notice_id, revision: row.revision, kind: row.kind, severity: row.severity, hazard: row.hazard, issuedAt: row.issued_at_text,
    actionsRequired: row.actions_required, traceCodes: row.trace_codes,
  }));
}

/** The fields of a §8.1 notice revision that the gateway stores (a `Notice` of src/national/notices.ts fits). */
export interface NoticeRevisionInput {
  noticeId: string;
  revision: number;
  kind: string;
  severity: string;
  issuedAt: string;
  issuerRegion: string;
  targetRegions: readonly string[];
  traceCodes: readonly string[];
  productCode: string;
  subjectCode?: string;
  hazard: string;
  testItem?: string;
  actionsRequired: readonly string[];
  respondBy: string;
  supersedes?: string;
}

export interface StoredRevision {
  /** The notice was not known before. */
  isNew: boolean;
  /** This revision is now the latest one (a new notice, or a higher revision than the one held). */
  isLatest: boolean;
  /** This revision had been stored before (a repeat in the feed). */
  repeated: boolean;
  /** For a WITHDRAWN notice: the notice it withdrew, when this call withdrew it. */
  withdrew?: string;
}

/**
 * Stores one revision as received: every revision is kept, the highest one becomes the notice, and
 * a WITHDRAWN notice marks the one it supersedes as withdrawn (whichever of the two arrives first)
 * and cancels that notice's answers not yet sent. Run inside the intake transaction.
 */
export async function storeNoticeRevision(tx: Queryable, n: NoticeRevisionInput, origin: 'received' | 'raised'): Promise<StoredRevision> {
  const inserted = await tx.query(
    `INSERT INTO notice_revisions (notice_id, revision, kind, issued_at, body) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (notice_id, revision) DO NOTHING`,
    [n.noticeId, n.revision, n.kind, n.issuedAt, JSON.stringify(n)],
  );
  const repeated = (inserted.rowCount ?? 0) === 0;
  const hasCase = origin === 'received' && n.kind !== 'WITHDRAWN';
  const upsert = await tx.query(
    `INSERT INTO notices (notice_id, origin, revision, kind, severity, hazard, issued_at, issuer_region, target_regions, trace_codes,
                          product_code, subject_code, test_item, actions_required, respond_by, supersedes, body, case_state,
                          withdrawn_at, withdrawn_by)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
            CASE WHEN NOT $18::boolean THEN 'none' WHEN w.notice_id IS NOT NULL THEN 'withdrawn' ELSE 'open' END,
            CASE WHEN w.notice_id IS NOT NULL THEN now() END, w.notice_id
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT notice_id FROM notices WHERE supersedes = $1 AND kind = 'WITHDRAWN' ORDER BY notice_id LIMIT 1) w ON true
     ON CONFLICT (notice_id) DO UPDATE SET
       revision = EXCLUDED.revision, kind = EXCLUDED.kind, severity = EXCLUDED.severity, hazard = EXCLUDED.hazard,
       issued_at = EXCLUDED.issued_at, issuer_region = EXCLUDED.issuer_region, target_regions = EXCLUDED.target_regions,
       trace_codes = EXCLUDED.trace_codes, product_code = EXCLUDED.product_code, subject_code = EXCLUDED.subject_code,
       test_item = EXCLUDED.test_item, actions_required = EXCLUDED.actions_required, respond_by = EXCLUDED.respond_by,
       supersedes = EXCLUDED.supersedes, body = EXCLUDED.body, updated_at = now()
     WHERE notices.revision < EXCLUDED.revision
     RETURNING (xmax = 0) AS is_new`,
    [
      n.noticeId, origin, n.revision, n.kind, n.severity, n.hazard, n.issuedAt, n.issuerRegion, [...n.targetRegions], [...n.traceCodes],
      n.productCode, n.subjectCode ?? null, n.testItem ?? null, [...n.actionsRequired], n.respondBy, n.supersedes ?? null, JSON.stringify(n),
      hasCase,
    ],
  );
  const row = upsert.rows[0] as { is_new: boolean } | undefined;
  const out: StoredRevision = { isNew: row?.is_new === true, isLatest: row !== undefined, repeated };
  if (n.kind === 'WITHDRAWN' && n.supersedes && out.isLatest) {
    const w = await tx.query(
      `UPDATE notices SET withdrawn_at = now(), withdrawn_by = $2, updated_at = now(),
              case_state = CASE WHEN case_state IN ('open', 'acknowledged', 'in_progress') THEN 'withdrawn' ELSE case_state END
        WHERE notice_id = $1 AND withdrawn_at IS NULL`,
      [n.supersedes, n.noticeId],
    );
    if ((w.rowCount ?? 0) > 0) {
      out.withdrew = n.supersedes;
      await tx.query(`UPDATE notice_responses SET outcome = 'cancelled', last_error = 'the notice was withdrawn' WHERE notice_id = $1 AND outcome = 'pending'`, [
        n.supersedes,
      ]);
    }
  }
  return out;
}
