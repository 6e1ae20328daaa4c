import { codeList, oneOf, recordSchema, text, timestamp, traceCode } from './common';

/** One test item of §5.3 `items[]`. */
export const inspectionItemSchema = {
  type: 'object',
  properties: {
    itemCode: codeList('test-items'),
    value: { type: 'number', minimum: 0, ntpDecimals: 6 },
    limit: { type: 'number', exclusiveMinimum: 0, ntpDecimals: 6 },
    unit: oneOf('mg/kg', '%', 'inhibition%'),
    result: oneOf('PASS', 'FAIL'),
  },
  required: ['itemCode', 'value', 'unit', 'result'],
  additionalProperties: false,
};

/** §5.3 inspections — a test of a batch. */
export const inspectionsSchema = recordSchema(
  'inspections',
  {
    inspectionNo: text(1, 64),
    traceCode,
    method: oneOf('RAPID', 'LAB'),
    agency: text(1, 100),
    testedAt: timestamp,
    items: { type: 'array', minItems: 1, maxItems: 50, items: inspectionItemSchema },
    conclusion: oneOf('PASS', 'FAIL'),
  },
  ['inspectionNo', 'traceCode', 'method', 'agency', 'testedAt', 'items', 'conclusion'],
);
