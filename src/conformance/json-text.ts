/**
 * JSON text with control over what JSON.stringify cannot express: numbers as written (`8.330`,
 * `1.50`, national §1 and §7.7) and a different but equivalent layout (§3.1 identical content).
 */

/** A JSON number kept exactly as written. */
export class RawNumber {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw new Error(`not a JSON number: ${text}`);
  }

  toJSON(): string {
    return `\u0000raw:${this.text}\u0000`;
  }
}

export interface JsonTextOptions {
  /** Object keys in reverse order, two-space indentation and spaces after colons. */
  relayout?: boolean;
}

export function toJsonText(value: unknown, options: JsonTextOptions = {}): string {
  const prepared = options.relayout ? reverseKeys(value) : value;
  const text = options.relayout ? JSON.stringify(prepared, null, 2) : JSON.stringify(prepared);
  return text.replace(/"\\u0000raw:([^"\\]+)\\u0000"/g, '$1');
}

export function toJsonBuffer(value: unknown, options: JsonTextOptions = {}): Buffer {
  return Buffer.from(toJsonText(value, options), 'utf8');
}

function reverseKeys(value: unknown): unknown {
  if (value instanceof RawNumber || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(reverseKeys);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) out[key] = reverseKeys((value as Record<string, unknown>)[key]);
  return out;
}
