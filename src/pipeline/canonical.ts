import { createHash } from 'node:crypto';

/** JSON text with object keys sorted and no insignificant whitespace (national §3.1, §7.7). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
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
