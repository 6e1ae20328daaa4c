export const RECORD_TYPES = ['TZ', 'JC', 'JY', 'PS'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** A field value: text ('' or undefined = absent), or for `TraceCodes` the list of codes. */
export type FieldValue = string | string[] | undefined;

/** What a record's newest revision should become at the national platform. */
export type Expected = 'valid' | 'deleted' | { reason: string };

/** The newest revision of one source record as the simulated central system stores it. */
export interface SimRecord {
  stream: RecordType;
  sourceKey: string;
  /** Elements in their usual order; rendering may reorder, pad or wrap them in CDATA. */
  fields: Array<[string, FieldValue]>;
  /** `yyyyMMddHHmmss`, Beijing. */
  uploadTime: string;
  uploadMs: number;
  revision: number;
  expected: Expected;
}

export interface CatalogEntry {
  stream: RecordType;
  sourceKey: string;
  recordId: string;
  expected: Expected;
}

export function fieldOf(rec: SimRecord, name: string): FieldValue {
  for (const [k, v] of rec.fields) if (k === name) return v;
  return undefined;
}

export function withField(fields: Array<[string, FieldValue]>, name: string, value: FieldValue): Array<[string, FieldValue]> {
  let found = false;
  const out = fields.map(([k, v]): [string, FieldValue] => {
    if (k !== name) return [k, v];
    found = true;
    return [k, value];
  });
  if (!found) out.push([name, value]);
  return out;
}
