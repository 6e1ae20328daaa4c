import { describe, expect, it } from 'vitest';
import { entriesToEntries } from '../../../src/mappings/market-csv';
import type { MarketRow } from '../../../src/mappings/market-csv/fields';
import { contextWith, validateMapped } from './support';

const vendors = new Map<string, MarketRow>([
  ['SH000118', { 经营户编号: 'SH000118', 证件类型: '身份证', 证件号码: '620102196804123323' }],
  ['SH000137', { 经营户编号: 'SH000137', 证件类型: '身份证', 证件号码: '62010219820627100x' }],
]);
const ctx = contextWith(vendors);
const base: MarketRow = {
  同步序号: '5001',
  进场单号: 'JC20240612000031',
  摊位号: 'A-03',
  经营户编号: 'SH000118',
  供货商证件号: '91620123MA72K4D128',
  商品编码: '10102',
  商品名称: '娃娃菜',
  数量: '300',
  单位: '公斤',
  产地: '甘肃省兰州市榆中县',
  进场时间: '2024-06-12 05:42:10',
  合格证号: 'HG620123240611000012',
  检疫证号: '',
  来源追溯码: '62012301240611000122',
  更正标志: '0',
};
const map = (change: Partial<Record<string, string>>) => entriesToEntries.map({ ...base, ...change }, ctx);
const field = (change: Partial<Record<string, string>>, name: string) => {
  const r = map(change);
  return r.ok ? r.record[name] : r.errors;
};

describe('entriesToEntries', () => {
  it('maps an entry with the market, the vendor and the converted quantity', () => {
    const result = entriesToEntries.map(base, ctx);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'lz-jc-market:entries:JC20240612000031',
        regionCode: '620102',
        sourceSystem: 'lz-jc-market',
        entryNo: 'JC20240612000031',
        marketCode: '91620102MA73F0P897',
        vendorCode: '620102196804123323',
        supplierCode: '91620123MA72K4D128',
        traceCode: '62012301240611000122',
        productCode: 'VEG_LEAFY',
        quantity: 300,
        unit: 'KG',
        enteredAt: '2024-06-12T05:42:10+08:00',
        originCertificateNo: 'HG620123240611000012',
      },
    });
    if (result.ok) expect(validateMapped('entries', result.record)).toEqual([]);
  });

  it('declares its vendor as a reference', () => {
    expect(entriesToEntries.references!(base)).toEqual([{ stream: 'vendors', sourceKey: 'SH000118' }]);
    expect(entriesToEntries.references!({ ...base, 经营户编号: ' ' })).toEqual([]);
  });

  it.each([
    ['60', '斤', 30, 'KG'],
    ['45.6', '公斤', 45.6, 'KG'],
    ['40', '件', 40, 'PACKAGE'],
    ['1.25', '两', 0.063, 'KG'],
    [' 8 500 ', ' 千克 ', 8500, 'KG'],
    ['0.5', 'KG', 0.5, 'KG'],
  ])('%j %s → %d %s', (qty, unit, quantity, nationalUnit) => {
    const result = map({ 数量: qty, 单位: unit });
    expect(result.ok && [result.record.quantity, result.record.unit]).toEqual([quantity, nationalUnit]);
  });

  it.each(['3,654.8', '500公斤', '约500', '1.2.5', '-3'])('数量 %j is UNPARSEABLE_VALUE', (qty) => {
    expect(field({ 数量: qty }, 'quantity')).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: '数量', value: qty })]);
  });

  it('sends a zero quantity for national validation to reject', () => {
    const result = map({ 数量: '0' });
    expect(result.ok && result.record.quantity).toBe(0);
    if (result.ok)
      expect(validateMapped('entries', result.record)).toContainEqual(expect.objectContaining({ code: 'E4001', path: '/quantity' }));
  });

  it('looks 单位 up through unit-labels.json; an unknown label is UNKNOWN_CODE', () => {
    expect(field({ 单位: '份' }, 'unit')).toEqual([expect.objectContaining({ code: 'UNKNOWN_CODE', field: '单位', value: '份' })]);
  });

  it('looks 商品编码 up exactly through market-goods.json', () => {
    expect(field({ 商品编码: ' 30101 ' }, 'productCode')).toBe('MEAT_PORK');
    expect(field({ 商品编码: '99999' }, 'productCode')).toEqual([expect.objectContaining({ code: 'UNKNOWN_CODE', field: '商品编码' })]);
  });

  it('takes the vendor identifier from the newest staged vendor, upper-cased', () => {
    expect(field({ 经营户编号: 'SH000137' }, 'vendorCode')).toBe('62010219820627100X');
  });

  it('fails with UNRESOLVED_REFERENCE when the vendor is not staged', () => {
    expect(field({ 经营户编号: 'SH999999' }, 'vendorCode')).toEqual([
      expect.objectContaining({ code: 'UNRESOLVED_REFERENCE', field: '经营户编号', value: 'SH999999' }),
    ]);
  });

  it.each([
    ['\t620111197909234151', '620111197909234151'],
    ['92620102ma75d2r7xg', '92620102MA75D2R7XG'],
  ])('keeps a valid supplier %j', (raw, code) => {
    const result = map({ 供货商证件号: raw });
    expect(result.ok && result.record.supplierCode).toBe(code);
    expect(result.warnings).toEqual([]);
  });

  it.each(['62010219800101', '620111197909234152', '91620123MA72K4D129'])('drops an invalid supplier %j with a masked warning', (raw) => {
    const result = map({ 供货商证件号: raw });
    expect(result.ok && 'supplierCode' in result.record).toBe(false);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'OPTIONAL_FIELD_DROPPED', field: '供货商证件号' })]);
    expect(result.warnings[0]!.message).not.toContain(raw);
  });

  it.each(['2024/6/12 7:05', '2024-06-12', '2024-06-31 08:00:00'])('进场时间 %j is UNPARSEABLE_VALUE', (raw) => {
    expect(field({ 进场时间: raw }, 'enteredAt')).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: '进场时间' })]);
  });

  it('maps a meat entry without 检疫证号 as found; national validation requires it (E4002)', () => {
    const result = map({ 商品编码: '30101', 检疫证号: '' });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(validateMapped('entries', result.record)).toContainEqual(
        expect.objectContaining({ code: 'E4002', path: '/quarantineCertNo' }),
      );
  });

  it('maps an empty 来源追溯码 as absent (E4002 nationally)', () => {
    const result = map({ 来源追溯码: '' });
    expect(result.ok && 'traceCode' in result.record).toBe(false);
    if (result.ok)
      expect(validateMapped('entries', result.record)).toContainEqual(expect.objectContaining({ code: 'E4002', path: '/traceCode' }));
  });

  it('collects every error of the row', () => {
    const result = map({ 经营户编号: 'SH999999', 商品编码: '99999', 数量: 'x', 单位: '份', 进场时间: 'y' });
    expect(!result.ok && result.errors.map((e) => e.field).sort()).toEqual(['单位', '商品编码', '数量', '经营户编号', '进场时间'].sort());
  });

  it('takes marketCode from the instance parameters', () => {
    const other = { ...ctx, instance: { ...ctx.instance, params: { marketCode: '91620102MA73F0P897' }, regionCode: '620103' } };
    const result = entriesToEntries.map(base, other);
    expect(result.ok && [result.record.marketCode, result.record.regionCode]).toEqual(['91620102MA73F0P897', '620103']);
  });
});
