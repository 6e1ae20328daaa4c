import { codeList, creditCode, money, partyCode, quantity, recordSchema, text, timestamp, traceCode } from './common';

/** §5.7 trades — a sale with a traceability ticket. */
export const tradesSchema = recordSchema(
  'trades',
  {
    ticketNo: text(1, 64),
    marketCode: creditCode,
    sellerCode: partyCode,
    buyerCode: partyCode,
    traceCode,
    parentTraceCode: traceCode,
    productCode: codeList('product-categories'),
    quantity,
    unit: codeList('units'),
    unitPrice: money,
    amount: money,
    tradedAt: timestamp,
  },
  [
    'ticketNo',
    'marketCode',
    'sellerCode',
    'traceCode',
    'parentTraceCode',
    'productCode',
    'quantity',
    'unit',
    'unitPrice',
    'amount',
    'tradedAt',
  ],
);
