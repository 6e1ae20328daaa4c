import type { Queryable } from '../pool';

export interface RecordFilter {
  interface?: string;
  state?: string;
  recordId?: string;
  adapterId?: string;
  traceCode?: string;
}

export interface RecordListRow {
  id: number;
  interface: string;
  recordId: string;
  version: number;
  state: string;
  traceCode: string | null;
  adapterId: string;
  batchId: string | null;
  errors: unknown;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** National record versions, newest first; keyset on id (`beforeId`), so a page costs the same at any depth. */
export async function listNationalRecords(
  db: Queryable,
  f: RecordFilter,
  beforeId: number | null,
  limit: number,
): Promise<RecordListRow[]> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (f.interface) add('interface = ?', f.interface);
  if (f.state) add('state = ?', f.state);
  if (f.recordId) add('record_id = ?', f.recordId);
  if (f.adapterId) add('adapter_id = ?', f.adapterId);
  if (f.traceCode) add('trace_code = ?', f.traceCode);
  if (beforeId !== null) add('id < ?', beforeId);
  params.push(limit);
  const r = await db.query(
    `SELECT id, interface, record_id, version, state, trace_code, adapter_id, batch_id, errors, created_at, delivered_at
       FROM national_record_states ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return r.rows.map((row) => ({
    id: row.id,
    interface: row.interface,
    recordId: row.record_id,
    version: row.version,
    state: row.state,
    traceCode: row.trace_code,
    adapterId: row.adapter_id,
    batchId: row.batch_id,
    errors: row.errors,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  }));
}
