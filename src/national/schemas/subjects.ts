import { codeList, date, ID_PATTERN, oneOf, recordSchema, text } from './common';

/** §5.1 subjects — registration of a producer or operator. */
export const subjectsSchema = recordSchema(
  'subjects',
  {
    subjectCode: { type: 'string', pattern: ID_PATTERN, ntpId: 'subject' },
    subjectIdType: oneOf('CREDIT_CODE', 'RESIDENT_ID'),
    name: text(1, 100),
    subjectType: codeList('subject-types'),
    address: text(1, 200),
    legalRepresentative: text(1, 50),
    contactPhone: { type: 'string', pattern: '^(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$' },
    registeredOn: date,
  },
  ['subjectCode', 'subjectIdType', 'name', 'subjectType', 'registeredOn'],
);
