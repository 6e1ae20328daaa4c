import { hash } from 'node:crypto';

/**
 * JSON text with object keys sorted and no insignificant whitespace (national §3.1, §7.7). Built by
 * appending to one string: it runs for every staged record and every new version.
 */
export function canonicalJson(value: unknown): string {
  return canonicalJsonWithout(value, NOTHING);
}

const NOTHING: ReadonlySet<string> = new Set();

/** canonicalJson of a value with some of its own keys left out (not those of nested objects), without copying it. */
export function canonicalJsonWithout(value: unknown, omit: ReadonlySet<string>): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v: unknown = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
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
    out += JSON.stringify(k) + ':' + canonicalJson(v);
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
