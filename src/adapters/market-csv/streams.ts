import type { AdapterWarning, RawRecord } from '../types';
import { HighestSequences } from './highest-sequences';

/** The export sequence column every stream carries (§3.3). */
export const SEQ_COLUMN = '同步序号';
/** `1`: the row corrects an earlier row with the same key (§3.9). */
export const CORRECTION_COLUMN = '更正标志';

/** One data row: trimmed values by column name, the raw line(s) as received, and its 同步序号. */
export interface CsvRow {
  seq: number;
  payload: Record<string, string>;
  rawText: string;
}

export interface MarketStream {
  name: 'vendors' | 'entries' | 'sales';
  interface: 'subjects' | 'entries' | 'trades';
  /** Source key column (§3.1). */
  keyColumn: string;
  /** Every column the export must carry (§3.6–§3.8); others are kept in the payload and ignored. */
  columns: readonly string[];
  /** Whether rows carry 更正标志 (entries and sales). */
  flagsCorrections: boolean;
}

export const MARKET_STREAMS: Readonly<Record<MarketStream['name'], MarketStream>> = Object.freeze({
  vendors: {
    name: 'vendors',
    interface: 'subjects',
    keyColumn: '经营户编号',
    columns: ['同步序号', '经营户编号', '摊位号', '经营者名称', '证件类型', '证件号码', '联系电话', '登记日期'],
    flagsCorrections: false,
  },
  entries: {
    name: 'entries',
    interface: 'entries',
    keyColumn: '进场单号',
    columns: [
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
    flagsCorrections: true,
  },
  sales: {
    name: 'sales',
    interface: 'trades',
    keyColumn: '票号',
    columns: [
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
    flagsCorrections: true,
  },
});

export function marketStream(name: string): MarketStream | undefined {
  return Object.prototype.hasOwnProperty.call(MARKET_STREAMS, name) ? MARKET_STREAMS[name as MarketStream['name']] : undefined;
}

/** 同步序号 as a key that sorts as text (§5.6): zero-padded to 20 digits. */
export function orderingKeyOf(seq: number): string {
  return String(seq).padStart(20, '0');
}

/**
 * The keys of one pull with the highest 同步序号 seen, to notice a later row of the same key without
 * 更正标志 = 1 (UNFLAGGED_REVISION, §3.9). Bounded: the oldest keys are forgotten first, so a
 * backfill of millions of rows does not grow memory without limit.
 */
export class RevisionTracker {
  private readonly seen: HighestSequences;

  constructor(capacity = 200_000) {
    this.seen = new HighestSequences(capacity);
  }

  /** Records the row and returns the warning it deserves, if any. */
  observe(stream: MarketStream, key: string, seq: number, flag: string | undefined): AdapterWarning | undefined {
    // A revised key becomes the youngest: keys still being revised are kept.
    const previous = this.seen.record(key, seq);
    if (previous === undefined || seq <= previous) return undefined; // seq <= previous: the same row again (lookback, duplicateRows), not a revision
    if (!stream.flagsCorrections || flag === '1') return undefined;
    return {
      code: 'UNFLAGGED_REVISION',
      message: `${stream.keyColumn} ${key}: row ${seq} supersedes row ${previous} with ${CORRECTION_COLUMN} "${flag ?? ''}" instead of "1"`,
    };
  }
}

/**
 * A parsed row as a RawRecord. A row without its key (the export promises one) is staged under
 * `#<同步序号>` so that the mapping quarantines it instead of the page blocking the stream.
 */
export function toRawRecord(stream: MarketStream, row: CsvRow, tracker: RevisionTracker): RawRecord {
  const key = row.payload[stream.keyColumn] ?? '';
  const sourceKey = key === '' ? `#${row.seq}` : key;
  const warning = tracker.observe(stream, sourceKey, row.seq, stream.flagsCorrections ? row.payload[CORRECTION_COLUMN] : undefined);
  const record: RawRecord = { sourceKey, payload: row.payload, rawText: row.rawText, orderingKey: orderingKeyOf(row.seq) };
  if (warning) record.warnings = [warning];
  return record;
}
