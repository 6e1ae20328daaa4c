import { CREDIT_CODE_ALPHABET, withWrongCheck } from '../codes';
import { accepts, err, rejects, type RecordMutation } from './mutation';

export const transportsMutations: readonly RecordMutation[] = [
  rejects(
    'E4002.waybillNo',
    ['§5.8 waybillNo', '§3.3 E4002'],
    'waybillNo missing',
    (r) => {
      delete r.waybillNo;
    },
    err('E4002', '/waybillNo'),
  ),
  rejects(
    'E4004.carrierCode',
    ['§5.8 carrierCode', '§3.3 E4004'],
    'credit code with a wrong check character',
    (r) => {
      r.carrierCode = withWrongCheck(r.carrierCode, CREDIT_CODE_ALPHABET);
    },
    err('E4004', '/carrierCode'),
  ),
  rejects(
    'E4004.carrierCode-resident-id',
    ['§5.8 carrierCode', '§7.15 party-codes'],
    'a valid resident ID in a §6.2-only field',
    (r, f) => {
      r.carrierCode = f.residentId();
    },
    err('E4004', '/carrierCode'),
  ),
  rejects(
    'E4001.vehiclePlate',
    ['§5.8 vehiclePlate'],
    'plate AB12345 (no province character)',
    (r) => {
      r.vehiclePlate = 'AB12345';
    },
    err('E4001', '/vehiclePlate'),
  ),
  rejects(
    'E4001.vehiclePlate-letter-I',
    ['§5.8 vehiclePlate'],
    'plate 甘AI2345 (I is not used)',
    (r) => {
      r.vehiclePlate = '甘AI2345';
    },
    err('E4001', '/vehiclePlate'),
  ),
  accepts('valid.vehiclePlate-8-characters', ['§5.8 vehiclePlate'], 'a new-energy plate 甘AD12345', (r) => {
    r.vehiclePlate = '甘AD12345';
  }),
  rejects(
    'E4004.fromCode',
    ['§5.8 fromCode', '§7.15 party-codes'],
    'credit code with a wrong check character',
    (r) => {
      r.fromCode = withWrongCheck(r.fromCode, CREDIT_CODE_ALPHABET);
    },
    err('E4004', '/fromCode'),
  ),
  accepts('valid.toCode-resident-id', ['§5.8 toCode', '§7.15 party-codes'], 'delivered to a person', (r, f) => {
    r.toCode = f.residentId();
  }),
  rejects(
    'E4001.traceCodes-empty',
    ['§5.8 traceCodes', '§7.11 null-and-types', '§7.14 array-errors'],
    'traceCodes []',
    (r) => {
      r.traceCodes = [];
    },
    err('E4001', '/traceCodes'),
  ),
  rejects(
    'E4001.traceCodes-duplicate',
    ['§5.8 traceCodes', '§7.14 array-errors'],
    'a code repeated: the later one flagged',
    (r) => {
      r.traceCodes = [r.traceCodes[0], r.traceCodes[1], r.traceCodes[0]];
    },
    err('E4001', '/traceCodes/2'),
  ),
  rejects(
    'E4004.traceCodes-element',
    ['§5.8 traceCodes', '§7.14 array-errors', '§3.3 E4004'],
    'second code with a wrong check digit',
    (r) => {
      r.traceCodes[1] = withWrongCheck(r.traceCodes[1]);
    },
    err('E4004', '/traceCodes/1'),
  ),
  rejects(
    'E4001.traceCodes-too-many',
    ['§5.8 traceCodes', '§7.14 array-errors'],
    '201 distinct codes',
    (r, f) => {
      r.traceCodes = Array.from({ length: 201 }, () => f.traceCode('09'));
    },
    err('E4001', '/traceCodes'),
  ),
  rejects(
    'E4001.departedAt',
    ['§5.8 departedAt', '§7.18 rfc3339'],
    'departedAt without offset',
    (r) => {
      r.departedAt = r.departedAt.slice(0, 19);
    },
    err('E4001', '/departedAt'),
  ),
  rejects(
    'E4005.arrivedAt',
    ['§5.8 arrivedAt', '§7.13 cross-field-paths', '§3.3 E4005'],
    'arrival an hour before departure',
    (r) => {
      r.departedAt = '2024-03-01T08:00:00+08:00';
      r.arrivedAt = '2024-03-01T07:00:00+08:00';
    },
    err('E4005', '/arrivedAt'),
  ),
  accepts('valid.arrivedAt-equal-instant', ['§5.8 arrivedAt', '§7.13 cross-field-paths'], 'arrival at the same instant in Z', (r) => {
    r.departedAt = '2024-03-01T08:00:00+08:00';
    r.arrivedAt = '2024-03-01T00:00:00Z';
  }),
  accepts('valid.arrivedAt-compared-as-instants', ['§5.8 arrivedAt', '§7.13 cross-field-paths'], '07:00Z is after 08:00+08:00', (r) => {
    r.departedAt = '2024-03-01T08:00:00+08:00';
    r.arrivedAt = '2024-03-01T07:00:00Z';
  }),
  rejects(
    'E4001.temperatureMinC-range',
    ['§5.8 temperatureMinC'],
    'temperatureMinC −41',
    (r) => {
      r.temperatureMinC = -41;
    },
    err('E4001', '/temperatureMinC'),
  ),
  rejects(
    'E4001.temperatureMaxC-range',
    ['§5.8 temperatureMaxC'],
    'temperatureMaxC 41',
    (r) => {
      r.temperatureMaxC = 41;
    },
    err('E4001', '/temperatureMaxC'),
  ),
  rejects(
    'E4005.temperatureMaxC',
    ['§5.8 temperatureMaxC', '§7.13 cross-field-paths'],
    'max 2 below min 4',
    (r) => {
      r.temperatureMinC = 4;
      r.temperatureMaxC = 2;
    },
    err('E4005', '/temperatureMaxC'),
  ),
  accepts(
    'valid.without-optional',
    ['§5.8 arrivedAt', '§5.8 temperatureMinC', '§5.8 temperatureMaxC'],
    'no arrival, no temperatures',
    (r) => {
      delete r.arrivedAt;
      delete r.temperatureMinC;
      delete r.temperatureMaxC;
    },
  ),
];
