import { codeList, creditCode, partyCode, quantity, quarantineCertNo, recordSchema, text, timestamp, traceCode } from './common';

/** §5.6 entries — goods entering a market or a supermarket. */
export const entriesSchema = recordSchema(
  'entries',
  {
    entryNo: text(1, 64),
    marketCode: creditCode,
    vendorCode: partyCode,
    supplierCode: partyCode,
    traceCode,
    productCode: codeList('product-categories'),
    quantity,
    unit: codeList('units'),
    enteredAt: timestamp,
    originCertificateNo: text(1, 64),
    // §7.24: the rule of slaughter.quarantineCertNo. Required for a meat product: cross-field-rules.ts.
    quarantineCertNo,
  },
  ['entryNo', 'marketCode', 'vendorCode', 'traceCode', 'productCode', 'quantity', 'unit', 'enteredAt'],
);
