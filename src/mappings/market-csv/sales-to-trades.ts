import { text } from '../common/normalize';
import { Outcome } from '../common/outcome';
import type { Mapping } from '../types';
import {
  recordIdOf,
  Decimal,
  decimalField,
  KIND,
  places,
  marketCode,
  optionalParty,
  productCode,
  sourceKey,
  timeField,
  unitConversion,
  vendorCode,
  vendorReference,
  type MarketRow,
  type UnitConversion,
} from './fields';

const CENT = new Decimal('0.01');

/** The national rule of §5.7: amount = round_half_up(quantity × unitPrice, 2) within 0.01. */
function amountHolds(quantity: Decimal, unitPrice: Decimal, amount: Decimal): boolean {
  return amount.minus(quantity.times(unitPrice).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)).abs().lte(CENT);
}

interface Priced {
  quantity?: number;
  unitPrice?: number;
  amount?: number;
}

const round2 = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/**
 * Quantity × factor and price ÷ factor (§5.3), amount unchanged. When the scale's row satisfies the
 * amount rule but the converted one does not (rounding of the converted quantity, e.g. `两`), the
 * price is derived from the amount with PRICE_DERIVED (§3.8). A row the scale itself got wrong
 * (a manual amount override) is sent as found and fails national validation (E4005).
 */
function convert(
  q: string | null | undefined,
  p: string | null | undefined,
  a: string | null | undefined,
  conversion: UnitConversion | undefined,
  unitLabel: string | undefined,
  out: Outcome,
): Priced {
  const identity = !conversion || conversion.identity;
  // Factor 1 and no rounding needed: the values pass as written and the rule holds exactly as at the scale.
  if (identity && (!q || places(q) <= 3) && (!p || places(p) <= 2) && (!a || places(a) <= 2)) {
    return { quantity: q ? Number(q) : undefined, unitPrice: p ? Number(p) : undefined, amount: a ? Number(a) : undefined };
  }
  const exactQuantity = q ? (identity ? new Decimal(q) : new Decimal(q).times(conversion!.factor)) : undefined;
  const exactPrice = p ? (identity ? new Decimal(p) : new Decimal(p).dividedBy(conversion!.factor)) : undefined;
  const quantity =
    exactQuantity && exactQuantity.decimalPlaces() > 3 ? exactQuantity.toDecimalPlaces(3, Decimal.ROUND_HALF_UP) : exactQuantity;
  let unitPrice = exactPrice && exactPrice.decimalPlaces() > 2 ? round2(exactPrice) : exactPrice;
  const amount = a ? (places(a) > 2 ? round2(new Decimal(a)) : new Decimal(a)) : undefined;
  // Without rounding, quantity × unitPrice is exactly 数量 × 单价: the rule holds or fails as at the scale.
  const rounded = quantity !== exactQuantity || unitPrice !== exactPrice || (a !== undefined && a !== null && places(a) > 2);
  if (rounded && q && p && a && quantity && unitPrice && amount && !quantity.isZero() && !amountHolds(quantity, unitPrice, amount)) {
    if (amountHolds(new Decimal(q), new Decimal(p), new Decimal(a))) {
      const derived = round2(amount.dividedBy(quantity));
      out.warn(
        'PRICE_DERIVED',
        '单价',
        `单价 ${p} per ${unitLabel ?? 'unit'} converts to ${unitPrice.toFixed(2)}, which breaks amount = quantity × unitPrice; sent 金额 ÷ quantity = ${derived.toFixed(2)}`,
      );
      unitPrice = derived;
    }
  }
  return { quantity: quantity?.toNumber(), unitPrice: unitPrice?.toNumber(), amount: amount?.toNumber() };
}

/**
 * Market `sales` → national `trades` (source-subsystems §3.8): the seller from its newest staged
 * vendor revision, the buyer as an optional party, quantity and unit price converted to the
 * national unit (`3.5` `斤` at `2.50` → `1.75` `KG` at `5.00`).
 */
export const salesToTrades: Mapping<MarketRow> = {
  from: { kind: KIND, stream: 'sales' },
  to: 'trades',
  tables: ['market-goods', 'unit-labels'],
  references: vendorReference,
  map(src, ctx) {
    const out = new Outcome();
    const key = sourceKey(src, '票号', out);
    const conversion = unitConversion(src, ctx, out);
    const priced = convert(
      decimalField(src, '数量', out),
      decimalField(src, '单价', out),
      decimalField(src, '金额', out),
      conversion,
      text(src['单位']),
      out,
    );
    return out.finish({
      recordId: recordIdOf(ctx, 'sales', key),
      regionCode: ctx.instance.regionCode,
      sourceSystem: ctx.instance.sourceSystem,
      ticketNo: key,
      marketCode: marketCode(ctx),
      sellerCode: vendorCode(src, ctx, out),
      buyerCode: optionalParty(src, '买方证件号', out),
      traceCode: text(src['追溯码']),
      parentTraceCode: text(src['来源追溯码']),
      productCode: productCode(src, ctx, out),
      quantity: priced.quantity,
      unit: conversion?.unit,
      unitPrice: priced.unitPrice,
      amount: priced.amount,
      tradedAt: timeField(src, '交易时间', out),
    });
  },
};
