import { createHash } from 'node:crypto';

/**
 * JSON text with object keys sorted and no insignificant whitespace (national §3.1, §7.7). Built by
 * appending to one string: it runs for every staged record and every new version.
 */
export function canonicalJson(value: unknown): string {
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
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return out + '}';
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hash of a record's canonical content, optionally leaving out fields (version, reportedAt). */
export function contentHash(value: Record<string, unknown> | unknown, omit: readonly string[] = []): string {
  if (omit.length === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return sha256Hex(canonicalJson(value));
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const k of omit) delete copy[k];
  return sha256Hex(canonicalJson(copy));
}
