import type { PlainObject } from './normalise-record';
import type { JsonSchema } from './schemas';
import type { NationalError, NationalRecordErrorCode } from './types';
import { unescapePointerToken } from './json-pointer';

/**
 * The order of national §7.9 and §7.26: at most one error per field, the first of E4002, E4001,
 * E4003, E4004, E2005; fields in the order of the field table (common fields first), an array's own
 * error before its elements', elements by index, inside an element its fields in table order and
 * then its unknown fields as written (all at the position of the array's field, §7.26); then the
 * record's unknown fields (E4006) in the order they appear in the record. Conditional requirements
 * and cross-field errors (E4005) follow and are not handled here.
 */

const RANK: Partial<Record<NationalRecordErrorCode, number>> = { E4002: 0, E4001: 1, E4003: 2, E4004: 3, E2005: 4 };

interface Keyed {
  error: NationalError;
  key: number[];
}

function tokens(path: string): string[] {
  return path === '' ? [] : path.slice(1).split('/').map(unescapePointerToken);
}

function propertyNames(schema: JsonSchema | undefined): string[] {
  const properties = schema?.properties as Record<string, JsonSchema> | undefined;
  return properties ? Object.keys(properties) : [];
}

/**
 * Position of a field path in table order: [field, element (−1 = the array itself), element field].
 * An element's unknown field comes after its known ones, in the order written.
 */
function tableKey(schema: JsonSchema, record: PlainObject, path: string): number[] {
  const [field, element, sub] = tokens(path);
  const fields = propertyNames(schema);
  const key = [field === undefined ? -1 : indexOr(fields, field), element === undefined ? -1 : Number(element), -1];
  if (sub !== undefined) {
    const fieldSchema = (schema.properties as Record<string, JsonSchema>)[field];
    const known = propertyNames(fieldSchema?.items as JsonSchema | undefined);
    const index = known.indexOf(sub);
    if (index >= 0) {
      key[2] = index;
    } else {
      const item = (record[field] as unknown[] | undefined)?.[Number(element)];
      key[2] = known.length + indexOr(item && typeof item === 'object' ? Object.keys(item) : [], sub);
    }
  }
  return key;
}

/** Position of a record's unknown field as written. */
function recordKey(record: PlainObject, path: string): number[] {
  return [indexOr(Object.keys(record), tokens(path)[0])];
}

function indexOr(names: string[], name: string): number {
  const index = names.indexOf(name);
  return index < 0 ? names.length : index;
}

function compareKeys(a: Keyed, b: Keyed): number {
  for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
  return 0;
}

export function orderErrors(schema: JsonSchema, record: PlainObject, errors: readonly NationalError[]): NationalError[] {
  const byPath = new Map<string, NationalError>();
  const unknown: Keyed[] = [];
  for (const error of errors) {
    if (error.code === 'E4006' && tokens(error.path).length === 1) {
      unknown.push({ error, key: recordKey(record, error.path) });
      continue;
    }
    const kept = byPath.get(error.path);
    if (kept === undefined || (RANK[error.code] ?? 9) < (RANK[kept.code] ?? 9)) byPath.set(error.path, error);
  }
  const fields = [...byPath.values()].map((error) => ({ error, key: tableKey(schema, record, error.path) }));
  return [...fields.sort(compareKeys), ...unknown.sort(compareKeys)].map((keyed) => keyed.error);
}
