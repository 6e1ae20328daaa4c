import { hash } from 'node:crypto';

/**
 * JSON text with object keys sorted and no insignificant whitespace (national §3.1, §7.7). It runs for
 * every staged record and every new version, so the value is copied with each object's keys inserted
 * in sorted order and the copy handed to JSON.stringify, whose native loop writes it in about two
 * thirds of the time of text appended key by key in JavaScript.
 */
export function canonicalJson(value: unknown): string {
  return canonicalJsonWithout(value, NOTHING);
}

const NOTHING: ReadonlySet<string> = new Set();

/** canonicalJson of a value with some of its own keys left out (not those of nested objects). */
export function canonicalJsonWithout(value: unknown, omit: ReadonlySet<string>): string {
  const sorted = sortedCopy(value, omit);
  return sorted === KEPT_ORDER_UNSURE ? writtenKeyByKey(value, omit) : (JSON.stringify(sorted) ?? 'null');
}

/**
 * A copy in which JSON.stringify meets every object's keys sorted. JavaScript iterates keys that look
 * like array indexes ("2", "10") first and in numeric order whatever the order they were inserted in,
 * and an assignment to "__proto__" sets the prototype: a value holding either is written key by key.
 */
const KEPT_ORDER_UNSURE = Symbol('kept order unsure');

function sortedCopy(value: unknown, omit: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? null : value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const c = v === null || typeof v !== 'object' ? v : sortedCopy(v, NOTHING);
      if (c === KEPT_ORDER_UNSURE) return c;
      if (c !== v && copy === null) copy = value.slice(0, i);
      if (copy !== null) copy.push(c);
    }
    return copy ?? value;
  }
  const obj = value as Record<string, unknown>;
  const keys = sortedInPlace(Object.keys(obj));
  const copy: Record<string, unknown> = {};
  for (const k of keys) {
    const first = k.charCodeAt(0);
    if ((first >= 48 && first <= 57) || (first === 95 && k === '__proto__')) return KEPT_ORDER_UNSURE;
    if (omit.has(k)) continue;
    const v = obj[k];
    const c = v === null || typeof v !== 'object' ? (typeof v === 'function' || typeof v === 'symbol' ? null : v) : sortedCopy(v, NOTHING);
    if (c === KEPT_ORDER_UNSURE) return c;
    copy[k] = c;
  }
  return copy;
}

const INSERTION_SORT_MAX = 32;

/**
 * An object's keys in code-unit order, as Array.prototype.sort would put them. A record's dozen or so
 * keys are insertion-sorted where they are, in about half the time of the built-in sort, which also
 * allocates a working copy, for every object of every record staged; an object with many keys, where
 * an insertion sort's quadratic time would show, takes the built-in sort.
 */
function sortedInPlace(keys: string[]): string[] {
  if (keys.length > INSERTION_SORT_MAX) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** The same text appended key by key: for the rare value whose keys JavaScript would reorder. */
function writtenKeyByKey(value: unknown, omit: ReadonlySet<string>): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v: unknown = value[i];
      out += v === undefined ? 'null' : writtenKeyByKey(v, NOTHING);
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined || omit.has(k)) continue;
    if (out.length > 1) out += ',';
    out += JSON.stringify(k) + ':' + writtenKeyByKey(v, NOTHING);
  }
  return out + '}';
}

/** One-shot hash (crypto.hash): no Hash object per call, which counts twice for every staged record. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** Hash of a record's canonical content, optionally leaving out fields (version, reportedAt). */
export function contentHash(value: Record<string, unknown> | unknown, omit: readonly string[] = []): string {
  return sha256Hex(omit.length === 0 ? canonicalJson(value) : canonicalJsonWithout(value, new Set(omit)));
}
