import iconv from 'iconv-lite';
import type { StoredRow } from './dataset';
import type { MarketStreamName } from './types';

/** Export columns in the order the market writes them (source-subsystems §3.6–§3.8). */
export const EXPORT_COLUMNS: Record<MarketStreamName, readonly string[]> = {
  vendors: ['同步序号', '经营户编号', '摊位号', '经营者名称', '证件类型', '证件号码', '联系电话', '登记日期'],
  entries: [
    '同步序号',
    '进场单号',
    '摊位号',
    '经营户编号',
    '供货商证件号',
    '商品编码',
    '商品名称',
    '数量',
    '单位',
    '产地',
    '进场时间',
    '合格证号',
    '检疫证号',
    '来源追溯码',
    '更正标志',
  ],
  sales: [
    '同步序号',
    '票号',
    '摊位号',
    '经营户编号',
    '买方证件号',
    '商品编码',
    '商品名称',
    '数量',
    '单位',
    '单价',
    '金额',
    '交易时间',
    '追溯码',
    '来源追溯码',
    '更正标志',
  ],
};

/** RFC 4180 (§3.4): quoted when the field holds a comma, quote, CR, LF or TAB; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n\t]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface CsvText {
  text: string;
  /** Character offset where each data row starts (for a detectable truncation). */
  rowStarts: number[];
}

/** The header row and the rows, every row (the last too) ended by CRLF. */
export function exportCsv(stream: MarketStreamName, rows: readonly StoredRow[]): CsvText {
  const columns = EXPORT_COLUMNS[stream];
  let text = columns.join(',') + '\r\n';
  const rowStarts: number[] = [];
  for (const row of rows) {
    rowStarts.push(text.length);
    text += columns.map((c) => csvField(c === '同步序号' ? String(row.seq) : (row.values[c] ?? ''))).join(',') + '\r\n';
  }
  return { text, rowStarts };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** GBK installations write GB18030-compatible bytes (§7.7); UTF-8 installations start with a BOM. */
export function encodeCsv(text: string, charset: 'gbk' | 'utf-8', bom = true): Buffer {
  if (charset === 'gbk') return iconv.encode(text, 'gb18030');
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([BOM, body]) : body;
}

export function contentType(charset: 'gbk' | 'utf-8'): string {
  return charset === 'gbk' ? 'text/csv; charset=GBK' : 'text/csv; charset=utf-8';
}
