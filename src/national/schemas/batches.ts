import { codeList, date, partyCode, quantity, recordSchema, regionCode, text, traceCode } from './common';

/** §5.2 batches — a production batch of an agricultural product. */
export const batchesSchema = recordSchema(
  'batches',
  {
    traceCode,
    subjectCode: partyCode,
    productCode: codeList('product-categories'),
    productName: text(1, 100),
    quantity,
    unit: codeList('units'),
    producedOn: date,
    originRegionCode: regionCode,
    baseName: text(1, 100),
  },
  ['traceCode', 'subjectCode', 'productCode', 'productName', 'quantity', 'unit', 'producedOn', 'originRegionCode'],
);
