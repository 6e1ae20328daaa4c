/**
 * National §5 and §7.11: strings are trimmed, and a string that trims to "" counts as missing.
 * Applied to record fields, to the fields of objects inside arrays (`items[]`) and to string
 * array elements (which stay in place, so `""` is a bad element rather than a missing one).
 * A key whose value is `undefined` is absent, as `JSON.stringify` would leave it out.
 *
 * The input is never changed; when nothing needs normalising the same object is returned, so the
 * common, already-clean record costs no allocation.
 */

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringNeedsTrim(value: string): boolean {
  return value.length === 0 || value.trim() !== value;
}

function fieldsNeedWork(object: PlainObject, deep: boolean): boolean {
  for (const key in object) {
    const value = object[key];
    if (value === undefined) return true;
    if (typeof value === 'string') {
      if (stringNeedsTrim(value)) return true;
    } else if (deep && Array.isArray(value)) {
      for (const element of value) {
        if (typeof element === 'string' ? element.trim() !== element : isPlainObject(element) && fieldsNeedWork(element, false)) {
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

function normaliseFields(object: PlainObject, deep: boolean): PlainObject {
  const out: PlainObject = {};
  for (const key in object) {
    const value = object[key];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed !== '') setField(out, key, trimmed);
    } else if (deep && Array.isArray(value)) {
      setField(
        out,
        key,
        value.map((element: unknown) =>
          typeof element === 'string' ? element.trim() : isPlainObject(element) ? normaliseFields(element, false) : element,
        ),
      );
    } else {
      setField(out, key, value);
    }
  }
  return out;
}

export function normaliseRecord(record: PlainObject): PlainObject {
  return fieldsNeedWork(record, true) ? normaliseFields(record, true) : record;
}
