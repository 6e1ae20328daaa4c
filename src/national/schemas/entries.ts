import { codeList, creditCode, partyCode, quantity, recordSchema, text, timestamp, traceCode } from './common';

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
    // The spec gives no format here; 1–64 like the other document numbers (docs/validation.md).
    quarantineCertNo: text(1, 64),
  },
  ['entryNo', 'marketCode', 'vendorCode', 'traceCode', 'productCode', 'quantity', 'unit', 'enteredAt'],
  {
    if: { properties: { productCode: { ntpMeat: true } }, required: ['productCode'] },
    then: { required: ['quarantineCertNo'] },
  },
);
