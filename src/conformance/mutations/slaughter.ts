import { CREDIT_CODE_ALPHABET, withWrongCheck } from '../codes';
import { err, rejects, type RecordMutation } from './mutation';

export const slaughterMutations: readonly RecordMutation[] = [
  rejects(
    'E4002.traceCode',
    ['§5.5 traceCode', '§3.3 E4002'],
    'traceCode missing',
    (r) => {
      delete r.traceCode;
    },
    err('E4002', '/traceCode'),
  ),
  rejects(
    'E4004.traceCode',
    ['§5.5 traceCode', '§3.3 E4004'],
    'trace code with a wrong check digit',
    (r) => {
      r.traceCode = withWrongCheck(r.traceCode);
    },
    err('E4004', '/traceCode'),
  ),
  rejects(
    'E4004.slaughterhouseCode',
    ['§5.5 slaughterhouseCode', '§6.2 credit-code'],
    'credit code with a wrong check character',
    (r) => {
      r.slaughterhouseCode = withWrongCheck(r.slaughterhouseCode, CREDIT_CODE_ALPHABET);
    },
    err('E4004', '/slaughterhouseCode'),
  ),
  rejects(
    'E4004.slaughterhouseCode-resident-id',
    ['§5.5 slaughterhouseCode', '§7.15 party-codes'],
    'a valid resident ID in a §6.2-only field',
    (r, f) => {
      r.slaughterhouseCode = f.residentId();
    },
    err('E4004', '/slaughterhouseCode'),
  ),
  rejects(
    'E4001.animalType',
    ['§5.5 animalType', '§7.10 enumerations'],
    'animalType HORSE',
    (r) => {
      r.animalType = 'HORSE';
    },
    err('E4001', '/animalType'),
  ),
  rejects(
    'E4001.headCount-fraction',
    ['§5.5 headCount'],
    'headCount 1.5',
    (r) => {
      r.headCount = 1.5;
    },
    err('E4001', '/headCount'),
  ),
  rejects(
    'E4001.headCount-zero',
    ['§5.5 headCount'],
    'headCount 0',
    (r) => {
      r.headCount = 0;
    },
    err('E4001', '/headCount'),
  ),
  rejects(
    'E4001.carcassWeightKg-zero',
    ['§5.5 carcassWeightKg'],
    'carcassWeightKg 0',
    (r) => {
      r.carcassWeightKg = 0;
    },
    err('E4001', '/carcassWeightKg'),
  ),
  rejects(
    'E4001.quarantineCertNo-pattern',
    ['§5.5 quarantineCertNo'],
    'quarantineCertNo in lower case',
    (r) => {
      r.quarantineCertNo = 'a620123456';
    },
    err('E4001', '/quarantineCertNo'),
  ),
  rejects(
    'E4002.quarantineCertNo',
    ['§5.5 quarantineCertNo', '§3.3 E4002'],
    'quarantineCertNo missing',
    (r) => {
      delete r.quarantineCertNo;
    },
    err('E4002', '/quarantineCertNo'),
  ),
  rejects(
    'E4003.originRegionCode',
    ['§5.5 originRegionCode', '§7.10 enumerations'],
    'origin province 99',
    (r) => {
      r.originRegionCode = '990101';
    },
    err('E4003', '/originRegionCode'),
  ),
  rejects(
    'E4001.originRegionCode',
    ['§5.5 originRegionCode', '§6.1 region-code'],
    'origin of 7 digits',
    (r) => {
      r.originRegionCode = `${r.originRegionCode}1`;
    },
    err('E4001', '/originRegionCode'),
  ),
  rejects(
    'E4001.slaughteredAt',
    ['§5.5 slaughteredAt', '§7.18 rfc3339'],
    'slaughteredAt with a space',
    (r) => {
      r.slaughteredAt = r.slaughteredAt.replace('T', ' ');
    },
    err('E4001', '/slaughteredAt'),
  ),
];
