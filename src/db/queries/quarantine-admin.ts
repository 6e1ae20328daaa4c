import type { Queryable } from '../pool';
import { openQuarantineWhere, type QuarantineFilter, type QuarantineRow } from './quarantine-list';

export interface QuarantineEntryDetail extends QuarantineRow {
  nationalRecordId: number | null;
  resolvedAt: Date | null;
  resolution: string | null;
  payload: unknown;
  orderingKey: string;
}

/** One entry (open or resolved) with the source revision it was raised for. */
export async function getQuarantineEntry(db: Queryable, id: number): Promise<QuarantineEntryDetail | undefined> {
  const r = await db.query(
    `SELECT q.id, q.adapter_id, q.stream, q.source_key, q.source_record_id, q.interface, q.record_id, q.national_record_id, q.stage,
            q.reasons, q.errors, q.created_at, q.resolved_at, q.resolution, s.payload, s.ordering_key
       FROM quarantine q JOIN source_records s ON s.id = q.source_record_id
      WHERE q.id = $1`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    adapterId: row.adapter_id,
    stream: row.stream,
    sourceKey: row.source_key,
    sourceRecordId: row.source_record_id,
    interface: row.interface,
    recordId: row.record_id,
    nationalRecordId: row.national_record_id,
    stage: row.stage,
    reasons: row.reasons,
    errors: row.errors,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
    payload: row.payload,
    orderingKey: row.ordering_key,
  };
}

export interface QuarantineGroup {
  reason: string;
  adapterId: string;
  interface: string | null;
  stage: string;
  n: number;
  oldest: Date;
}

/** Open entries counted by reason × adapter × interface × stage (an entry with two reasons counts in both). */
export async function summarizeOpenQuarantine(
  db: Queryable,
  f: Omit<QuarantineFilter, 'ids' | 'upToId'>,
): Promise<{ total: number; groups: QuarantineGroup[] }> {
  const params: unknown[] = [];
  const where = openQuarantineWhere(f, params);
  const [groups, total] = await Promise.all([
    db.query(
      `SELECT reason, adapter_id, interface, stage, count(*)::int AS n, min(created_at) AS oldest
         FROM quarantine, unnest(reasons) AS reason WHERE ${where}
        GROUP BY reason, adapter_id, interface, stage ORDER BY n DESC, reason LIMIT 500`,
      params,
    ),
    db.query(`SELECT count(*)::int AS n FROM quarantine WHERE ${where}`, params),
  ]);
  return {
    total: total.rows[0].n,
    groups: groups.rows.map((row) => ({
      reason: row.reason,
      adapterId: row.adapter_id,
      interface: row.interface,
      stage: row.stage,
      n: row.n,
      oldest: row.oldest,
    })),
  };
}
