import { CREDIT_CODE_ALPHABET, withWrongCheck } from '../codes';
import { accepts, chars, err, rejects, type RecordMutation } from './mutation';

export const entriesMutations: readonly RecordMutation[] = [
  rejects(
    'E4002.entryNo',
    ['§5.6 entryNo', '§3.3 E4002'],
    'entryNo missing',
    (r) => {
      delete r.entryNo;
    },
    err('E4002', '/entryNo'),
  ),
  rejects(
    'E4004.marketCode',
    ['§5.6 marketCode', '§3.3 E4004'],
    'credit code with a wrong check character',
    (r) => {
      r.marketCode = withWrongCheck(r.marketCode, CREDIT_CODE_ALPHABET);
    },
    err('E4004', '/marketCode'),
  ),
  rejects(
    'E4004.marketCode-resident-id',
    ['§5.6 marketCode', '§7.15 party-codes'],
    'a valid resident ID in a §6.2-only field',
    (r, f) => {
      r.marketCode = f.residentId();
    },
    err('E4004', '/marketCode'),
  ),
  accepts('valid.vendorCode-resident-id', ['§5.6 vendorCode', '§7.15 party-codes'], 'stall holder given as a resident ID', (r, f) => {
    r.vendorCode = f.residentId();
  }),
  rejects(
    'E4004.vendorCode-resident-id',
    ['§5.6 vendorCode', '§7.15 party-codes', '§6.3 resident-id'],
    'resident ID with a wrong check character',
    (r, f) => {
      r.vendorCode = withWrongCheck(f.residentId(), '0123456789X');
    },
    err('E4004', '/vendorCode'),
  ),
  rejects(
    'E4001.supplierCode',
    ['§5.6 supplierCode', '§7.15 party-codes'],
    'supplierCode ABC (neither shape)',
    (r) => {
      r.supplierCode = 'ABC';
    },
    err('E4001', '/supplierCode'),
  ),
  accepts('valid.without-optional', ['§5.6 supplierCode', '§5.6 originCertificateNo'], 'no supplierCode, no originCertificateNo', (r) => {
    delete r.supplierCode;
    delete r.originCertificateNo;
  }),
  rejects(
    'E4004.traceCode',
    ['§5.6 traceCode', '§3.3 E4004'],
    'trace code with a wrong check digit',
    (r) => {
      r.traceCode = withWrongCheck(r.traceCode);
    },
    err('E4004', '/traceCode'),
  ),
  rejects(
    'E4003.productCode',
    ['§5.6 productCode', '§3.3 E4003'],
    'productCode not in product-categories',
    (r) => {
      r.productCode = 'MEAT_HORSE';
    },
    err('E4003', '/productCode'),
  ),
  rejects(
    'E4001.quantity-zero',
    ['§5.6 quantity'],
    'quantity 0',
    (r) => {
      r.quantity = 0;
    },
    err('E4001', '/quantity'),
  ),
  rejects(
    'E4003.unit',
    ['§5.6 unit'],
    'unit JIN',
    (r) => {
      r.unit = 'JIN';
    },
    err('E4003', '/unit'),
  ),
  rejects(
    'E4001.enteredAt',
    ['§5.6 enteredAt', '§7.18 rfc3339'],
    'enteredAt without offset',
    (r) => {
      r.enteredAt = r.enteredAt.slice(0, 19);
    },
    err('E4001', '/enteredAt'),
  ),
  rejects(
    'E4001.originCertificateNo-length',
    ['§5.6 originCertificateNo', '§7.16 code-points'],
    'originCertificateNo of 65 characters',
    (r) => {
      r.originCertificateNo = chars('C', 65);
    },
    err('E4001', '/originCertificateNo'),
  ),
  rejects(
    'E4002.quarantineCertNo-meat',
    ['§5.6 quarantineCertNo', '§7.12 conditional-required'],
    'pork without quarantineCertNo',
    (r) => {
      r.productCode = 'MEAT_PORK';
    },
    err('E4002', '/quarantineCertNo'),
  ),
  accepts('valid.meat-with-quarantineCertNo', ['§5.6 quarantineCertNo'], 'pork with its quarantine certificate', (r) => {
    r.productCode = 'MEAT_PORK';
    r.quarantineCertNo = 'A620000000001';
  }),
];
