import { creditCode, partyCode, recordSchema, temperature, text, timestamp, traceCode } from './common';

const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/** §5.8 transports — a cold-chain or delivery trip. */
export const transportsSchema = recordSchema(
  'transports',
  {
    waybillNo: text(1, 64),
    carrierCode: creditCode,
    vehiclePlate: { type: 'string', pattern: `^[${PLATE_PROVINCES}][A-Z][A-HJ-NP-Z0-9]{5,6}$` },
    fromCode: partyCode,
    toCode: partyCode,
    traceCodes: { type: 'array', minItems: 1, maxItems: 200, items: traceCode, ntpDistinct: true },
    departedAt: timestamp,
    arrivedAt: timestamp,
    temperatureMinC: temperature,
    temperatureMaxC: temperature,
  },
  ['waybillNo', 'carrierCode', 'vehiclePlate', 'fromCode', 'toCode', 'traceCodes', 'departedAt'],
);
