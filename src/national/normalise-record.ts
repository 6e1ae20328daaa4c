/**
 * National §5 and §7.11: strings are trimmed, and a string that trims to "" counts as missing.
 * Applied to the record's known fields, to the known fields of objects inside arrays (`items[]`)
 * and to string array elements (which stay in place, so `""` is a blank element rather than a
 * missing one, §7.25). Unknown fields are left as written: they are E4006 whatever their value,
 * an empty string included (§7.23). A key whose value is `undefined` is absent, as
 * `JSON.stringify` would leave it out.
 *
 * The input is never changed; when nothing needs normalising the same object is returned, so the
 * common, already-clean record costs no allocation.
 */

export type PlainObject = Record<string, unknown>;

/** The fields a record may have, and for each array of objects the fields of its elements. */
export interface RecordShape {
  fields: ReadonlySet<string>;
  elementFields: ReadonlyMap<string, ReadonlySet<string>>;
}

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringNeedsTrim(value: string): boolean {
  return value.length === 0 || value.trim() !== value;
}

const EVERY_FIELD: ReadonlySet<string> = { has: () => true } as unknown as ReadonlySet<string>;

function fieldsNeedWork(object: PlainObject, known: ReadonlySet<string>, shape: RecordShape | undefined): boolean {
  for (const key in object) {
    const value = object[key];
    if (value === undefined) return true;
    if (!known.has(key)) continue;
    if (typeof value === 'string') {
      if (stringNeedsTrim(value)) return true;
    } else if (shape !== undefined && Array.isArray(value)) {
      const elementFields = shape.elementFields.get(key) ?? EVERY_FIELD;
      for (const element of value) {
        if (
          typeof element === 'string'
            ? element.trim() !== element
            : isPlainObject(element) && fieldsNeedWork(element, elementFields, undefined)
        ) {
          return true;
        }
      }
    }
  }
  return false;
}

function setField(target: PlainObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function normaliseFields(object: PlainObject, known: ReadonlySet<string>, shape: RecordShape | undefined): PlainObject {
  const out: PlainObject = {};
  for (const key in object) {
    const value = object[key];
    if (value === undefined) continue;
    if (!known.has(key)) {
      setField(out, key, value);
    } else if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed !== '') setField(out, key, trimmed);
    } else if (shape !== undefined && Array.isArray(value)) {
      const elementFields = shape.elementFields.get(key) ?? EVERY_FIELD;
      setField(
        out,
        key,
        value.map((element: unknown) =>
          typeof element === 'string'
            ? element.trim()
            : isPlainObject(element)
              ? normaliseFields(element, elementFields, undefined)
              : element,
        ),
      );
    } else {
      setField(out, key, value);
    }
  }
  return out;
}

/** Without a shape every field counts as known (blank strings anywhere are removed). */
export function normaliseRecord(record: PlainObject, shape?: RecordShape): PlainObject {
  const fieldShape = shape ?? { fields: EVERY_FIELD, elementFields: new Map() };
  return fieldsNeedWork(record, fieldShape.fields, fieldShape) ? normaliseFields(record, fieldShape.fields, fieldShape) : record;
}
