import { CREDIT_CODE_ALPHABET, traceCode, withWrongCheck } from '../codes';
import { RawNumber } from '../json-text';
import { accepts, chars, err, rejects, type RecordMutation } from './mutation';

export const batchesMutations: readonly RecordMutation[] = [
  rejects(
    'E4002.traceCode',
    ['§5.2 traceCode', '§3.3 E4002'],
    'traceCode missing',
    (r) => {
      delete r.traceCode;
    },
    err('E4002', '/traceCode'),
  ),
  rejects(
    'E4004.traceCode',
    ['§5.2 traceCode', '§6.4 trace-code', '§3.3 E4004'],
    'trace code with a wrong check digit',
    (r) => {
      r.traceCode = withWrongCheck(r.traceCode);
    },
    err('E4004', '/traceCode'),
  ),
  rejects(
    'E4001.traceCode-length',
    ['§6.4 trace-code'],
    'trace code of 19 digits',
    (r) => {
      r.traceCode = r.traceCode.slice(0, 19);
    },
    err('E4001', '/traceCode'),
  ),
  rejects(
    'E4001.traceCode-link',
    ['§6.4 trace-code', '§7.17 trace-rules'],
    'link code 10 (valid check digit)',
    (r, f) => {
      r.traceCode = traceCode(f.region, '10', '240301', 1);
    },
    err('E4001', '/traceCode'),
  ),
  rejects(
    'E4001.traceCode-date',
    ['§7.17 trace-rules'],
    'date 240230 (not a calendar date)',
    (r, f) => {
      r.traceCode = traceCode(f.region, '01', '240230', 1);
    },
    err('E4001', '/traceCode'),
  ),
  rejects(
    'E4001.traceCode-city-00',
    ['§7.17 trace-rules', '§7.17 region-rules'],
    'trace-code region with city 00 and county 12',
    (r, f) => {
      r.traceCode = traceCode(`${f.region.slice(0, 2)}0012`, '01', '240301', 1);
    },
    err('E4001', '/traceCode'),
  ),
  rejects(
    'E4003.traceCode-province',
    ['§7.10 enumerations', '§6.4 trace-code'],
    'trace-code province 99 (valid check digit)',
    (r) => {
      r.traceCode = traceCode('990101', '01', '240301', 1);
    },
    err('E4003', '/traceCode'),
  ),
  rejects(
    'E4004.subjectCode',
    ['§5.2 subjectCode', '§7.15 party-codes'],
    'producer credit code with a wrong check character',
    (r) => {
      r.subjectCode = withWrongCheck(r.subjectCode, CREDIT_CODE_ALPHABET);
    },
    err('E4004', '/subjectCode'),
  ),
  accepts('valid.subjectCode-resident-id', ['§5.2 subjectCode', '§7.15 party-codes'], 'producer given as a resident ID', (r, f) => {
    r.subjectCode = f.residentId();
  }),
  rejects(
    'E4003.productCode',
    ['§5.2 productCode', '§3.3 E4003'],
    'productCode not in product-categories',
    (r) => {
      r.productCode = 'VEG_UNKNOWN';
    },
    err('E4003', '/productCode'),
  ),
  rejects(
    'E4002.productName-blank',
    ['§5.2 productName', '§5 trimmed'],
    'productName empty',
    (r) => {
      r.productName = '';
    },
    err('E4002', '/productName'),
  ),
  rejects(
    'E4001.productName-length',
    ['§5.2 productName', '§7.16 code-points'],
    'productName of 101 characters',
    (r) => {
      r.productName = chars('菜', 101);
    },
    err('E4001', '/productName'),
  ),
  rejects(
    'E4001.quantity-zero',
    ['§5.2 quantity', '§3.3 E4001'],
    'quantity 0',
    (r) => {
      r.quantity = 0;
    },
    err('E4001', '/quantity'),
  ),
  rejects(
    'E4001.quantity-decimals',
    ['§1 decimals'],
    'quantity with 4 decimals',
    (r) => {
      r.quantity = 1.2345;
    },
    err('E4001', '/quantity'),
  ),
  accepts('valid.quantity-as-written-3-decimals', ['§1 decimals'], 'quantity written 8.330 (3 decimals as written)', (r) => {
    r.quantity = new RawNumber('8.330');
  }),
  rejects(
    'E4001.quantity-as-written-4-decimals',
    ['§1 decimals'],
    'quantity written 8.3300 (4 decimals as written)',
    (r) => {
      r.quantity = new RawNumber('8.3300');
    },
    err('E4001', '/quantity'),
  ),
  rejects(
    'E4001.quantity-string',
    ['§7.11 null-and-types'],
    'quantity "5" (a string)',
    (r) => {
      r.quantity = '5';
    },
    err('E4001', '/quantity'),
  ),
  rejects(
    'E4003.unit',
    ['§5.2 unit', '§6.5 code-lists'],
    'unit kg (lower case)',
    (r) => {
      r.unit = 'kg';
    },
    err('E4003', '/unit'),
  ),
  rejects(
    'E4001.producedOn-format',
    ['§5.2 producedOn', '§1 dates'],
    'producedOn 20240301',
    (r) => {
      r.producedOn = '20240301';
    },
    err('E4001', '/producedOn'),
  ),
  rejects(
    'E4005.producedOn',
    ['§5.2 producedOn', '§7.13 cross-field-paths', '§3.3 E4005'],
    'producedOn after the date written in reportedAt (23:30 at UTC−5)',
    (r) => {
      r.reportedAt = '2024-03-01T23:30:00-05:00';
      r.producedOn = '2024-03-02';
    },
    err('E4005', '/producedOn'),
  ),
  accepts(
    'valid.producedOn-date-as-written',
    ['§5.2 producedOn', '§7.13 cross-field-paths'],
    'producedOn equal to the date written in reportedAt (01:00 at UTC+8)',
    (r) => {
      r.reportedAt = '2024-03-02T01:00:00+08:00';
      r.producedOn = '2024-03-02';
    },
  ),
  rejects(
    'E4002.originRegionCode',
    ['§5.2 originRegionCode', '§3.3 E4002'],
    'originRegionCode missing',
    (r) => {
      delete r.originRegionCode;
    },
    err('E4002', '/originRegionCode'),
  ),
  accepts('valid.originRegionCode-outside-scope', ['§5.2 originRegionCode'], 'origin in another province', (r, f) => {
    r.originRegionCode = f.otherRegion;
  }),
  rejects(
    'E4001.baseName-length',
    ['§5.2 baseName'],
    'baseName of 101 characters',
    (r) => {
      r.baseName = chars('基', 101);
    },
    err('E4001', '/baseName'),
  ),
];
