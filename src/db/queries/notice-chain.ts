import type { Queryable } from '../pool';

/** One version of a national record as the §8.6 chain reads it (through national_record_states). */
export interface ChainVersionRow {
  interface: string;
  recordId: string;
  version: number;
  state: string;
  traceCode: string | null;
  body: string;
  deliveredAt: Date | null;
}

/** The records whose own traceCode counts in rule 1 of §8.6. */
const TRACE_CODE_INTERFACES = ['batches', 'inspections', 'certificates', 'slaughter', 'entries', 'trades'];

/**
 * (interface, recordId) of every record with some version that meets a rule of §8.6 for the codes
 * `codes` and the certificate numbers `certificateNos`: own trace code (rule 1), a trade sold from
 * one of the codes (2), a transport carrying one (3), an entry naming one of the certificates (4).
 * Whether the record's latest accepted version still meets the rule is decided by the caller.
 */
export async function chainCandidates(
  db: Queryable,
  codes: readonly string[],
  certificateNos: readonly string[],
): Promise<Array<{ interface: string; recordId: string }>> {
  const r = await db.query(
    `SELECT DISTINCT interface, record_id FROM (
        SELECT interface, record_id FROM national_record_states
         WHERE trace_code = ANY($1::text[]) AND interface = ANY($3::text[])
        UNION ALL
        SELECT interface, record_id FROM national_record_states
         WHERE interface = 'trades' AND cardinality($1::text[]) > 0 AND parent_trace_code = ANY($1::text[])
        UNION ALL
        SELECT interface, record_id FROM national_record_states
         WHERE interface = 'transports' AND cardinality($1::text[]) > 0 AND carried_trace_codes && $1::text[]
        UNION ALL
        SELECT interface, record_id FROM national_record_states
         WHERE interface = 'entries' AND cardinality($2::text[]) > 0 AND origin_certificate_no = ANY($2::text[])
     ) x ORDER BY interface, record_id`,
    [codes, certificateNos, TRACE_CODE_INTERFACES],
  );
  return r.rows.map((row) => ({ interface: row.interface, recordId: row.record_id }));
}

/** Every stored version of these records, newest first per record. */
export async function versionsOf(
  db: Queryable,
  records: ReadonlyArray<{ interface: string; recordId: string }>,
): Promise<ChainVersionRow[]> {
  if (records.length === 0) return [];
  const r = await db.query(
    `SELECT s.interface, s.record_id, s.version, s.state, s.trace_code, s.body, s.delivered_at
       FROM unnest($1::text[], $2::text[]) AS k(interface, record_id)
       JOIN national_record_states s ON s.record_id = k.record_id AND s.interface = k.interface
      ORDER BY s.interface, s.record_id, s.version DESC`,
    [records.map((x) => x.interface), records.map((x) => x.recordId)],
  );
  return r.rows.map((row) => ({
    interface: row.interface,
    recordId: row.record_id,
    version: row.version,
    state: row.state,
    traceCode: row.trace_code,
    body: row.body,
    deliveredAt: row.delivered_at,
  }));
}
