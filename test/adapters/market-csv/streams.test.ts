import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { marketCsv } from '../../../src/adapters/market-csv';
import { MARKET_STREAMS, orderingKeyOf, RevisionTracker, toRawRecord } from '../../../src/adapters/market-csv/streams';
import { validateDeclaration } from '../../../src/adapters/declaration';

const sales = MARKET_STREAMS.sales;
const sale = (seq: number, key: string, flag: string) => ({
  seq,
  rawText: `${seq},${key}`,
  payload: { 同步序号: String(seq), 票号: key, 更正标志: flag },
});

describe('market-csv streams', () => {
  it('declares the kind as the registry and the pipeline expect', () => {
    expect(marketCsv.kind).toBe('market-csv');
    expect(marketCsv.streams).toEqual({
      vendors: { orderedByCursor: true, interface: 'subjects', referenced: true },
      entries: { orderedByCursor: true, interface: 'entries', correctionField: '更正标志' },
      sales: { orderedByCursor: true, interface: 'trades', correctionField: '更正标志' },
    });
    expect(marketCsv.credentialFields).toEqual(['apiKey']);
  });

  it('pads 同步序号 to 20 digits so that it sorts as text', () => {
    expect(orderingKeyOf(90005)).toBe('00000000000000090005');
    expect(orderingKeyOf(999) < orderingKeyOf(1000)).toBe(true);
  });

  it('warns UNFLAGGED_REVISION on a later row of a key without 更正标志 1, within one pull', () => {
    const tracker = new RevisionTracker();
    const rows = [sale(1, 'A', '0'), sale(2, 'B', '0'), sale(3, 'A', '1'), sale(4, 'A', '0'), sale(4, 'A', '0'), sale(5, 'C', '1')];
    const records = rows.map((r) => toRawRecord(sales, r, tracker));
    expect(records.map((r) => r.warnings?.map((w) => w.code) ?? [])).toEqual([[], [], [], ['UNFLAGGED_REVISION'], [], []]);
    expect(records[3]!.warnings![0]!.message).toContain('row 4 supersedes row 3');
  });

  it('does not warn for vendors, which carry no correction flag', () => {
    const tracker = new RevisionTracker();
    const vendor = (seq: number) => ({ seq, rawText: '', payload: { 同步序号: String(seq), 经营户编号: 'SH1' } });
    const records = [vendor(1), vendor(2)].map((r) => toRawRecord(MARKET_STREAMS.vendors, r, tracker));
    expect(records.every((r) => r.warnings === undefined)).toBe(true);
  });

  it('forgets the oldest keys beyond its capacity', () => {
    const tracker = new RevisionTracker(2);
    expect(tracker.observe(sales, 'A', 1, '0')).toBeUndefined();
    tracker.observe(sales, 'B', 2, '0');
    tracker.observe(sales, 'C', 3, '0');
    expect(tracker.observe(sales, 'A', 4, '0')).toBeUndefined();
    expect(tracker.observe(sales, 'C', 5, '0')?.code).toBe('UNFLAGGED_REVISION');
  });

  it('validates instance options with defaults and refuses unknown ones', () => {
    const decl = {
      id: 'lz-jc-market',
      kind: 'market-csv',
      regionCode: '620102',
      sourceSystem: 'lz-jc-market',
      schedule: '*/10 * * * * *',
      baseUrl: 'http://127.0.0.1:4102',
      allowedHosts: ['127.0.0.1:4102'],
      credentials: { apiKey: 'env:TG_SOURCE_LZ_MARKET_API_KEY' },
      options: { marketCode: '91620102MA73F0P897', marketName: '兰州市城关区金城农贸市场有限公司' },
    };
    const ok = validateDeclaration(decl, { 'market-csv': marketCsv }, 'test');
    expect(ok.options).toMatchObject({ limit: 1000, requestsPerSecond: 4, timeoutMs: 30_000 });
    const bad = (options: unknown) => () => validateDeclaration({ ...decl, options }, { 'market-csv': marketCsv }, 'test');
    expect(bad({ marketCode: '91620102MA73F0P897', pageSize: 10 })).toThrow(/pageSize/);
    expect(bad({ marketCode: '91620102MA73F0P897', limit: 5001 })).toThrow(/limit/);
    expect(bad({ marketCode: 'not-a-code' })).toThrow(/marketCode/);
    expect(bad({})).toThrow(/marketCode/);
  });

  it('accepts the demo declaration config/demo/lz-jc-market.json', () => {
    const file = path.resolve(__dirname, '../../../config/demo/lz-jc-market.json');
    const decl = validateDeclaration(JSON.parse(fs.readFileSync(file, 'utf8')), { 'market-csv': marketCsv }, file);
    expect(decl).toMatchObject({
      id: 'lz-jc-market',
      sourceSystem: 'lz-jc-market',
      regionCode: '620102',
      baseUrl: 'http://127.0.0.1:4102',
      allowedHosts: ['127.0.0.1:4102'],
      credentials: { apiKey: 'env:TG_SOURCE_LZ_MARKET_API_KEY' },
      schedule: '*/10 * * * * *',
      options: { marketCode: '91620102MA73F0P897', marketName: '兰州市城关区金城农贸市场有限公司' },
    });
  });
});
