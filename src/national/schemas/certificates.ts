import { codeList, date, oneOf, partyCode, quantity, recordSchema, text, traceCode } from './common';

/** Bases that require an `inspectionNo` (§5.4, §7.12). */
export const TESTED_BASES = ['SELF_TEST', 'COMMISSIONED_TEST'];

/** §5.4 certificates — certificate of conformity. */
export const certificatesSchema = recordSchema(
  'certificates',
  {
    certificateNo: text(1, 64),
    traceCode,
    subjectCode: partyCode,
    productCode: codeList('product-categories'),
    quantity,
    unit: codeList('units'),
    issuedOn: date,
    commitments: { type: 'array', minItems: 1, maxItems: 4, items: { ...codeList('commitments'), minLength: 1 }, ntpDistinct: true },
    basis: oneOf('SELF_TEST', 'COMMISSIONED_TEST', 'INTERNAL_CONTROL', 'QUARANTINE'),
    // Required for a tested basis: cross-field-rules.ts (§7.12, §7.26).
    inspectionNo: text(1, 64),
  },
  ['certificateNo', 'traceCode', 'subjectCode', 'productCode', 'quantity', 'unit', 'issuedOn', 'commitments', 'basis'],
);
