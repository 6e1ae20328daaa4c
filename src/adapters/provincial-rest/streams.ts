import type { Logger } from 'winston';
import { beijingDashed, parseBeijing } from '../../common/time';
import { PageError, SourceError } from '../errors';
import type { Cursor, Page, RawRecord, ReadRequest } from '../types';
import { CURSOR_EXPIRED, type ProvincialClient } from './client';
import { readEnvelope } from './envelope';

/** The four streams of §2.1: endpoint name = stream name, source key field, national interface. */
export const PROVINCIAL_STREAMS = {
  enterprises: { key: 'qyid', interface: 'subjects' },
  batches: { key: 'pcid', interface: 'batches' },
  inspections: { key: 'jcid', interface: 'inspections' },
  certificates: { key: 'hgzid', interface: 'certificates' },
} as const;

export type ProvincialStream = keyof typeof PROVINCIAL_STREAMS;

export function isProvincialStream(stream: string): stream is ProvincialStream {
  return Object.prototype.hasOwnProperty.call(PROVINCIAL_STREAMS, stream);
}

/** `gxsj` and `updatedAfter`: Beijing `YYYY-MM-DD HH:mm:ss`, which sorts as text. */
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
/** §7.1: without `startFrom`, the beginning of the source's history. */
export const HISTORY_START = '1970-01-01 00:00:00';
export const DEFAULT_LOOKBACK_SECONDS = 600;

/** One record of a page as the gateway stages it (§5.11): source key, `gxsj` ordering key, soft delete. */
export function toRawRecord(stream: ProvincialStream, record: unknown, where: string): RawRecord {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new PageError('UNEXPECTED_RESPONSE', `${where} is not a JSON object`);
  }
  const rec = record as Record<string, unknown>;
  const keyField = PROVINCIAL_STREAMS[stream].key;
  const key = rec[keyField];
  if (typeof key !== 'string' || key.trim() === '') {
    throw new PageError('UNEXPECTED_RESPONSE', `${where} has no ${keyField}`);
  }
  const gxsj = typeof rec.gxsj === 'string' ? rec.gxsj.trim() : '';
  const deleted = typeof rec.sfsc === 'string' && rec.sfsc.trim() === '1';
  // The raw record of a JSON source is the JSON object itself, stored as the payload (source-subsystems
  // §5.11); a second copy as text would double what staging writes.
  return { sourceKey: key.trim(), payload: rec, orderingKey: gxsj, ...(deleted ? { deleted } : {}) };
}

export interface ListData {
  records: RawRecord[];
  nextCursor: string | null;
  total?: number;
}

/** `data` of a list answer (§2.4): `records`, `nextCursor` (null on the last page), `total`. */
export function parseListData(stream: ProvincialStream, data: unknown): ListData {
  const d = data as { records?: unknown; nextCursor?: unknown; total?: unknown } | null;
  if (d === null || typeof d !== 'object' || !Array.isArray(d.records)) {
    throw new PageError('UNEXPECTED_RESPONSE', 'data.records is not a list');
  }
  if (d.nextCursor !== null && d.nextCursor !== undefined && (typeof d.nextCursor !== 'string' || d.nextCursor === '')) {
    throw new PageError('UNEXPECTED_RESPONSE', 'data.nextCursor is neither a string nor null');
  }
  const records = d.records.map((r, i) => toRawRecord(stream, r, `data.records[${i}]`));
  return {
    records,
    nextCursor: (d.nextCursor as string | null | undefined) ?? null,
    total: typeof d.total === 'number' ? d.total : undefined,
  };
}

/** A whole list response body, as the adapter reads it (used on the bundled samples too). */
export function parseListBody(stream: ProvincialStream, body: Buffer): ListData {
  const env = readEnvelope(body);
  if (env.code !== 0) throw new PageError('UNEXPECTED_RESPONSE', `HTTP 200 with code ${env.code}`);
  return parseListData(stream, env.data);
}

/** A Beijing time written as `YYYY-MM-DD HH:mm:ss`, `YYYY-MM-DD`, `yyyyMMddHHmmss` or ISO with offset. */
export function toSourceTime(value: string, what: string): string {
  const v = value.trim();
  const ms = parseBeijing(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v} 00:00:00` : v);
  if (ms === null)
    throw new SourceError('config', 'TG_SOURCE_BAD_TIME', `${what} "${value}" is not a time (use 2024-06-12T08:00:00+08:00)`);
  return beijingDashed(ms);
}

function minus(time: string, ms: number): string {
  const t = beijingDashed((parseBeijing(time) ?? 0) - ms);
  return t < HISTORY_START ? HISTORY_START : t;
}

function listPath(stream: string, updatedAfter: string, pageSize: number, cursor: string | undefined): string {
  const q = `updatedAfter=${encodeURIComponent(updatedAfter)}&pageSize=${pageSize}`;
  return `/api/v2/${stream}?${q}${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
}

export interface StreamReadConfig {
  pageSize: number;
  lookbackMs: number;
  /** Beijing `YYYY-MM-DD HH:mm:ss` the stream starts from when nothing is stored (§7.1). */
  initial: string;
  maxCursorRestarts: number;
  log: Logger;
}

function storedMark(from: Cursor | null): string | undefined {
  if (from === null) return undefined;
  const mark = from.updatedAt;
  if (typeof mark !== 'string' || !TIME.test(mark)) {
    throw new SourceError(
      'system',
      'TG_SOURCE_BAD_CURSOR',
      `stored cursor ${JSON.stringify(from)} is not {updatedAt: "YYYY-MM-DD HH:mm:ss"}`,
    );
  }
  return mark;
}

/**
 * §2.4 incremental pull. The stored cursor is the high-water mark `{updatedAt}`: the greatest `gxsj`
 * staged. A pull asks `updatedAfter` = mark − lookback and follows `nextCursor`; every page carries the
 * mark advanced over its records, so a restarted read loses nothing. An expired cursor (40002) restarts
 * the query from the mark reached so far. With `req.window` (backfill) exactly [from, until) is read.
 */
export async function* readStream(client: ProvincialClient, cfg: StreamReadConfig, req: ReadRequest): AsyncGenerator<Page> {
  const stream = req.stream;
  if (!isProvincialStream(stream)) throw new SourceError('config', 'TG_SOURCE_UNKNOWN_STREAM', `${stream} is not a provincial stream`);
  const floor = req.window ? toSourceTime(req.window.from, 'window.from') : undefined;
  const until = req.window?.until ? toSourceTime(req.window.until, 'window.until') : undefined;
  let mark = req.window ? undefined : storedMark(req.from);
  const restartFrom = (): string => {
    if (mark === undefined) return floor ?? cfg.initial;
    const from = minus(mark, cfg.lookbackMs);
    return floor !== undefined && from < floor ? floor : from;
  };
  let updatedAfter = restartFrom();
  let cursor: string | undefined;
  let restarts = 0;
  for (;;) {
    let answer;
    try {
      answer = await client.get(listPath(stream, updatedAfter, cfg.pageSize, cursor), req.signal, (d) => parseListData(stream, d));
    } catch (err) {
      if (!(err instanceof SourceError && err.code === CURSOR_EXPIRED && cursor !== undefined)) throw err;
      if (++restarts > cfg.maxCursorRestarts) {
        throw new SourceError('transient', CURSOR_EXPIRED, `cursor expired ${restarts} times in a row without progress`);
      }
      updatedAfter = restartFrom();
      cfg.log.info('cursor expired; query restarted from the high-water mark', { event: 'source:cursor-expired', stream, updatedAfter });
      cursor = undefined;
      continue;
    }
    const data = answer.value;
    let records = data.records;
    let last = data.nextCursor === null;
    if (until !== undefined) {
      const inside = records.filter((r) => r.orderingKey < until);
      if (inside.length < records.length) last = true;
      records = inside;
    }
    const before = mark;
    for (const r of records) if (TIME.test(r.orderingKey) && (mark === undefined || r.orderingKey > mark)) mark = r.orderingKey;
    if (mark !== before) restarts = 0;
    yield {
      stream,
      records,
      cursor: { updatedAt: mark ?? updatedAfter },
      meta: answer.meta,
      ...(data.total === undefined ? {} : { total: data.total }),
    };
    if (last) return;
    cursor = data.nextCursor ?? undefined;
  }
}
