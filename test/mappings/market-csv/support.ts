import fs from 'node:fs';
import path from 'node:path';
import { readExportResponse } from '../../../src/adapters/market-csv/page';
import { MARKET_STREAMS, RevisionTracker, toRawRecord, type MarketStream } from '../../../src/adapters/market-csv/streams';
import type { RawRecord } from '../../../src/adapters/types';
import type { MarketRow } from '../../../src/mappings/market-csv/fields';
import type { MappingContext } from '../../../src/mappings/types';

import { ROOT, SAMPLES, tables, validateMapped, pointer } from '../../helpers/mapping-fixtures';

export { ROOT, SAMPLES, tables, validateMapped, pointer };

export const MARKET_CODE = '91620102MA73F0P897';
export const MARKET_NAME = '兰州市城关区金城农贸市场有限公司';

/** The reference instance lz-jc-market over a fixed set of staged vendors (经营户编号 → payload). */
export function contextWith(vendors: ReadonlyMap<string, MarketRow> = new Map()): MappingContext {
  return {
    tables,
    instance: {
      adapterId: 'lz-jc-market',
      regionCode: '620102',
      sourceSystem: 'lz-jc-market',
      params: { marketCode: MARKET_CODE, marketName: MARKET_NAME },
    },
    references: (stream, key) => (stream === 'vendors' ? vendors.get(key) : undefined),
  };
}

export interface ManifestFile {
  file: string;
  source: string;
  stream: string;
  request: string;
  response: { status: number; headers: Record<string, string> };
  fault?: string;
  page?: { outcome: string; reason?: string; warning?: string };
  expect: Array<Record<string, any>>;
}

export function marketManifest(): ManifestFile[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'manifest.json'), 'utf8')) as { files: ManifestFile[] };
  return manifest.files.filter((f) => f.source === 'market');
}

export function sample(file: string): Buffer {
  return fs.readFileSync(path.join(SAMPLES, file));
}

/** `since` and `limit` of a manifest request line `GET /export/x?since=1000&limit=1000`. */
export function requestParams(request: string): { path: string; since: number; limit: number } {
  const url = new URL(request.replace(/^GET /, ''), 'http://market.test');
  return { path: url.pathname + url.search, since: Number(url.searchParams.get('since')), limit: Number(url.searchParams.get('limit')) };
}

/** Header names in lower case, as the adapters' HTTP client gives them. */
export function lowerHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** A sample file read by the adapter's own response reader, as staged records. */
export async function readSample(entry: ManifestFile): Promise<{ records: RawRecord[]; warnings: string[] }> {
  const stream = MARKET_STREAMS[entry.stream as MarketStream['name']];
  const { path: reqPath, since } = requestParams(entry.request);
  const page = await readExportResponse(
    { status: entry.response.status, headers: lowerHeaders(entry.response.headers), body: sample(entry.file), request: `GET ${reqPath}` },
    stream,
    since,
  );
  const tracker = new RevisionTracker();
  return { records: page.rows.map((r) => toRawRecord(stream, r, tracker)), warnings: page.warnings.map((w) => w.code) };
}

/** The staged vendors of the reference samples (market/vendors.gbk.csv), newest row per key. */
export async function sampleVendors(): Promise<Map<string, MarketRow>> {
  const entry = marketManifest().find((f) => f.file === 'market/vendors.gbk.csv')!;
  const { records } = await readSample(entry);
  return new Map(records.map((r) => [r.sourceKey, r.payload as MarketRow]));
}
