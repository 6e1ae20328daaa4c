import { withWrongCheck } from '../codes';
import { accepts, chars, err, rejects, type RecordMutation } from './mutation';

export const inspectionsMutations: readonly RecordMutation[] = [
  rejects(
    'E4002.inspectionNo',
    ['§5.3 inspectionNo', '§3.3 E4002'],
    'inspectionNo missing',
    (r) => {
      delete r.inspectionNo;
    },
    err('E4002', '/inspectionNo'),
  ),
  rejects(
    'E4001.inspectionNo-length',
    ['§5.3 inspectionNo'],
    'inspectionNo of 65 characters',
    (r) => {
      r.inspectionNo = chars('N', 65);
    },
    err('E4001', '/inspectionNo'),
  ),
  rejects(
    'E4004.traceCode',
    ['§5.3 traceCode', '§3.3 E4004'],
    'trace code with a wrong check digit',
    (r) => {
      r.traceCode = withWrongCheck(r.traceCode);
    },
    err('E4004', '/traceCode'),
  ),
  rejects(
    'E4001.method',
    ['§5.3 method', '§7.10 enumerations'],
    'method FAST',
    (r) => {
      r.method = 'FAST';
    },
    err('E4001', '/method'),
  ),
  rejects(
    'E4002.agency',
    ['§5.3 agency', '§3.3 E4002'],
    'agency missing',
    (r) => {
      delete r.agency;
    },
    err('E4002', '/agency'),
  ),
  rejects(
    'E4001.testedAt',
    ['§5.3 testedAt', '§7.18 rfc3339'],
    'testedAt without offset',
    (r) => {
      r.testedAt = r.testedAt.slice(0, 19);
    },
    err('E4001', '/testedAt'),
  ),
  rejects(
    'E4001.items-empty',
    ['§5.3 items', '§7.11 null-and-types', '§7.14 array-errors'],
    'items []',
    (r) => {
      r.items = [];
    },
    err('E4001', '/items'),
  ),
  rejects(
    'E4001.items-too-many',
    ['§5.3 items', '§7.14 array-errors'],
    '51 items',
    (r) => {
      r.items = Array.from({ length: 51 }, () => ({ ...r.items[0] }));
    },
    err('E4001', '/items'),
  ),
  rejects(
    'E4003.items-itemCode',
    ['§5.3 items', '§6.5 code-lists', '§7.14 array-errors'],
    'second item with an unknown itemCode',
    (r) => {
      r.items[1].itemCode = 'UNKNOWN_ITEM';
    },
    err('E4003', '/items/1/itemCode'),
  ),
  rejects(
    'E4001.items-value-negative',
    ['§5.3 items'],
    'value −1',
    (r) => {
      r.items[0].value = -1;
    },
    err('E4001', '/items/0/value'),
  ),
  rejects(
    'E4001.items-value-decimals',
    ['§1 decimals', '§5.3 items'],
    'value with 7 decimals',
    (r) => {
      r.items[1].value = 0.0123456;
    },
    err('E4001', '/items/1/value'),
  ),
  accepts('valid.items-value-6-decimals', ['§1 decimals', '§5.3 items'], 'value with 6 decimals', (r) => {
    r.items[1].value = 0.012345;
  }),
  rejects(
    'E4001.items-limit-zero',
    ['§5.3 items'],
    'limit 0',
    (r) => {
      r.items[0].limit = 0;
    },
    err('E4001', '/items/0/limit'),
  ),
  accepts('valid.items-without-limit', ['§5.3 items'], 'an item without a limit', (r) => {
    delete r.items[1].limit;
  }),
  rejects(
    'E4001.items-unit',
    ['§5.3 items', '§7.10 enumerations'],
    'item unit g/kg',
    (r) => {
      r.items[0].unit = 'g/kg';
    },
    err('E4001', '/items/0/unit'),
  ),
  rejects(
    'E4001.items-result',
    ['§5.3 items', '§7.10 enumerations'],
    'item result OK',
    (r) => {
      r.items[0].result = 'OK';
    },
    err('E4001', '/items/0/result'),
  ),
  rejects(
    'E4001.conclusion',
    ['§5.3 conclusion', '§7.10 enumerations'],
    'conclusion MAYBE',
    (r) => {
      r.conclusion = 'MAYBE';
    },
    err('E4001', '/conclusion'),
  ),
  rejects(
    'E4005.items-result',
    ['§5.3 rules', '§7.13 cross-field-paths', '§3.3 E4005'],
    'value above its limit marked PASS',
    (r) => {
      r.items[0].value = 60;
    },
    err('E4005', '/items/0/result'),
  ),
  accepts('valid.value-equal-to-limit', ['§5.3 rules', '§7.13 cross-field-paths'], 'value equal to its limit marked PASS', (r) => {
    r.items[0].value = 50;
  }),
  rejects(
    'E4005.conclusion-fail-without-fail-item',
    ['§5.3 rules', '§7.13 cross-field-paths'],
    'conclusion FAIL, every item PASS',
    (r) => {
      r.conclusion = 'FAIL';
    },
    err('E4005', '/conclusion'),
  ),
  rejects(
    'E4005.conclusion-pass-with-fail-item',
    ['§5.3 rules', '§7.13 cross-field-paths'],
    'an item FAIL, conclusion PASS',
    (r) => {
      r.items[1].result = 'FAIL';
    },
    err('E4005', '/conclusion'),
  ),
  accepts('valid.failed-inspection', ['§5.3 rules'], 'value above limit FAIL, conclusion FAIL', (r) => {
    r.items[0].value = 60;
    r.items[0].result = 'FAIL';
    r.conclusion = 'FAIL';
  }),
];
