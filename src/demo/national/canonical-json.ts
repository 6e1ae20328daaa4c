/**
 * Canonical text of JSON (national §7.7): object keys sorted, whitespace between tokens
 * removed, every scalar exactly as written (`1.5` and `1.50` differ, `"\u0041"` and `"A"`
 * differ). JSON.parse would lose the spelling of scalars, so this walks the raw text.
 * The input must already be known to be valid JSON (check it with JSON.parse first).
 */

interface Cursor {
  text: string;
  i: number;
}

function skipWhitespace(c: Cursor): void {
  while (c.i < c.text.length) {
    const ch = c.text.charCodeAt(c.i);
    if (ch !== 0x20 && ch !== 0x0a && ch !== 0x0d && ch !== 0x09) return;
    c.i++;
  }
}

function readString(c: Cursor): string {
  const start = c.i;
  c.i++; // opening quote
  while (c.text[c.i] !== '"') c.i += c.text[c.i] === '\\' ? 2 : 1;
  c.i++;
  return c.text.slice(start, c.i);
}

function readLiteral(c: Cursor): string {
  const start = c.i;
  while (c.i < c.text.length && /[-+.0-9a-zA-Z]/.test(c.text[c.i])) c.i++;
  return c.text.slice(start, c.i);
}

function readValue(c: Cursor): string {
  skipWhitespace(c);
  const ch = c.text[c.i];
  if (ch === '{') return readObject(c);
  if (ch === '[') return readArray(c);
  if (ch === '"') return readString(c);
  return readLiteral(c);
}

function readObject(c: Cursor): string {
  c.i++;
  // Later duplicates win, as with JSON.parse.
  const members = new Map<string, string>();
  skipWhitespace(c);
  if (c.text[c.i] === '}') {
    c.i++;
    return '{}';
  }
  for (;;) {
    skipWhitespace(c);
    const key = JSON.parse(readString(c)) as string;
    skipWhitespace(c);
    c.i++; // colon
    members.set(key, readValue(c));
    skipWhitespace(c);
    if (c.text[c.i++] === '}') break;
  }
  const keys = [...members.keys()].sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${members.get(k)}`).join(',')}}`;
}

function readElements(c: Cursor): string[] {
  c.i++;
  const items: string[] = [];
  skipWhitespace(c);
  if (c.text[c.i] === ']') {
    c.i++;
    return items;
  }
  for (;;) {
    items.push(readValue(c));
    skipWhitespace(c);
    if (c.text[c.i++] === ']') break;
  }
  return items;
}

function readArray(c: Cursor): string {
  return `[${readElements(c).join(',')}]`;
}

/** Canonical text of a whole JSON document. */
export function canonicalJson(text: string): string {
  return readValue({ text, i: 0 });
}

/**
 * Canonical text of each element of the top-level object's `records` array, in order;
 * undefined when the document is not an object or `records` is not an array.
 */
export function canonicalRecordTexts(text: string): string[] | undefined {
  const c: Cursor = { text, i: 0 };
  skipWhitespace(c);
  if (text[c.i] !== '{') return undefined;
  c.i++;
  let records: string[] | undefined;
  skipWhitespace(c);
  if (text[c.i] === '}') return undefined;
  for (;;) {
    skipWhitespace(c);
    const key = JSON.parse(readString(c)) as string;
    skipWhitespace(c);
    c.i++;
    skipWhitespace(c);
    if (key === 'records') {
      records = text[c.i] === '[' ? readElements(c) : (readValue(c), undefined);
    } else {
      readValue(c);
    }
    skipWhitespace(c);
    if (text[c.i++] === '}') break;
  }
  return records;
}
