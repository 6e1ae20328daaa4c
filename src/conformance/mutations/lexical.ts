import type { NationalInterface } from '../../national/types';
import { withWrongCheck } from '../codes';
import { RawNumber } from '../json-text';
import { accepts, err, rejects, type RecordMutation } from './mutation';

/**
 * Record cases for the clarifications added in version 1.1 (§7.20–§7.26): lexical forms of
 * timestamps and integers, Unicode, unknown fields whatever they hold, entries.quarantineCertNo,
 * array elements and the order of errors.
 */

const TS = ['§7.20 lexical-timestamps', '§3.3 E4001'];

const subjects: readonly RecordMutation[] = [
  rejects(
    'E4001.reportedAt-lower-case-t',
    TS,
    'reportedAt with a lower-case t',
    (r) => {
      r.reportedAt = r.reportedAt.replace('T', 't');
    },
    err('E4001', '/reportedAt'),
  ),
  rejects(
    'E4001.reportedAt-lower-case-z',
    TS,
    'reportedAt in UTC with a lower-case z',
    (r) => {
      r.reportedAt = '2024-03-01T00:00:00z';
    },
    err('E4001', '/reportedAt'),
  ),
  rejects(
    'E4001.reportedAt-10-fraction-digits',
    TS,
    'reportedAt with a fraction of 10 digits',
    (r) => {
      r.reportedAt = '2024-03-01T00:00:00.1234567890Z';
    },
    err('E4001', '/reportedAt'),
  ),
  accepts('valid.reportedAt-9-fraction-digits', ['§7.20 lexical-timestamps'], 'reportedAt with a fraction of 9 digits', (r) => {
    r.reportedAt = '2024-03-01T00:00:00.123456789Z';
  }),
  rejects(
    'E4001.reportedAt-offset-over-14',
    TS,
    'reportedAt at +14:30',
    (r) => {
      r.reportedAt = '2024-03-01T14:30:00+14:30';
    },
    err('E4001', '/reportedAt'),
  ),
  rejects(
    'E4001.reportedAt-offset-under-minus-12',
    TS,
    'reportedAt at -12:30',
    (r) => {
      r.reportedAt = '2024-02-29T11:30:00-12:30';
    },
    err('E4001', '/reportedAt'),
  ),
  rejects(
    'E4001.reportedAt-offset-unknown',
    TS,
    'reportedAt at -00:00 (offset unknown)',
    (r) => {
      r.reportedAt = '2024-03-01T00:00:00-00:00';
    },
    err('E4001', '/reportedAt'),
  ),
  accepts('valid.reportedAt-offset-plus-14', ['§7.20 lexical-timestamps'], 'reportedAt at +14:00', (r) => {
    r.reportedAt = '2024-03-01T14:00:00+14:00';
  }),
  accepts('valid.reportedAt-offset-minus-12', ['§7.20 lexical-timestamps'], 'reportedAt at -12:00', (r) => {
    r.reportedAt = '2024-02-29T12:00:00-12:00';
  }),
  rejects(
    'E4001.registeredOn-year-0000',
    TS,
    'registeredOn in year 0000',
    (r) => {
      r.registeredOn = '0000-04-26';
    },
    err('E4001', '/registeredOn'),
  ),
  rejects(
    'E4001.version-written-1.0',
    ['§7.21 integers', '§3.1 version'],
    'version written 1.0',
    (r) => {
      r.version = new RawNumber('1.0');
    },
    err('E4001', '/version'),
  ),
  rejects(
    'E4001.version-written-1e0',
    ['§7.21 integers', '§3.1 version'],
    'version written 1e0',
    (r) => {
      r.version = new RawNumber('1e0');
    },
    err('E4001', '/version'),
  ),
  rejects(
    'E4001.version-above-2^53',
    ['§7.21 integers', '§3.1 version'],
    'version 9007199254740992',
    (r) => {
      r.version = new RawNumber('9007199254740992');
    },
    err('E4001', '/version'),
  ),
  rejects(
    'E4001.name-unpaired-surrogate',
    ['§7.22 unicode', '§3.3 E4001'],
    'name ending in an unpaired surrogate \\ud800',
    (r) => {
      r.name = `${r.name}\ud800`;
    },
    err('E4001', '/name'),
  ),
  rejects(
    'E4006.empty-string',
    ['§7.23 unknown-any-value', '§3.3 E4006'],
    'an unknown field holding ""',
    (r) => {
      r.remark = '';
    },
    err('E4006', '/remark'),
  ),
];

const certificates: readonly RecordMutation[] = [
  rejects(
    'E4003.commitments-same-unknown-twice',
    ['§7.25 array-elements', '§3.3 E4003'],
    'the same unknown commitment twice: E4003 on each, no duplicate',
    (r) => {
      r.commitments = ['XXX', 'XXX'];
    },
    err('E4003', '/commitments/0'),
    err('E4003', '/commitments/1'),
  ),
  rejects(
    'E4002.commitments-blank-element',
    ['§7.25 array-elements', '§3.3 E4002'],
    'a blank commitment',
    (r) => {
      r.commitments = ['NO_BANNED_DRUGS', ' '];
    },
    err('E4002', '/commitments/1'),
  ),
  rejects(
    'E4001.commitments-five-elements-unchecked',
    ['§7.25 array-elements'],
    'five commitments, one unknown: only the length error',
    (r) => {
      r.commitments = ['NO_BANNED_DRUGS', 'NO_ILLEGAL_ADDITIVES', 'OBSERVE_INTERVALS', 'MEETS_RESIDUE_STANDARDS', 'XXX'];
    },
    err('E4001', '/commitments'),
  ),
  rejects(
    'E4006-before-conditional-E4002',
    ['§7.26 order', '§7.12 conditional-required'],
    'SELF_TEST without inspectionNo and an unknown field: E4006 first',
    (r) => {
      delete r.inspectionNo;
      r.remark = 'x';
    },
    err('E4006', '/remark'),
    err('E4002', '/inspectionNo'),
  ),
];

const entries: readonly RecordMutation[] = [
  rejects(
    'E4001.quarantineCertNo-pattern',
    ['§7.24 entries-quarantine', '§3.3 E4001'],
    'quarantineCertNo with dashes',
    (r) => {
      r.productCode = 'MEAT_PORK';
      r.quarantineCertNo = 'QC-2024-0001';
    },
    err('E4001', '/quarantineCertNo'),
  ),
  rejects(
    'E4006-before-conditional-E4002',
    ['§7.26 order', '§7.12 conditional-required'],
    'pork without quarantineCertNo and an unknown field: E4006 first',
    (r) => {
      r.productCode = 'MEAT_PORK';
      delete r.quarantineCertNo;
      r.remark = 'x';
    },
    err('E4006', '/remark'),
    err('E4002', '/quarantineCertNo'),
  ),
];

const inspections: readonly RecordMutation[] = [
  rejects(
    'E4006.inside-item-at-items-position',
    ['§7.26 order', '§3.3 E4006'],
    "an unknown field of an item sits with items, before conclusion; the record's after",
    (r) => {
      r.items[0].colour = 'red';
      r.remark = 'x';
      r.conclusion = 'MAYBE';
    },
    err('E4006', '/items/0/colour'),
    err('E4001', '/conclusion'),
    err('E4006', '/remark'),
  ),
];

const slaughter: readonly RecordMutation[] = [
  rejects(
    'E4001.headCount-written-12.0',
    ['§7.21 integers'],
    'headCount written 12.0',
    (r) => {
      r.headCount = new RawNumber('12.0');
    },
    err('E4001', '/headCount'),
  ),
];

const transports: readonly RecordMutation[] = [
  rejects(
    'E4004.traceCodes-same-bad-twice',
    ['§7.25 array-elements', '§3.3 E4004'],
    'the same trace code with a wrong check digit twice: E4004 on each, no duplicate',
    (r) => {
      const bad = withWrongCheck(r.traceCodes[0]);
      r.traceCodes = [bad, bad];
    },
    err('E4004', '/traceCodes/0'),
    err('E4004', '/traceCodes/1'),
  ),
];

export const lexicalMutations: Readonly<Partial<Record<NationalInterface, readonly RecordMutation[]>>> = {
  subjects,
  certificates,
  entries,
  inspections,
  slaughter,
  transports,
};
