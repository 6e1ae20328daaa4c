import { creditCode, integer, oneOf, quantity, quarantineCertNo, recordSchema, regionCode, timestamp, traceCode } from './common';

/** §5.5 slaughter — slaughter of livestock or poultry. */
export const slaughterSchema = recordSchema(
  'slaughter',
  {
    traceCode,
    slaughterhouseCode: creditCode,
    animalType: oneOf('PIG', 'CATTLE', 'SHEEP', 'POULTRY'),
    headCount: integer(1),
    carcassWeightKg: quantity,
    quarantineCertNo: quarantineCertNo,
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
