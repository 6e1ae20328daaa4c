import { describe, expect, it } from 'vitest';
import { jyToTrades } from '../../../src/mappings/mvts-xml';
import { ctx, nationalErrors } from './helpers';

const base = {
  TicketNo: 'JY6201022406120301',
  NodeCode: '620102020001',
  SellerId: '620111197909234151',
  SellerName: '马建华',
  BuyerId: '62010319751108451X',
  GoodsCode: '1010201',
  Weight: '45.60',
  Price: '24.00',
  Amount: '1094.40',
  TraceCode: '62010204240612003010',
  ParentTraceCode: '62011103240612000155',
  TradeTime: '20240612060512',
  UploadTime: '20240612061003',
};

const map = (over: Record<string, unknown> = {}) => jyToTrades.map({ ...base, ...over }, ctx);

describe('jyToTrades', () => {
  it('maps a trade with a resident-ID buyer', () => {
    const r = map();
    expect(r).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'gs-mvts:JY:620102020001-JY6201022406120301',
        regionCode: '620102',
        sourceSystem: 'gs-mvts',
        ticketNo: 'JY6201022406120301',
        marketCode: '91620102MA72N4H732',
        sellerCode: '620111197909234151',
        buyerCode: '62010319751108451X',
        traceCode: '62010204240612003010',
        parentTraceCode: '62011103240612000155',
        productCode: 'MEAT_PORK',
        quantity: 45.6,
        unit: 'KG',
        unitPrice: 24,
        amount: 1094.4,
        tradedAt: '2024-06-12T06:05:12+08:00',
      },
    });
    expect(nationalErrors('trades', r)).toEqual([]);
  });

  it.each([
    [{ BuyerId: '620105050001' }, '12620000438002713Y'],
    [{ BuyerId: '' }, undefined],
    [{ BuyerId: undefined }, undefined],
  ])('buyer %j → %s', (over, expected) => {
    const r = map(over);
    expect(r.ok && r.record.buyerCode).toBe(expected);
    expect(r.warnings).toEqual([]);
  });

  it('drops a malformed optional buyer with a warning, and refuses an unknown buyer node', () => {
    const dropped = map({ BuyerId: '刘记鲜肉' });
    expect(dropped.ok && dropped.record.buyerCode).toBeUndefined();
    expect(dropped.warnings).toContainEqual(expect.objectContaining({ code: 'OPTIONAL_FIELD_DROPPED', field: 'BuyerId' }));
    const unknown = map({ BuyerId: '620105050099' });
    expect(!unknown.ok && unknown.errors).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_NODE', field: 'BuyerId' }));
  });

  it.each([
    [{ Price: '24.005' }, '/unitPrice', 24.01],
    [{ Price: '24.004' }, '/unitPrice', 24],
    [{ Amount: ' 1094.4 ' }, '/amount', 1094.4],
    [{ Weight: ' 8.50 ' }, '/quantity', 8.5],
  ])('%j gives %s = %j', (over, ptr, value) => {
    const r = map(over);
    expect(r.ok && r.record[ptr.slice(1)]).toBe(value);
  });

  it.each([
    [{ Price: '24元' }, 'UNPARSEABLE_VALUE', 'Price'],
    [{ Amount: '1,094.40' }, 'UNPARSEABLE_VALUE', 'Amount'],
    [{ GoodsCode: '3000000' }, 'UNKNOWN_CODE', 'GoodsCode'],
    [{ SellerId: '620102020077' }, 'UNKNOWN_NODE', 'SellerId'],
    [{ TradeTime: '20241312060512' }, 'UNPARSEABLE_VALUE', 'TradeTime'],
  ])('%j → %s on %s', (over, code, field) => {
    const r = map(over);
    expect(!r.ok && r.errors).toContainEqual(expect.objectContaining({ code, field }));
  });

  it('leaves an amount that does not match quantity × price to national validation (E4005)', () => {
    expect(nationalErrors('trades', map({ Amount: '1100.00' }))).toContainEqual(
      expect.objectContaining({ code: 'E4005', path: '/amount' }),
    );
  });
});
