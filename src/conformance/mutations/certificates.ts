import { CREDIT_CODE_ALPHABET, withWrongCheck } from '../codes';
import { accepts, chars, err, rejects, type RecordMutation } from './mutation';

export const certificatesMutations: readonly RecordMutation[] = [
  rejects(
    'E4002.certificateNo-blank',
    ['§5.4 certificateNo', '§5 trimmed'],
    'certificateNo of spaces only',
    (r) => {
      r.certificateNo = '  ';
    },
    err('E4002', '/certificateNo'),
  ),
  rejects(
    'E4004.traceCode',
    ['§5.4 traceCode', '§3.3 E4004'],
    'trace code with a wrong check digit',
    (r) => {
      r.traceCode = withWrongCheck(r.traceCode);
    },
    err('E4004', '/traceCode'),
  ),
  rejects(
    'E4004.subjectCode',
    ['§5.4 subjectCode', '§7.15 party-codes'],
    'issuer credit code with a wrong check character',
    (r) => {
      r.subjectCode = withWrongCheck(r.subjectCode, CREDIT_CODE_ALPHABET);
    },
    err('E4004', '/subjectCode'),
  ),
  accepts('valid.subjectCode-resident-id', ['§5.4 subjectCode', '§7.15 party-codes'], 'issuer given as a resident ID', (r, f) => {
    r.subjectCode = f.residentId();
  }),
  rejects(
    'E4003.productCode',
    ['§5.4 productCode', '§3.3 E4003'],
    'productCode not in product-categories',
    (r) => {
      r.productCode = 'FRUIT_UNKNOWN';
    },
    err('E4003', '/productCode'),
  ),
  rejects(
    'E4001.quantity-negative',
    ['§5.4 quantity'],
    'quantity −5',
    (r) => {
      r.quantity = -5;
    },
    err('E4001', '/quantity'),
  ),
  rejects(
    'E4003.unit',
    ['§5.4 unit', '§6.5 code-lists'],
    'unit CRATE',
    (r) => {
      r.unit = 'CRATE';
    },
    err('E4003', '/unit'),
  ),
  rejects(
    'E4001.issuedOn',
    ['§5.4 issuedOn', '§1 dates'],
    'issuedOn 2024-3-2',
    (r) => {
      r.issuedOn = '2024-3-2';
    },
    err('E4001', '/issuedOn'),
  ),
  rejects(
    'E4001.commitments-empty',
    ['§5.4 commitments', '§7.11 null-and-types', '§7.14 array-errors'],
    'commitments []',
    (r) => {
      r.commitments = [];
    },
    err('E4001', '/commitments'),
  ),
  rejects(
    'E4001.commitments-duplicate',
    ['§5.4 commitments', '§7.14 array-errors'],
    'a code repeated: the later one flagged',
    (r) => {
      r.commitments = ['NO_BANNED_DRUGS', 'NO_ILLEGAL_ADDITIVES', 'NO_BANNED_DRUGS'];
    },
    err('E4001', '/commitments/2'),
  ),
  rejects(
    'E4003.commitments',
    ['§5.4 commitments', '§6.5 code-lists', '§7.14 array-errors'],
    'second code in lower case',
    (r) => {
      r.commitments = ['NO_BANNED_DRUGS', 'no_illegal_additives'];
    },
    err('E4003', '/commitments/1'),
  ),
  accepts('valid.commitments-all-four', ['§5.4 commitments'], 'the four commitments', (r) => {
    r.commitments = ['NO_BANNED_DRUGS', 'NO_ILLEGAL_ADDITIVES', 'OBSERVE_INTERVALS', 'MEETS_RESIDUE_STANDARDS'];
  }),
  rejects(
    'E4001.basis',
    ['§5.4 basis', '§7.10 enumerations'],
    'basis OTHER',
    (r) => {
      r.basis = 'OTHER';
    },
    err('E4001', '/basis'),
  ),
  rejects(
    'E4002.inspectionNo-self-test',
    ['§5.4 inspectionNo', '§7.12 conditional-required'],
    'SELF_TEST without inspectionNo',
    (r) => {
      delete r.inspectionNo;
    },
    err('E4002', '/inspectionNo'),
  ),
  rejects(
    'E4002.inspectionNo-commissioned-test',
    ['§5.4 inspectionNo', '§7.12 conditional-required'],
    'COMMISSIONED_TEST without inspectionNo',
    (r) => {
      r.basis = 'COMMISSIONED_TEST';
      delete r.inspectionNo;
    },
    err('E4002', '/inspectionNo'),
  ),
  accepts('valid.quarantine-without-inspectionNo', ['§5.4 inspectionNo', '§5.4 basis'], 'QUARANTINE basis needs no inspectionNo', (r) => {
    r.basis = 'QUARANTINE';
    delete r.inspectionNo;
  }),
  rejects(
    'E4001.inspectionNo-length',
    ['§5.4 inspectionNo', '§7.16 code-points'],
    'inspectionNo of 65 characters',
    (r) => {
      r.inspectionNo = chars('N', 65);
    },
    err('E4001', '/inspectionNo'),
  ),
];
