import { Builder, Parser } from 'xml2js';
import { charsetFromContentType, charsetFromXmlDeclaration, decodeBody } from '../decode';
import { PageError } from '../errors';
import type { AdapterWarning } from '../types';

/**
 * Reading mvts responses (source-subsystems §4.2, §4.6, §5.9). xml2js runs with one fixed set of
 * options; every child is an array (`explicitArray`) and the helpers below turn that into plain
 * values, so one or many `Record`s, `<Records/>`, empty or whitespace-only elements, CDATA,
 * unknown elements and any element order read the same way.
 */

/** Characters parsed per turn of the event loop (about a millisecond of work). */
export const XML_CHUNK_CHARS = 64 * 1024;

const PARSER_OPTIONS = {
  explicitArray: true,
  explicitRoot: true,
  explicitCharkey: false,
  ignoreAttrs: true,
  trim: false, // whitespace-only text survives xml2js trimming; values are trimmed in plainValue()
  normalize: false,
  normalizeTags: false,
  emptyTag: '',
  strict: true,
  // The text is fed to the SAX parser in chunks, with a turn of the event loop between them, so a large
  // body (up to maxResponseBytes) never holds the loop for more than one chunk's parse.
  async: true,
  chunkSize: XML_CHUNK_CHARS,
} as const;

/** An element's value as the mapping sees it: trimmed text, or nested elements as lists. */
export type XmlValue = string | { [name: string]: XmlValue[] };
/** One `Record` element: its child elements by name (first occurrence), values trimmed. */
export type XmlRecord = Record<string, XmlValue>;

export interface MvtsHead {
  code: string;
  message: string;
  totalCount?: number;
  pageNo?: number;
  pageSize?: number;
}

export interface MvtsResponse {
  head: MvtsHead;
  /** The parsed `Body` element (`{}` when absent or empty). */
  body: Record<string, unknown>;
  /** Decoded response text, for slicing `Record` elements. */
  text: string;
  charset: string;
  warnings: AdapterWarning[];
}

/** One child or many, undefined or an empty-element string: always a list. */
export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Trimmed text of a parsed node; nested elements become `{ name: [values] }`. */
export function plainValue(node: unknown): XmlValue {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node.trim();
  if (typeof node !== 'object') return String(node).trim();
  const out: { [name: string]: XmlValue[] } = {};
  let hasChildren = false;
  for (const [name, child] of Object.entries(node as Record<string, unknown>)) {
    if (name === '$') continue;
    if (name === '_') {
      const t = typeof child === 'string' ? child.trim() : '';
      if (t !== '') out._ = [t];
      continue;
    }
    hasChildren = true;
    out[name] = asArray(child).map(plainValue);
  }
  if (!hasChildren) return out._ ? (out._[0] as string) : '';
  return out;
}

/** A `Record` node → its fields; a repeated field keeps its first occurrence. */
export function recordFields(node: unknown): XmlRecord {
  const out: XmlRecord = {};
  if (node === null || typeof node !== 'object') return out;
  for (const [name, child] of Object.entries(node as Record<string, unknown>)) {
    if (name === '$' || name === '_') continue;
    out[name] = plainValue(asArray(child)[0]);
  }
  return out;
}

/** The text of a scalar field, or undefined when absent, empty or nested. */
export function fieldText(record: XmlRecord, name: string): string | undefined {
  const v = record[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** An mvts document, or a piece of the start of one (a body cut in its first bytes). */
function looksLikeXml(text: string): boolean {
  const t = text.trimStart();
  return ['<?xml', '<Response'].some((start) => t.startsWith(start) || start.startsWith(t));
}

/** §5.9: charset from the XML declaration, then Content-Type; strict decoding. */
export function decodeXmlBody(
  body: Buffer,
  contentType: string | undefined,
): { text: string; charset: string; warnings: AdapterWarning[] } {
  const declared = charsetFromXmlDeclaration(body) ?? charsetFromContentType(contentType) ?? 'utf-8';
  try {
    return decodeBody(body, declared);
  } catch (err) {
    // A body cut inside a multi-byte character is a truncation, not a charset problem.
    if (err instanceof PageError && err.code === 'UNDECODABLE_BODY' && !endsWithTagClose(body)) {
      throw new PageError('MALFORMED_BODY', `body of ${body.length} bytes ends inside a character: truncated`);
    }
    throw err;
  }
}

function endsWithTagClose(body: Buffer): boolean {
  let i = body.length - 1;
  while (i >= 0 && (body[i] === 0x20 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x09)) i--;
  return i >= 0 && body[i] === 0x3e;
}

/** Parses a decoded response into its `Head` and `Body`; an unusable body is a PageError. */
export async function parseResponseText(text: string): Promise<{ head: MvtsHead; body: Record<string, unknown> }> {
  if (text.trim() === '') throw new PageError('MALFORMED_BODY', 'empty body');
  let doc: unknown;
  try {
    doc = await new Parser(PARSER_OPTIONS).parseStringPromise(text);
  } catch (err) {
    const reason = String((err as Error).message ?? err).split('\n')[0];
    if (!looksLikeXml(text)) throw new PageError('UNEXPECTED_RESPONSE', `body is not an mvts XML response (${reason})`);
    throw new PageError('MALFORMED_BODY', `XML does not parse: ${reason}`);
  }
  if (doc === null || doc === undefined) throw new PageError('MALFORMED_BODY', 'XML has no root element');
  const root = (doc as Record<string, unknown>).Response;
  if (root === undefined || root === null || typeof root !== 'object') {
    throw new PageError('UNEXPECTED_RESPONSE', 'body has no <Response> root element');
  }
  const headNode = asArray((root as Record<string, unknown>).Head)[0];
  if (headNode === undefined || typeof headNode !== 'object' || headNode === null) {
    throw new PageError('UNEXPECTED_RESPONSE', 'response has no <Head>');
  }
  const head = recordFields(headNode);
  const code = typeof head.Code === 'string' ? head.Code : '';
  if (code === '') throw new PageError('UNEXPECTED_RESPONSE', 'response <Head> has no <Code>');
  const bodyNode = asArray((root as Record<string, unknown>).Body)[0];
  return {
    head: {
      code,
      message: typeof head.Message === 'string' ? head.Message : '',
      totalCount: intOrUndefined(head.TotalCount),
      pageNo: intOrUndefined(head.PageNo),
      pageSize: intOrUndefined(head.PageSize),
    },
    body: bodyNode !== null && typeof bodyNode === 'object' ? (bodyNode as Record<string, unknown>) : {},
  };
}

function intOrUndefined(v: XmlValue | undefined): number | undefined {
  return typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : undefined;
}

/** Decode and parse one HTTP response body. */
export async function readResponse(body: Buffer, contentType: string | undefined): Promise<MvtsResponse> {
  const decoded = decodeXmlBody(body, contentType);
  const parsed = await parseResponseText(decoded.text);
  return { ...parsed, text: decoded.text, charset: decoded.charset, warnings: decoded.warnings };
}

/** The parsed `Record` nodes of `Body/Records` (none for `<Records/>`, whitespace or absence). */
export function recordNodes(body: Record<string, unknown>): unknown[] {
  const records = asArray(body.Records)[0];
  if (records === undefined || records === null || typeof records !== 'object') return [];
  return asArray((records as Record<string, unknown>).Record).filter((r) => r !== undefined);
}

const RECORD_TOKENS = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<Record(?:\s[^>]*)?\/>|<Record(?:\s[^>]*)?>|<\/Record\s*>/g;

/**
 * The `<Record>` elements exactly as received, in document order. CDATA sections and comments are
 * skipped so a `</Record>` inside one does not end an element. Returns null when the slices do not
 * line up (`expected` elements), so the caller can rebuild the text instead.
 */
export function sliceRecordElements(text: string, expected: number): string[] | null {
  const out: string[] = [];
  let start = -1;
  RECORD_TOKENS.lastIndex = 0;
  for (let m = RECORD_TOKENS.exec(text); m !== null; m = RECORD_TOKENS.exec(text)) {
    const tok = m[0];
    if (tok.startsWith('<![CDATA[') || tok.startsWith('<!--')) continue;
    if (tok.startsWith('</')) {
      if (start < 0) return null;
      out.push(text.slice(start, m.index + tok.length));
      start = -1;
    } else if (tok.endsWith('/>')) {
      if (start >= 0) return null;
      out.push(tok);
    } else {
      if (start >= 0) return null;
      start = m.index;
    }
  }
  return start < 0 && out.length === expected ? out : null;
}

const builder = new Builder({ headless: true, rootName: 'Record', renderOpts: { pretty: false } });

/** Rebuilds a `<Record>` element from its parsed node (used only when slicing fails). */
export function buildRecordText(node: unknown): string {
  return builder.buildObject(node ?? {});
}
