import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawRecord } from '../../../src/adapters/types';
import { marketCsvMappings } from '../../../src/mappings/market-csv';
import type { MarketRow } from '../../../src/mappings/market-csv/fields';
import type { NationalInterface } from '../../../src/national/types';
import { createMarketSimulator, type CatalogEntry, type MarketSimulator, type MarketSimulatorOptions } from '../../../src/demo/market-csv';
import { readAll, recordsOf } from '../../contracts/source-adapter';
import { API_KEY, FIXED_NOW, marketAdapter } from '../../adapters/market-csv/setup';
import { contextWith, validateMapped } from '../../mappings/market-csv/support';

let sim: MarketSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(opts: Partial<MarketSimulatorOptions> = {}) {
  sim = createMarketSimulator({ apiKey: API_KEY, seed: 11, now: () => FIXED_NOW, rateLimitPerSecond: 0, ...opts });
  return sim.listen();
}

async function get(url: string, key = API_KEY) {
  const res = await fetch(url, { headers: { 'X-Api-Key': key } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** The newest revision (greatest 同步序号) of every source key. */
function newest(records: readonly RawRecord[]): Map<string, RawRecord> {
  const out = new Map<string, RawRecord>();
  for (const r of records) if (!out.has(r.sourceKey) || out.get(r.sourceKey)!.orderingKey <= r.orderingKey) out.set(r.sourceKey, r);
  return out;
}

/** What the gateway would end with for a record: 'valid', or the mapping/national reasons. */
function outcome(stream: string, payload: unknown, vendors: Map<string, MarketRow>): 'valid' | string[] {
  const mapping = marketCsvMappings.mappings.find((m) => m.from.stream === stream)!;
  const result = mapping.map(payload, contextWith(vendors));
  if (!result.ok) return result.errors.map((e) => e.code);
  const errors = validateMapped(mapping.to as NationalInterface, result.record);
  return errors.length === 0 ? 'valid' : errors.map((e) => e.code);
}

async function pullEverything(url: string) {
  const { adapter } = marketAdapter(url, { limit: 50 });
  const records: Record<string, RawRecord[]> = {};
  for (const stream of ['vendors', 'entries', 'sales']) records[stream] = recordsOf(await readAll(adapter, { stream }));
  return records;
}

function checkAgainstCatalog(catalog: CatalogEntry[], records: Record<string, RawRecord[]>): void {
  const vendors = new Map([...newest(records.vendors!)].map(([k, r]) => [k, r.payload as MarketRow]));
  for (const entry of catalog) {
    const rec = newest(records[entry.stream]!).get(entry.sourceKey);
    expect(rec, `${entry.recordId} was served`).toBeDefined();
    const got = outcome(entry.stream, rec!.payload, vendors);
    if (entry.expected === 'valid') expect(got, entry.recordId).toBe('valid');
    else if (entry.expected === 'deleted') throw new Error('the market has no deletion');
    else expect(got, entry.recordId).toContain(entry.expected.reason);
  }
}

describe('market simulator', () => {
  it('serves a coherent data set whose every record ends as its catalog says', async () => {
    const { url } = await start({ initialRecords: 60, dirtyShare: 0.25 });
    const records = await pullEverything(url);
    const catalog = sim!.catalog();
    expect(catalog.length).toBeGreaterThanOrEqual(180);
    checkAgainstCatalog(catalog, records);

    // Every dirty kind of the samples occurs, and most records are clean.
    const reasons = new Set(catalog.flatMap((c) => (typeof c.expected === 'object' ? [c.expected.reason] : [])));
    expect(reasons.size).toBeGreaterThanOrEqual(4);
    expect(catalog.filter((c) => c.expected === 'valid').length).toBeGreaterThan(catalog.length / 2);

    // Entries and sales reference registered vendors; sales sell from entries' 来源追溯码.
    const vendorKeys = new Set(records.vendors!.map((r) => r.sourceKey));
    const entryCodes = new Set(records.entries!.map((r) => (r.payload as MarketRow)['来源追溯码']));
    const validSales = catalog
      .filter((c) => c.stream === 'sales' && c.expected === 'valid')
      .map((c) => newest(records.sales!).get(c.sourceKey)!);
    for (const sale of validSales) {
      const row = sale.payload as MarketRow;
      expect(vendorKeys.has(row['经营户编号']!)).toBe(true);
      expect(entryCodes.has(row['来源追溯码'])).toBe(true);
    }
  });

  it('writes revisions: vendor changes, flagged corrections and some unflagged ones', async () => {
    const { url } = await start({ initialRecords: 80, dirtyShare: 0 });
    const records = await pullEverything(url);
    const repeated = (rs: RawRecord[]) => rs.length - new Set(rs.map((r) => r.sourceKey)).size;
    expect(repeated(records.vendors!)).toBeGreaterThan(0);
    const revisions = [...records.entries!, ...records.sales!].filter((r) => r.orderingKey > newestFirst(records, r));
    expect(revisions.some((r) => (r.payload as MarketRow)['更正标志'] === '1')).toBe(true);
    expect(revisions.some((r) => (r.payload as MarketRow)['更正标志'] === '0' && r.warnings?.[0]?.code === 'UNFLAGGED_REVISION')).toBe(
      true,
    );
    checkAgainstCatalog(sim!.catalog(), records);
  });

  it('is deterministic for a seed and different for another', async () => {
    const a = createMarketSimulator({ apiKey: API_KEY, seed: 5, now: () => FIXED_NOW });
    const b = createMarketSimulator({ apiKey: API_KEY, seed: 5, now: () => FIXED_NOW });
    const c = createMarketSimulator({ apiKey: API_KEY, seed: 6, now: () => FIXED_NOW });
    expect(a.catalog()).toEqual(b.catalog());
    expect(a.catalog()).not.toEqual(c.catalog());
  });

  it('keeps generating records as time passes (newRecordsPerMinute)', async () => {
    let t = FIXED_NOW;
    const { url } = await start({ initialRecords: 5, newRecordsPerMinute: 60, now: () => t });
    const before = sim!.catalog().length;
    t += 2 * 60_000;
    const after = sim!.catalog();
    expect(after.length).toBeGreaterThan(before + 20);
    checkAgainstCatalog(after, await pullEverything(url));
  });

  it('answers per §3.3: GBK CSV with CRLF rows, X-Next-Since and X-Row-Count, empty pages', async () => {
    const { url } = await start({ initialRecords: 3 });
    const page = await get(`${url}/export/vendors?since=0&limit=2`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/csv; charset=GBK');
    expect(page.headers.get('x-row-count')).toBe('2');
    const text = iconv.decode(page.body, 'gb18030');
    expect(text.startsWith('同步序号,经营户编号,摊位号,经营者名称,证件类型,证件号码,联系电话,登记日期\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const lastSeq = text.trim().split('\r\n').at(-1)!.split(',')[0];
    expect(page.headers.get('x-next-since')).toBe(lastSeq);

    const empty = await get(`${url}/export/vendors?since=999999&limit=10`);
    expect([empty.headers.get('x-row-count'), empty.headers.get('x-next-since')]).toEqual(['0', '999999']);
    expect(iconv.decode(empty.body, 'gb18030')).toBe('同步序号,经营户编号,摊位号,经营者名称,证件类型,证件号码,联系电话,登记日期\r\n');
  });

  it('writes UTF-8 with a BOM when so installed', async () => {
    const { url } = await start({ initialRecords: 2, charset: 'utf-8' });
    const page = await get(`${url}/export/sales?since=0&limit=5`);
    expect(page.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...page.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it.each([
    ['/export/vendors?since=0', 'nope', 401, 'invalid api key'],
    ['/export/stalls?since=0', API_KEY, 404, 'unknown stream'],
    ['/export/vendors?since=-1', API_KEY, 400, 'since must be a non-negative integer'],
    ['/export/vendors?since=0&limit=5001', API_KEY, 400, 'limit must be 1..5000'],
    ['/export/vendors?since=0&limit=0', API_KEY, 400, 'limit must be 1..5000'],
  ])('GET %s with key %s → %d %s', async (path, key, status, message) => {
    const { url } = await start({ initialRecords: 1 });
    const res = await get(`${url}${path}`, key);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.body.toString('utf8').trim()).toBe(message);
  });

  it('limits requests per second per key with 429 and Retry-After', async () => {
    const { url } = await start({ initialRecords: 1, rateLimitPerSecond: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(`${url}/export/vendors?since=0&limit=1`)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('takes fault settings from the admin endpoint and refuses unknown ones', async () => {
    const { url } = await start({ initialRecords: 1 });
    const put = (body: unknown) => fetch(`${url}/admin/faults`, { method: 'PUT', body: JSON.stringify(body) });
    expect(
      (await put({ at: [{ stream: 'vendors', request: 1, kind: 'serverError' }], serverErrorStatus: 503, retryAfterSeconds: 7 })).status,
    ).toBe(200);
    const res = await get(`${url}/export/vendors?since=0&limit=1`);
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '7']);
    expect((await get(`${url}/export/vendors?since=0&limit=1`)).status).toBe(200);
    expect((await put({ kinds: ['meteorStrike'] })).status).toBe(400);
    expect((await put({ probability: 2 })).status).toBe(400);
    const catalog = (await (await fetch(`${url}/admin/catalog`)).json()) as CatalogEntry[];
    expect(catalog).toEqual(sim!.catalog());
    expect(sim!.summary().requests.vendors).toBe(2);
  });
});

function newestFirst(records: Record<string, RawRecord[]>, r: RawRecord): string {
  const stream = r.sourceKey.startsWith('JC') ? 'entries' : 'sales';
  return records[stream]!.filter((x) => x.sourceKey === r.sourceKey)
    .map((x) => x.orderingKey)
    .sort()[0]!;
}
