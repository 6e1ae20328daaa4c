import { createHash } from 'node:crypto';
import { charsetFromContentType, decodeBody } from '../decode';
import { PageError } from '../errors';
import type { AdapterWarning, PageMeta } from '../types';
import type { ExportResponse, MarketClient } from './client';
import { parseExportPage, parseSequence } from './csv';
import type { CsvRow, MarketStream } from './streams';

export interface ExportPage {
  rows: CsvRow[];
  /** X-Next-Since as announced and checked against the last row. */
  nextSince: number;
  meta: PageMeta;
  warnings: AdapterWarning[];
}

/** Media types an export may be labelled with; anything else (an HTML error page, JSON) is not the export. */
const CSV_MEDIA_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/comma-separated-values',
  'application/vnd.ms-excel',
  'text/plain',
  'application/octet-stream',
]);

function headerNumber(headers: Record<string, string>, name: string): number {
  const value = parseSequence(headers[name.toLowerCase()]);
  if (value === null) throw new PageError('UNEXPECTED_RESPONSE', `a 200 answer without a valid ${name} header is not an export page`);
  return value;
}

/**
 * Requests one export page and turns it into checked rows (see readExportResponse). Throws
 * PageError or SourceError; nothing of a failed page is returned.
 */
export async function fetchExportPage(
  client: MarketClient,
  stream: MarketStream,
  since: number,
  limit: number,
  signal: AbortSignal,
): Promise<ExportPage> {
  return readExportResponse(await client.exportPage(stream.name, since, limit, signal), stream, since);
}

/**
 * Reads a 200 export answer: headers (§3.3), charset (§5.9, §7.7), RFC 4180 body and completeness
 * (§5.9). `since` is the value the page was requested with.
 */
export async function readExportResponse(res: ExportResponse, stream: MarketStream, since: number): Promise<ExportPage> {
  const contentType = res.headers['content-type'];
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType && !CSV_MEDIA_TYPES.has(mediaType)) {
    throw new PageError('UNEXPECTED_RESPONSE', `${res.request} answered 200 with ${mediaType}, not CSV`);
  }
  const rowCount = headerNumber(res.headers, 'X-Row-Count');
  const nextSince = headerNumber(res.headers, 'X-Next-Since');
  if (rowCount > 0 && nextSince <= since) {
    throw new PageError(
      'UNEXPECTED_RESPONSE',
      `X-Next-Since ${nextSince} does not advance past since=${since} on a page of ${rowCount} row(s)`,
    );
  }
  const decoded = decodeBody(res.body, charsetFromContentType(contentType));
  const rows = await parseExportPage(decoded.text, stream, { rowCount, nextSince });
  const meta: PageMeta = {
    request: res.request,
    status: res.status,
    headers: res.headers,
    charset: decoded.charset,
    bodyBytes: res.body.length,
    bodySha256: createHash('sha256').update(res.body).digest('hex'),
  };
  return { rows, nextSince, meta, warnings: decoded.warnings };
}
