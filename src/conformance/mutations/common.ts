import { accepts, chars, err, rejects, type RecordMutation } from './mutation';

/** Mutations of the common fields that every interface must reject the same way. */
export const everyInterface: readonly RecordMutation[] = [
  rejects(
    'E2005.regionCode',
    ['§2 region-scope', '§3.3 E2005', '§5 regionCode'],
    'regionCode of another province',
    (r, f) => {
      r.regionCode = f.otherRegion;
    },
    err('E2005', '/regionCode'),
  ),
  rejects(
    'E4006.unknown-field',
    ['§5 closed', '§3.3 E4006'],
    'a field beyond those listed',
    (r) => {
      r.remark = 'not a field of the interface';
    },
    err('E4006', '/remark'),
  ),
  rejects(
    'E4002.reportedAt',
    ['§5 common', '§3.3 E4002'],
    'reportedAt missing',
    (r) => {
      delete r.reportedAt;
    },
    err('E4002', '/reportedAt'),
  ),
];

/** The common fields in depth; run on one interface (subjects). */
export const commonInDepth: readonly RecordMutation[] = [
  rejects(
    'E4002.recordId',
    ['§5 common', '§3.3 E4002'],
    'recordId missing',
    (r) => {
      delete r.recordId;
    },
    err('E4002', '/recordId'),
  ),
  rejects(
    'E4001.recordId-pattern',
    ['§3.1 recordId', '§3.3 E4001'],
    'recordId with a space and !',
    (r) => {
      r.recordId = `${r.recordId} bad!`;
    },
    err('E4001', '/recordId'),
  ),
  rejects(
    'E4001.recordId-length',
    ['§3.1 recordId', '§3.3 E4001'],
    'recordId of 65 characters',
    (r) => {
      r.recordId = `${r.recordId}-${chars('x', 64)}`.slice(0, 65);
    },
    err('E4001', '/recordId'),
  ),
  rejects(
    'E4002.version',
    ['§5 common', '§3.3 E4002'],
    'version missing',
    (r) => {
      delete r.version;
    },
    err('E4002', '/version'),
  ),
  rejects(
    'E4001.version-zero',
    ['§3.1 version', '§3.3 E4001'],
    'version 0',
    (r) => {
      r.version = 0;
    },
    err('E4001', '/version'),
  ),
  rejects(
    'E4001.version-fraction',
    ['§3.1 version', '§3.3 E4001'],
    'version 1.5',
    (r) => {
      r.version = 1.5;
    },
    err('E4001', '/version'),
  ),
  rejects(
    'E4001.version-string',
    ['§3.1 version', '§7.11 null-and-types'],
    'version "1" (a string)',
    (r) => {
      r.version = '1';
    },
    err('E4001', '/version'),
  ),
  rejects(
    'E4002.regionCode',
    ['§5 common', '§3.3 E4002'],
    'regionCode missing',
    (r) => {
      delete r.regionCode;
    },
    err('E4002', '/regionCode'),
  ),
  rejects(
    'E4001.regionCode-format',
    ['§5 regionCode', '§6.1 region-code'],
    'regionCode of 5 digits',
    (r) => {
      r.regionCode = r.regionCode.slice(0, 5);
    },
    err('E4001', '/regionCode'),
  ),
  rejects(
    'E4001.regionCode-city-00',
    ['§7.17 region-rules', '§6.1 region-code'],
    'city part 00 with a county part',
    (r) => {
      r.regionCode = `${r.regionCode.slice(0, 2)}0012`;
    },
    err('E4001', '/regionCode'),
  ),
  rejects(
    'E4003.regionCode-province',
    ['§6.1 region-code', '§7.10 enumerations', '§3.3 E4003', '§7.9 all-errors'],
    'province 99 (not listed): E4003, not E2005',
    (r) => {
      r.regionCode = '990101';
    },
    err('E4003', '/regionCode'),
  ),
  accepts('valid.regionCode-county-00', ['§6.1 region-code', '§7.17 region-rules'], 'a city-level code XXYY00', (r, f) => {
    if (f.regionScope.length < 6) r.regionCode = `${r.regionCode.slice(0, 4)}00`;
  }),
  rejects(
    'E4002.sourceSystem-blank',
    ['§5 trimmed', '§7.11 null-and-types', '§3.3 E4002'],
    'sourceSystem of spaces only',
    (r) => {
      r.sourceSystem = '   ';
    },
    err('E4002', '/sourceSystem'),
  ),
  rejects(
    'E4001.sourceSystem-null',
    ['§7.11 null-and-types'],
    'sourceSystem null',
    (r) => {
      r.sourceSystem = null;
    },
    err('E4001', '/sourceSystem'),
  ),
  rejects(
    'E4001.sourceSystem-length',
    ['§5 sourceSystem', '§7.16 code-points'],
    'sourceSystem of 65 characters',
    (r) => {
      r.sourceSystem = chars('s', 65);
    },
    err('E4001', '/sourceSystem'),
  ),
  accepts('valid.sourceSystem-trimmed', ['§5 trimmed', '§7.16 code-points'], '64 characters plus surrounding spaces', (r) => {
    r.sourceSystem = `  ${chars('s', 64)}  `;
  }),
  rejects(
    'E4001.reportedAt-no-offset',
    ['§1 timestamps', '§7.18 rfc3339', '§5 reportedAt'],
    'reportedAt without offset',
    (r) => {
      r.reportedAt = r.reportedAt.slice(0, 19);
    },
    err('E4001', '/reportedAt'),
  ),
  rejects(
    'E4001.reportedAt-compact-offset',
    ['§7.18 rfc3339'],
    'reportedAt with +0800',
    (r) => {
      r.reportedAt = `${r.reportedAt.slice(0, 19)}+0800`;
    },
    err('E4001', '/reportedAt'),
  ),
  rejects(
    'E4001.reportedAt-space',
    ['§7.18 rfc3339'],
    'reportedAt with a space instead of T',
    (r) => {
      r.reportedAt = r.reportedAt.replace('T', ' ');
    },
    err('E4001', '/reportedAt'),
  ),
  rejects(
    'E4001.reportedAt-minutes',
    ['§1 timestamps', '§7.18 rfc3339'],
    'reportedAt to the minute only',
    (r) => {
      r.reportedAt = `${r.reportedAt.slice(0, 16)}+08:00`;
    },
    err('E4001', '/reportedAt'),
  ),
  accepts('valid.reportedAt-z', ['§7.18 rfc3339', '§1 timestamps'], 'reportedAt in Z with a fraction', (r) => {
    r.reportedAt = '2024-03-01T00:00:00.250Z';
  }),
];
