import { creditCode, oneOf, quantity, recordSchema, regionCode, timestamp, traceCode } from './common';

/** §5.5 slaughter — slaughter of livestock or poultry. */
export const slaughterSchema = recordSchema(
  'slaughter',
  {
    traceCode,
    slaughterhouseCode: creditCode,
    animalType: oneOf('PIG', 'CATTLE', 'SHEEP', 'POULTRY'),
    headCount: { type: 'integer', minimum: 1 },
    carcassWeightKg: quantity,
    quarantineCertNo: { type: 'string', pattern: '^[0-9A-Z]{10,20}$' },
    originRegionCode: regionCode,
    slaughteredAt: timestamp,
  },
  [
    'traceCode',
    'slaughterhouseCode',
    'animalType',
    'headCount',
    'carcassWeightKg',
    'quarantineCertNo',
    'originRegionCode',
    'slaughteredAt',
  ],
);
