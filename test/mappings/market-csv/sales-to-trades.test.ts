import { describe, expect, it } from 'vitest';
import { salesToTrades } from '../../../src/mappings/market-csv';
import type { MarketRow } from '../../../src/mappings/market-csv/fields';
import { contextWith, validateMapped } from './support';

const vendors = new Map<string, MarketRow>([
  ['SH000118', { 经营户编号: 'SH000118', 证件类型: '身份证', 证件号码: '\t620102196804123323' }],
]);
const ctx = contextWith(vendors);
const base: MarketRow = {
  同步序号: '90001',
  票号: 'XS24061203010001',
  摊位号: 'A-03',
  经营户编号: 'SH000118',
  买方证件号: '',
  商品编码: '10102',
  商品名称: '娃娃菜',
  数量: '3.5',
  单位: '斤',
  单价: '2.50',
  金额: '8.75',
  交易时间: '2024-06-12 08:15:32',
  追溯码: '62010205240612001015',
  来源追溯码: '62012301240611000122',
  更正标志: '0',
};
const map = (change: Partial<Record<string, string>>) => salesToTrades.map({ ...base, ...change }, ctx);
const priced = (change: Partial<Record<string, string>>) => {
  const r = map(change);
  return r.ok ? [r.record.quantity, r.record.unit, r.record.unitPrice, r.record.amount] : r.errors;
};

describe('salesToTrades', () => {
  it('maps a ticket: 3.5 斤 at 2.50 → 1.75 KG at 5.00, amount unchanged', () => {
    const result = salesToTrades.map(base, ctx);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'lz-jc-market:sales:XS24061203010001',
        regionCode: '620102',
        sourceSystem: 'lz-jc-market',
        ticketNo: 'XS24061203010001',
        marketCode: '91620102MA73F0P897',
        sellerCode: '620102196804123323',
        traceCode: '62010205240612001015',
        parentTraceCode: '62012301240611000122',
        productCode: 'VEG_LEAFY',
        quantity: 1.75,
        unit: 'KG',
        unitPrice: 5,
        amount: 8.75,
        tradedAt: '2024-06-12T08:15:32+08:00',
      },
    });
    if (result.ok) expect(validateMapped('trades', result.record)).toEqual([]);
    expect(salesToTrades.references!(base)).toEqual([{ stream: 'vendors', sourceKey: 'SH000118' }]);
  });

  it.each([
    [{ 数量: '25', 单位: '斤', 单价: '2.20', 金额: '55.00' }, [12.5, 'KG', 4.4, 55]],
    [{ 数量: '2.36', 单位: '公斤', 单价: '26.00', 金额: '61.36' }, [2.36, 'KG', 26, 61.36]],
    [{ 数量: '0.85', 单位: '公斤', 单价: '76.00', 金额: '64.60' }, [0.85, 'KG', 76, 64.6]],
    [{ 数量: '3', 单位: '个', 单价: '1.20', 金额: '3.60' }, [3, 'PIECE', 1.2, 3.6]],
    [{ 数量: '1.33', 单位: '斤', 单价: '2.55', 金额: '3.39' }, [0.665, 'KG', 5.1, 3.39]],
  ])('converts %j → %j', (change, expected) => {
    expect(priced(change)).toEqual(expected);
    const r = map(change);
    expect(r.warnings).toEqual([]);
    if (r.ok) expect(validateMapped('trades', r.record)).toEqual([]);
  });

  it('derives the price from the amount when the rounded converted quantity breaks the rule (PRICE_DERIVED)', () => {
    // 1.25 两 at 3.00 = 3.75; 0.0625 kg rounds to 0.063, and 0.063 × 60.00 = 3.78.
    const result = map({ 数量: '1.25', 单位: '两', 单价: '3.00', 金额: '3.75' });
    expect(priced({ 数量: '1.25', 单位: '两', 单价: '3.00', 金额: '3.75' })).toEqual([0.063, 'KG', 59.52, 3.75]);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'PRICE_DERIVED', field: '单价' })]);
    if (result.ok) expect(validateMapped('trades', result.record)).toEqual([]);
  });

  it('keeps the converted price when the converted row still satisfies the rule', () => {
    // 2 两 at 3.00 = 6.00 → 0.1 kg at 60.00 = 6.00
    expect(priced({ 数量: '2', 单位: '两', 单价: '3.00', 金额: '6.00' })).toEqual([0.1, 'KG', 60, 6]);
    expect(map({ 数量: '2', 单位: '两', 单价: '3.00', 金额: '6.00' }).warnings).toEqual([]);
  });

  it('maps a manual amount override as found; national validation rejects it (E4005)', () => {
    const change = { 数量: '2.00', 单位: '斤', 单价: '26.00', 金额: '50.00' };
    expect(priced(change)).toEqual([1, 'KG', 52, 50]);
    const result = map(change);
    expect(result.warnings).toEqual([]);
    if (result.ok)
      expect(validateMapped('trades', result.record)).toContainEqual(expect.objectContaining({ code: 'E4005', path: '/amount' }));
  });

  it.each([
    ['数量', '1.2.5'],
    ['单价', '2,50'],
    ['金额', '¥8.75'],
  ])('%s %j is UNPARSEABLE_VALUE', (column, value) => {
    expect(priced({ [column]: value })).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: column })]);
  });

  it('keeps a valid buyer and drops an invalid one with OPTIONAL_FIELD_DROPPED', () => {
    const kept = map({ 买方证件号: '\t92620102MA75D2R7XG' });
    expect(kept.ok && kept.record.buyerCode).toBe('92620102MA75D2R7XG');
    const dropped = map({ 买方证件号: '92620102MA75D2R7X' });
    expect(dropped.ok && 'buyerCode' in dropped.record).toBe(false);
    expect(dropped.warnings).toEqual([expect.objectContaining({ code: 'OPTIONAL_FIELD_DROPPED', field: '买方证件号' })]);
  });

  it('fails with UNRESOLVED_REFERENCE for a vendor that is not staged', () => {
    const result = map({ 经营户编号: 'SH999999' });
    expect(!result.ok && result.errors).toEqual([expect.objectContaining({ code: 'UNRESOLVED_REFERENCE', field: '经营户编号' })]);
  });

  it('fails with UNKNOWN_CODE for an unknown goods code or unit', () => {
    const result = map({ 商品编码: '99999', 单位: '份' });
    expect(!result.ok && result.errors.map((e) => [e.code, e.field])).toEqual([
      ['UNKNOWN_CODE', '单位'],
      ['UNKNOWN_CODE', '商品编码'],
    ]);
  });

  it('sends a trace code with a wrong check digit as found (E4004 nationally)', () => {
    const result = map({ 追溯码: '62010205240612002053' });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(validateMapped('trades', result.record)).toContainEqual(expect.objectContaining({ code: 'E4004', path: '/traceCode' }));
  });

  it('rejects an unparseable 交易时间', () => {
    const result = map({ 交易时间: '2024-06-12T08:15:32' });
    expect(!result.ok && result.errors).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: '交易时间' })]);
  });
});
