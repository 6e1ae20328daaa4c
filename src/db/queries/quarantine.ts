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

/** `INSERT INTO quarantine` of the entries in the ten array parameters from $p (quarantineParams). */
export function quarantineInsert(p: number): string {
  const a = (i: number, type: string) => `$${p + i}::${type}[]`;
  return `INSERT INTO quarantine (adapter_id, stream, source_key, source_record_id, interface, record_id, national_record_id, stage, reasons, errors)
     SELECT a, s, k, sr, i, r, n, st, string_to_array(re, ','), e::jsonb
       FROM unnest(${a(0, 'text')}, ${a(1, 'text')}, ${a(2, 'text')}, ${a(3, 'bigint')}, ${a(4, 'text')}, ${a(5, 'text')}, ${a(6, 'bigint')}, ${a(7, 'text')}, ${a(8, 'text')}, ${a(9, 'text')})
         AS u(a, s, k, sr, i, r, n, st, re, e)`;
}

export function quarantineParams(rows: readonly NewQuarantineEntry[]): unknown[] {
  return [
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
  ];
}

export async function insertQuarantine(db: Queryable, rows: readonly NewQuarantineEntry[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query({ name: 'quarantine-insert', text: quarantineInsert(1), values: quarantineParams(rows) });
}
