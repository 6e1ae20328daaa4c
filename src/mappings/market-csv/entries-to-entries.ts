import { text } from '../common/normalize';
import { Outcome } from '../common/outcome';
import type { Mapping } from '../types';
import {
  recordIdOf,
  decimalField,
  nationalQuantity,
  KIND,
  marketCode,
  optionalParty,
  productCode,
  sourceKey,
  timeField,
  unitConversion,
  vendorCode,
  vendorReference,
  type MarketRow,
} from './fields';

/**
 * Market `entries` → national `entries` (source-subsystems §3.7): the receiving vendor's identifier
 * from its newest staged revision, the quantity converted to the national unit (`60` `斤` → `30`
 * `KG`). A meat row without 检疫证号 is sent as found and fails national validation (E4002).
 */
export const entriesToEntries: Mapping<MarketRow> = {
  from: { kind: KIND, stream: 'entries' },
  to: 'entries',
  tables: ['market-goods', 'unit-labels'],
  references: vendorReference,
  map(src, ctx) {
    const out = new Outcome();
    const key = sourceKey(src, '进场单号', out);
    const quantity = decimalField(src, '数量', out);
    const conversion = unitConversion(src, ctx, out);
    return out.finish({
      recordId: recordIdOf(ctx, 'entries', key),
      regionCode: ctx.instance.regionCode,
      sourceSystem: ctx.instance.sourceSystem,
      entryNo: key,
      marketCode: marketCode(ctx),
      vendorCode: vendorCode(src, ctx, out),
      supplierCode: optionalParty(src, '供货商证件号', out),
      traceCode: text(src['来源追溯码']),
      productCode: productCode(src, ctx, out),
      quantity: quantity ? nationalQuantity(quantity, conversion) : undefined,
      unit: conversion?.unit,
      enteredAt: timeField(src, '进场时间', out),
      originCertificateNo: text(src['合格证号']),
      quarantineCertNo: text(src['检疫证号']),
    });
  },
};
