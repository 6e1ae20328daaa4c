import { parse } from 'csv-parse';
import { PageError } from '../errors';
import { SEQ_COLUMN, type CsvRow, type MarketStream } from './streams';

/** What the response headers announced (§3.3), checked against the body (§5.9). */
export interface PageAnnouncement {
  rowCount: number;
  nextSince: number;
}

const MAX_SEQ_DIGITS = 15; // well inside Number.MAX_SAFE_INTEGER

/** A non-negative integer written in ASCII digits, or null. */
export function parseSequence(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (!/^\d+$/.test(v)) return null;
  const digits = v.replace(/^0+(?=\d)/, '');
  return digits.length > MAX_SEQ_DIGITS ? null : Number(digits);
}

function malformed(message: string): PageError {
  return new PageError('MALFORMED_BODY', message);
}

/**
 * Parses one decoded export page (RFC 4180, §3.4) with csv-parse and checks its completeness
 * (§5.9): every expected column in the header, as many data rows as `X-Row-Count`, the last row's
 * 同步序号 equal to `X-Next-Since`, no quoted field left open, and the last row ended by its line
 * break. Columns are located by name; extra columns are kept in the payload and ignored by the
 * mappings. Every field is trimmed (the leading TAB of identifier columns included).
 */
export async function parseExportPage(text: string, stream: MarketStream, announced: PageAnnouncement): Promise<CsvRow[]> {
  const parser = parse({ raw: true, bom: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] });
  parser.end(text);

  let header: string[] | undefined;
  let seqIndex = -1;
  const rows: CsvRow[] = [];
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      if (header === undefined) {
        header = item.record.map((name) => name.trim());
        const missing = stream.columns.filter((c) => !header!.includes(c));
        if (missing.length > 0) throw malformed(`the header lacks column(s) ${missing.join(', ')} of stream ${stream.name}`);
        seqIndex = header.indexOf(SEQ_COLUMN);
        continue;
      }
      const fields = item.record;
      const payload: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) payload[header[i]!] = fields[i]!.trim();
      const seq = parseSequence(fields[seqIndex]);
      if (seq === null)
        throw malformed(`data row ${rows.length + 1}: ${SEQ_COLUMN} "${payload[SEQ_COLUMN]}" is not a non-negative integer`);
      rows.push({ seq, payload, rawText: item.raw.replace(/[\r\n]+$/, '') });
    }
  } catch (err) {
    if (err instanceof PageError) throw err;
    const e = err as { code?: string; message?: string };
    throw malformed(`CSV syntax error (${e.code ?? 'unknown'}): ${e.message ?? ''}`.trim());
  }

  if (header === undefined) throw malformed('the body has no header row');
  if (rows.length !== announced.rowCount) {
    throw malformed(`the body has ${rows.length} data row(s), X-Row-Count announced ${announced.rowCount}`);
  }
  if (rows.length > 0) {
    const last = rows[rows.length - 1]!.seq;
    if (last !== announced.nextSince)
      throw malformed(`the last row has ${SEQ_COLUMN} ${last}, X-Next-Since announced ${announced.nextSince}`);
    if (!/[\r\n]$/.test(text)) throw malformed('the last row is not terminated by a line break (body cut short)');
  }
  return rows;
}
