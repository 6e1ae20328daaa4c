import type { Queryable } from '../pool';

/** The newest version of one national record, as the trace-chain query reads it. */
export interface TraceRecordRow {
  id: number;
  interface: string;
  recordId: string;
  version: number;
  state: string;
  traceCode: string | null;
  adapterId: string;
  body: string;
  createdAt: Date;
  deliveredAt: Date | null;
}

const COLUMNS = 'id, interface, record_id, version, state, trace_code, adapter_id, body, created_at, delivered_at';

/**
 * Which versions a trace may read: `all` (operators: the newest version whatever its delivery state) or
 * `accepted` (the public trace page: the newest version the platform accepted, or already held as a duplicate).
 */
export type TraceScope = 'all' | 'accepted';

const ACCEPTED_STATES = ['accepted', 'duplicate'];
const statesOf = (scope: TraceScope): string[] | null => (scope === 'accepted' ? ACCEPTED_STATES : null);
/** The state filter, inside the DISTINCT ON so that a newer version not (yet) accepted leaves the accepted one in view. */
const IN_SCOPE = '($3::text[] IS NULL OR state = ANY($3::text[]))';

function toRow(row: Record<string, any>): TraceRecordRow {
  return {
    id: row.id,
    interface: row.interface,
    recordId: row.record_id,
    version: row.version,
    state: row.state,
    traceCode: row.trace_code,
    adapterId: row.adapter_id,
    body: row.body,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

/** Newest version of every record whose own trace code is one of `codes` (batches, inspections, certificates, slaughter, entries, trades). */
export async function recordsWithTraceCodes(
  db: Queryable,
  codes: readonly string[],
  limit: number,
  scope: TraceScope = 'all',
): Promise<TraceRecordRow[]> {
  if (codes.length === 0) return [];
  const r = await db.query(
    `SELECT ${COLUMNS} FROM (
        SELECT DISTINCT ON (interface, record_id) ${COLUMNS} FROM national_record_states
         WHERE trace_code = ANY($1::text[]) AND ${IN_SCOPE} ORDER BY interface, record_id, version DESC
     ) x ORDER BY interface, record_id LIMIT $2`,
    [codes, limit, statesOf(scope)],
  );
  return r.rows.map(toRow);
}

/** Newest version of every trade sold from one of `codes` (its parentTraceCode). */
export async function tradesFromParents(
  db: Queryable,
  codes: readonly string[],
  limit: number,
  scope: TraceScope = 'all',
): Promise<TraceRecordRow[]> {
  if (codes.length === 0) return [];
  const r = await db.query(
    `SELECT ${COLUMNS} FROM (
        SELECT DISTINCT ON (record_id) ${COLUMNS} FROM national_record_states
         WHERE interface = 'trades' AND parent_trace_code = ANY($1::text[]) AND ${IN_SCOPE} ORDER BY record_id, version DESC
     ) x ORDER BY record_id LIMIT $2`,
    [codes, limit, statesOf(scope)],
  );
  return r.rows.map(toRow);
}

/** Newest version of every transport that carried one of `codes`. */
export async function transportsCarrying(
  db: Queryable,
  codes: readonly string[],
  limit: number,
  scope: TraceScope = 'all',
): Promise<TraceRecordRow[]> {
  if (codes.length === 0) return [];
  const r = await db.query(
    `SELECT ${COLUMNS} FROM (
        SELECT DISTINCT ON (record_id) ${COLUMNS} FROM national_record_states
         WHERE interface = 'transports' AND carried_trace_codes && $1::text[] AND ${IN_SCOPE} ORDER BY record_id, version DESC
     ) x ORDER BY record_id LIMIT $2`,
    [codes, limit, statesOf(scope)],
  );
  return r.rows.map(toRow);
}

/** Newest version of the subject registrations of these subject codes. */
export async function subjectsWithCodes(
  db: Queryable,
  codes: readonly string[],
  limit: number,
  scope: TraceScope = 'all',
): Promise<TraceRecordRow[]> {
  if (codes.length === 0) return [];
  const r = await db.query(
    `SELECT ${COLUMNS} FROM (
        SELECT DISTINCT ON (record_id) ${COLUMNS} FROM national_record_states
         WHERE interface = 'subjects' AND subject_code = ANY($1::text[]) AND ${IN_SCOPE} ORDER BY record_id, version DESC
     ) x ORDER BY record_id LIMIT $2`,
    [codes, limit, statesOf(scope)],
  );
  return r.rows.map(toRow);
}
