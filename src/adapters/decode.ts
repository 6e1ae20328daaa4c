import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { PageError } from './errors';
import type { AdapterWarning } from './types';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const GBK_FAMILY = new Set(['gbk', 'gb2312', 'gb18030', 'cp936', 'x-gbk']);

export interface DecodedBody {
  text: string;
  /** The charset actually used: `utf-8` or `gb18030`. */
  charset: string;
  warnings: AdapterWarning[];
}

/** `text/csv; charset=GBK` → `gbk`; undefined when no charset is declared. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1]?.toLowerCase();
}

/** The `encoding` of an XML declaration, read from the first bytes as ASCII. */
export function charsetFromXmlDeclaration(body: Buffer): string | undefined {
  const head = body.subarray(0, 200).toString('latin1');
  const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  return m?.[1]?.toLowerCase();
}

function hasNonAscii(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i]! > 0x7f) return true;
  return false;
}

function strictUtf8(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new PageError('UNDECODABLE_BODY', 'body is not valid UTF-8');
  }
}

function strictGb18030(buf: Buffer): string {
  // iconv-lite substitutes U+FFFD for invalid sequences; a round trip exposes them without guessing.
  const text = iconv.decode(buf, 'gb18030');
  if (text.includes('\uFFFD') && !iconv.encode(text, 'gb18030').equals(buf)) {
    throw new PageError('UNDECODABLE_BODY', 'body is not valid GB18030/GBK');
  }
  return text;
}

/**
 * Charset resolution of source-subsystems §5.9 and §7.7: a BOM means UTF-8; otherwise the declared
 * charset; a GBK-family label on a body that is valid UTF-8 with non-ASCII bytes is UTF-8 with
 * CHARSET_MISLABELLED; GBK-family bodies decode as GB18030; decoding is strict.
 */
export function decodeBody(body: Buffer, declared: string | undefined): DecodedBody {
  const label = (declared ?? 'utf-8').toLowerCase();
  const gbkLabelled = GBK_FAMILY.has(label);
  if (body.subarray(0, 3).equals(UTF8_BOM)) {
    const warnings: AdapterWarning[] = gbkLabelled
      ? [{ code: 'CHARSET_MISLABELLED', message: `body declared ${label} starts with a UTF-8 byte-order mark; decoded as UTF-8` }]
      : [];
    return { text: strictUtf8(body.subarray(3)), charset: 'utf-8', warnings };
  }
  if (gbkLabelled) {
    if (hasNonAscii(body) && isUtf8(body)) {
      return {
        text: strictUtf8(body),
        charset: 'utf-8',
        warnings: [{ code: 'CHARSET_MISLABELLED', message: `body declared ${label} is valid UTF-8; decoded as UTF-8` }],
      };
    }
    return { text: strictGb18030(body), charset: 'gb18030', warnings: [] };
  }
  if (label === 'utf-8' || label === 'utf8') return { text: strictUtf8(body), charset: 'utf-8', warnings: [] };
  throw new PageError('UNDECODABLE_BODY', `unsupported charset ${label}`);
}
