import type { Queryable } from '../pool';

export interface NewQuarantineEntry {
  adapterId: string;
  stream: string;
  sourceKey: string;
  sourceRecordId: number;
  interface: string | null;
  recordId: string | null;
  nationalRecordId: number | null;
  stage: 'mapping' | 'validation' | 'platform';
  reasons: string[];
  errors: unknown[];
}

export async function insertQuarantine(db: Queryable, rows: readonly NewQuarantineEntry[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query({
    name: 'quarantine-insert',
    text: `INSERT INTO quarantine (adapter_id, stream, source_key, source_record_id, interface, record_id, national_record_id, stage, reasons, errors)
     SELECT a, s, k, sr, i, r, n, st, string_to_array(re, ','), e::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[], $10::text[])
         AS u(a, s, k, sr, i, r, n, st, re, e)`,
    values: [
      rows.map((x) => x.adapterId),
      rows.map((x) => x.stream),
      rows.map((x) => x.sourceKey),
      rows.map((x) => x.sourceRecordId),
      rows.map((x) => x.interface),
      rows.map((x) => x.recordId),
      rows.map((x) => x.nationalRecordId),
      rows.map((x) => x.stage),
      rows.map((x) => [...new Set(x.reasons)].join(',')),
      rows.map((x) => JSON.stringify(x.errors)),
    ],
  });
}

/** Closes the open entries of these source keys (a newer outcome replaces them). */
export async function resolveOpenQuarantine(
  db: Queryable,
  adapterId: string,
  stream: string,
  keys: readonly string[],
  resolution: 'replayed' | 'superseded' | 'delivered' | 'dismissed' | 'deleted',
): Promise<number> {
  if (keys.length === 0) return 0;
  const r = await db.query({
    name: 'quarantine-resolve-open',
    text: `UPDATE quarantine SET resolved_at = now(), resolution = $4
      WHERE id IN (SELECT q.id FROM unnest($3::text[]) AS k(source_key)
                     JOIN quarantine q ON q.adapter_id = $1 AND q.stream = $2 AND q.source_key = k.source_key AND q.resolved_at IS NULL)`,
    values: [adapterId, stream, keys, resolution],
  });
  return r.rowCount ?? 0;
}
