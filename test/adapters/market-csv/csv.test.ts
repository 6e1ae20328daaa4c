import { describe, expect, it } from 'vitest';
import { PageError } from '../../../src/adapters/errors';
import { parseExportPage, parseSequence } from '../../../src/adapters/market-csv/csv';
import { MARKET_STREAMS } from '../../../src/adapters/market-csv/streams';

const entries = MARKET_STREAMS.entries;
const HEADER = entries.columns.join(',') + '\r\n';
const row = (seq: number, origin: string, extra: Partial<Record<string, string>> = {}) => {
  const v: Record<string, string> = {
    同步序号: String(seq),
    进场单号: `JC${seq}`,
    摊位号: 'B-12',
    经营户编号: 'SH000131',
    供货商证件号: '"\t620111197909234151"',
    商品编码: '30101',
    商品名称: '猪肉(前腿)',
    数量: '45.6',
    单位: '公斤',
    产地: origin,
    进场时间: '2024-06-12 06:20:00',
    合格证号: '',
    检疫证号: '620111200458',
    来源追溯码: '"\t62010204240612003010"',
    更正标志: '0',
    ...extra,
  };
  return entries.columns.map((c) => v[c]).join(',') + '\r\n';
};

async function pageError(text: string, rowCount: number, nextSince: number): Promise<string> {
  const err = await parseExportPage(text, entries, { rowCount, nextSince }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PageError);
  return (err as PageError).message;
}

describe('parseExportPage', () => {
  it('parses RFC 4180: quoted line breaks, doubled quotes, commas, and trims every field (TAB included)', async () => {
    const text = HEADER + row(5002, '"甘肃省兰州市\n红古区"') + row(5003, '"榆中县,""高原""基地"', { 商品名称: '  娃娃菜\t' });
    const rows = await parseExportPage(text, entries, { rowCount: 2, nextSince: 5003 });
    expect(rows.map((r) => r.seq)).toEqual([5002, 5003]);
    expect(rows[0]!.payload['产地']).toBe('甘肃省兰州市\n红古区');
    expect(rows[0]!.payload['供货商证件号']).toBe('620111197909234151');
    expect(rows[0]!.payload['来源追溯码']).toBe('62010204240612003010');
    expect(rows[1]!.payload['产地']).toBe('榆中县,"高原"基地');
    expect(rows[1]!.payload['商品名称']).toBe('娃娃菜');
    expect(rows[0]!.rawText).toBe(row(5002, '"甘肃省兰州市\n红古区"').trimEnd());
  });

  it('accepts a header-only page and LF row ends', async () => {
    expect(await parseExportPage(HEADER, entries, { rowCount: 0, nextSince: 7 })).toEqual([]);
    const lf = (HEADER + row(1, 'x')).replace(/\r\n/g, '\n');
    expect((await parseExportPage(lf, entries, { rowCount: 1, nextSince: 1 }))[0]!.payload['产地']).toBe('x');
  });

  it('refuses what §5.9 calls incomplete', async () => {
    expect(await pageError(HEADER + row(1, 'x'), 2, 1)).toMatch(/1 data row.*X-Row-Count announced 2/);
    expect(await pageError(HEADER + row(1, 'x'), 1, 2)).toMatch(/X-Next-Since announced 2/);
    expect(await pageError(HEADER + row(1, 'x') + '2,JC2,B-12,"open', 2, 2)).toMatch(/CSV syntax error \(CSV_QUOTE_NOT_CLOSED\)/);
    expect(await pageError(HEADER + row(1, 'x').trimEnd(), 1, 1)).toMatch(/not terminated/);
    expect(await pageError(HEADER.replace(',更正标志', ''), 0, 0)).toMatch(/lacks column\(s\) 更正标志/);
  });

  it.each([
    ['0', 0],
    ['00042', 42],
    [' 7 ', 7],
    ['999999999999999', 999999999999999],
    ['-1', null],
    ['1.5', null],
    ['', null],
    ['1234567890123456', null],
    [undefined, null],
  ])('parseSequence(%j) = %j', (text, value) => {
    expect(parseSequence(text)).toBe(value);
  });
});
