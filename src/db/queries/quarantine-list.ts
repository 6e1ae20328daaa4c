import type { Queryable } from '../pool';

export interface QuarantineFilter {
  adapterId?: string;
  stream?: string;
  interface?: string;
  reason?: string;
  stage?: string;
  since?: string;
  until?: string;
  ids?: number[];
  /** Only entries up to this id (a replay never revisits the entries it creates). */
  upToId?: number;
}

export interface QuarantineRow {
  id: number;
  adapterId: string;
  stream: string;
  sourceKey: string;
  sourceRecordId: number;
  interface: string | null;
  recordId: string | null;
  stage: string;
  reasons: string[];
  errors: unknown[];
  createdAt: Date;
}

/** The WHERE clause of open entries matching a filter; values are appended to `params`. */
export function openQuarantineWhere(f: QuarantineFilter, params: unknown[]): string {
  const clauses = ['resolved_at IS NULL'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (f.adapterId) add('adapter_id = ?', f.adapterId);
  if (f.stream) add('stream = ?', f.stream);
  if (f.interface) add('interface = ?', f.interface);
  // Containment, so the GIN index on open entries' reasons answers it.
  if (f.reason) add('reasons @> ARRAY[?]::text[]', f.reason);
  if (f.stage) add('stage = ?', f.stage);
  if (f.since) add('created_at >= ?', f.since);
  if (f.until) add('created_at < ?', f.until);
  if (f.ids) add('id = ANY(?::bigint[])', f.ids);
  if (f.upToId !== undefined) add('id <= ?', f.upToId);
  return clauses.join(' AND ');
}

/** Open entries matching a filter, oldest first, in pages (keyset on id) so a large quarantine is never loaded at once. */
export async function listOpenQuarantine(db: Queryable, f: QuarantineFilter, afterId: number, limit: number): Promise<QuarantineRow[]> {
  const params: unknown[] = [];
  const cond = openQuarantineWhere(f, params);
  params.push(afterId, limit);
  const r = await db.query(
    `SELECT id, adapter_id, stream, source_key, source_record_id, interface, record_id, stage, reasons, errors, created_at
       FROM quarantine WHERE ${cond} AND id > $${params.length - 1} ORDER BY id LIMIT $${params.length}`,
    params,
  );
  return r.rows.map((row) => ({
    id: row.id,
    adapterId: row.adapter_id,
    stream: row.stream,
    sourceKey: row.source_key,
    sourceRecordId: row.source_record_id,
    interface: row.interface,
    recordId: row.record_id,
    stage: row.stage,
    reasons: row.reasons,
    errors: row.errors,
    createdAt: row.created_at,
  }));
}

export async function countOpenQuarantine(db: Queryable, f: QuarantineFilter): Promise<number> {
  const params: unknown[] = [];
  const r = await db.query(`SELECT count(*)::int AS n FROM quarantine WHERE ${openQuarantineWhere(f, params)}`, params);
  return r.rows[0].n as number;
}

export async function maxQuarantineId(db: Queryable): Promise<number> {
  const r = await db.query('SELECT COALESCE(max(id), 0)::bigint AS m FROM quarantine');
  return r.rows[0].m as number;
}
