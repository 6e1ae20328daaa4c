import { CREDIT_CODE_ALPHABET, withWrongCheck } from '../codes';
import { accepts, chars, err, rejects, type RecordMutation } from './mutation';

const ID_ALPHABET = '0123456789X';

export const subjectsMutations: readonly RecordMutation[] = [
  rejects(
    'E4002.subjectCode',
    ['§5.1 subjectCode', '§3.3 E4002'],
    'subjectCode missing',
    (r) => {
      delete r.subjectCode;
    },
    err('E4002', '/subjectCode'),
  ),
  rejects(
    'E4004.subjectCode-credit',
    ['§5.1 subjectCode', '§6.2 credit-code', '§3.3 E4004'],
    'credit code with a wrong check character',
    (r) => {
      r.subjectCode = withWrongCheck(r.subjectCode, CREDIT_CODE_ALPHABET);
    },
    err('E4004', '/subjectCode'),
  ),
  rejects(
    'E4001.subjectCode-credit-alphabet',
    ['§6.2 credit-code', '§7.15 party-codes'],
    'credit code containing I',
    (r) => {
      r.subjectCode = `${r.subjectCode.slice(0, 10)}I${r.subjectCode.slice(11)}`;
    },
    err('E4001', '/subjectCode'),
  ),
  accepts('valid.resident-id', ['§5.1 subjectCode', '§6.3 resident-id', '§5.1 rule'], 'an individual farmer with a resident ID', (r, f) => {
    r.subjectIdType = 'RESIDENT_ID';
    r.subjectType = 'INDIVIDUAL_FARMER';
    r.subjectCode = f.residentId();
  }),
  rejects(
    'E4004.subjectCode-resident-id',
    ['§6.3 resident-id', '§3.3 E4004', '§7.15 party-codes'],
    'resident ID with a wrong check character',
    (r, f) => {
      r.subjectIdType = 'RESIDENT_ID';
      r.subjectType = 'VENDOR';
      r.subjectCode = withWrongCheck(f.residentId(), ID_ALPHABET);
    },
    err('E4004', '/subjectCode'),
  ),
  rejects(
    'E4001.subjectCode-not-resident-id',
    ['§5.1 subjectCode', '§7.15 party-codes'],
    'RESIDENT_ID given a credit code (not ID-shaped)',
    (r) => {
      r.subjectIdType = 'RESIDENT_ID';
      r.subjectType = 'VENDOR';
    },
    err('E4001', '/subjectCode'),
  ),
  rejects(
    'E4001.subjectIdType',
    ['§5.1 subjectIdType', '§7.10 enumerations'],
    'subjectIdType PASSPORT (fixed enumeration)',
    (r) => {
      r.subjectIdType = 'PASSPORT';
    },
    err('E4001', '/subjectIdType'),
  ),
  rejects(
    'E4002.name',
    ['§5.1 name', '§3.3 E4002'],
    'name missing',
    (r) => {
      delete r.name;
    },
    err('E4002', '/name'),
  ),
  rejects(
    'E4002.name-blank',
    ['§5 trimmed', '§7.11 null-and-types'],
    'name of spaces only',
    (r) => {
      r.name = ' \t ';
    },
    err('E4002', '/name'),
  ),
  rejects(
    'E4001.name-null',
    ['§7.11 null-and-types'],
    'name null',
    (r) => {
      r.name = null;
    },
    err('E4001', '/name'),
  ),
  rejects(
    'E4001.name-length',
    ['§5.1 name', '§7.16 code-points'],
    'name of 101 characters',
    (r) => {
      r.name = chars('农', 101);
    },
    err('E4001', '/name'),
  ),
  accepts(
    'valid.name-100-code-points',
    ['§5.1 name', '§7.16 code-points'],
    'name of 100 astral-plane characters (200 UTF-16 units)',
    (r) => {
      r.name = chars('𠀀', 100);
    },
  ),
  rejects(
    'E4003.subjectType',
    ['§5.1 subjectType', '§6.5 code-lists', '§3.3 E4003'],
    'subjectType not in subject-types',
    (r) => {
      r.subjectType = 'PLANTATION';
    },
    err('E4003', '/subjectType'),
  ),
  rejects(
    'E4003.subjectType-case',
    ['§6.5 code-lists'],
    'subjectType in lower case (codes are case-sensitive)',
    (r) => {
      r.subjectType = 'enterprise';
    },
    err('E4003', '/subjectType'),
  ),
  rejects(
    'E4001.address-length',
    ['§5.1 address'],
    'address of 201 characters',
    (r) => {
      r.address = chars('路', 201);
    },
    err('E4001', '/address'),
  ),
  rejects(
    'E4001.legalRepresentative-length',
    ['§5.1 legalRepresentative'],
    'legalRepresentative of 51 characters',
    (r) => {
      r.legalRepresentative = chars('张', 51);
    },
    err('E4001', '/legalRepresentative'),
  ),
  rejects(
    'E4001.contactPhone',
    ['§5.1 contactPhone'],
    'contactPhone 12345678',
    (r) => {
      r.contactPhone = '12345678';
    },
    err('E4001', '/contactPhone'),
  ),
  accepts('valid.contactPhone-landline', ['§5.1 contactPhone'], 'a landline 0931-8123456', (r) => {
    r.contactPhone = '0931-8123456';
  }),
  rejects(
    'E4002.registeredOn',
    ['§5.1 registeredOn', '§3.3 E4002'],
    'registeredOn missing',
    (r) => {
      delete r.registeredOn;
    },
    err('E4002', '/registeredOn'),
  ),
  rejects(
    'E4001.registeredOn-format',
    ['§5.1 registeredOn', '§1 dates'],
    'registeredOn 2020/05/18',
    (r) => {
      r.registeredOn = '2020/05/18';
    },
    err('E4001', '/registeredOn'),
  ),
  rejects(
    'E4005.subjectType',
    ['§5.1 rule', '§7.13 cross-field-paths', '§3.3 E4005'],
    'RESIDENT_ID with subjectType ENTERPRISE',
    (r, f) => {
      r.subjectIdType = 'RESIDENT_ID';
      r.subjectCode = f.residentId();
    },
    err('E4005', '/subjectType'),
  ),
  {
    name: 'all-errors-in-order',
    clauses: ['§7.9 all-errors', '§7.9 error-order'],
    title: 'four errors: common field first, field-table order, then E4006',
    apply: (r, f) => {
      r.remark = 'x';
      r.contactPhone = '12345';
      delete r.name;
      r.regionCode = f.otherRegion;
    },
    expect: [err('E2005', '/regionCode'), err('E4002', '/name'), err('E4001', '/contactPhone'), err('E4006', '/remark')],
  },
];
