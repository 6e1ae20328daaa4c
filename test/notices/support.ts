import type { Queryable } from '../../src/db/pool';
import type { Notice } from '../../src/national/notices';
import { traceLinks } from '../../src/pipeline/trace-links';

let serial = 0;

/**
 * Stores one national record version in a delivery state (accepted, duplicate, rejected, pending,
 * batched), as the write path leaves it; tests read it back only through national_record_states.
 * Works with either storage of the state: columns of national_records, or batches, outcomes and the
 * pending queue.
 */
export async function insertNationalRecord(
  db: Queryable,
  iface: string,
  recordId: string,
  body: Record<string, unknown>,
  opts: { version?: number; state?: string } = {},
): Promise<void> {
  const version = opts.version ?? 1;
  const state = opts.state ?? 'accepted';
  serial++;
  const text = JSON.stringify({ recordId, version, ...body });
  const links = traceLinks(iface, body);
  const hash = `h${serial}-${recordId}-${version}`;
  const columns = await db.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'national_records' AND column_name = 'state'`,
  );
  if ((columns.rowCount ?? 0) > 0) {
    await db.query(
      `INSERT INTO national_records (interface, record_id, version, body, content_hash, trace_code, adapter_id, source_record_id, state, batch_id, delivered_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'fx', $7::bigint, $8, CASE WHEN $8 <> 'pending' THEN 'tg-fx-' || $7::text END, CASE WHEN $8 IN ('accepted', 'duplicate') THEN now() END)`,
      [iface, recordId, version, text, hash, links.traceCode, serial, state],
    );
    return;
  }
  const r = await db.query(
    `INSERT INTO national_records (interface, record_id, version, body, content_hash, trace_code, subject_code, parent_trace_code,
                                   carried_trace_codes, origin_certificate_no, adapter_id, source_record_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'fx', $11) RETURNING id`,
    [
      iface,
      recordId,
      version,
      text,
      hash,
      links.traceCode,
      links.subjectCode,
      links.parentTraceCode,
      links.carriedTraceCodes,
      links.originCertificateNo,
      serial,
    ],
  );
  const id = Number(r.rows[0].id);
  if (state === 'pending') {
    await db.query(`INSERT INTO pending_records (interface, id, adapter_id) VALUES ($1, $2, 'fx')`, [iface, id]);
    return;
  }
  await db.query(
    `INSERT INTO batches (batch_id, interface, state, record_count, body_bytes, record_ids, delivered_at)
     VALUES ($1, $2, $3, 1, 0, ARRAY[$4::bigint], CASE WHEN $3 = 'delivered' THEN now() END)`,
    [`tg-fx-${id}`, iface, state === 'batched' ? 'queued' : 'delivered', id],
  );
  if (state === 'duplicate' || state === 'rejected') {
    await db.query(`INSERT INTO record_outcomes (id, batch_id, state, errors) VALUES ($1, $2, $3, NULL)`, [id, `tg-fx-${id}`, state]);
  }
}

export function notice(over: Partial<Notice> & { noticeId: string }): Notice {
  return {
    revision: 1,
    kind: 'PROBLEM_PRODUCT',
    severity: 'HIGH',
    issuedAt: '2026-12-05T10:00:00+08:00',
    issuerRegion: '110101',
    targetRegions: ['62'],
    traceCodes: ['62012301260105000011'],
    productCode: 'VEG_LEAFY',
    hazard: 'chlorpyrifos above the limit',
    actionsRequired: ['TRACE'],
    respondBy: '2099-12-08T10:00:00+08:00',
    ...over,
  };
}

/** A valid trace code (§6.4): region 620123 + link + 260105 + serial + GS1 mod-10 check digit. */
export function traceCode(link: string, serial: number, region = '620123'): string {
  const body = `${region}${link}260105${String(serial).padStart(5, '0')}`;
  let sum = 0;
  [...body].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
  return body + String((10 - (sum % 10)) % 10);
}
