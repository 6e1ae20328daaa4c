import { describe, expect, it } from 'vitest';
import { NATIONAL_INTERFACES, type NationalInterface } from '../../src/national/types';
import { validRecords } from '../fixtures/national/valid-records';
import { ABSENT, errorsOf, traceCode, withFields, wrongLast } from './validator-fixture';

/**
 * Field rules of national §5, §6 and §7.10–§7.18, one mutation of a valid record at a time, with
 * the exact errors the platform gives. Cross-field rules and ordering: validate-rules.test.ts.
 */

type Expected = [code: string, path: string][];
type Case = [description: string, patch: Record<string, unknown>, expected: Expected];

const CREDIT = '91620123MA72K4D128';
const CREDIT_BAD_CHECK = wrongLast(CREDIT, 'ABC');
const RESIDENT = '622924197803152315';
const RESIDENT_BAD_CHECK = '622924197803152316';
const TRACE = '62012301240611000122';

const long = (n: number, ch = 'a'): string => ch.repeat(n);
const emoji = (n: number): string => '🥬'.repeat(n); // one code point, two UTF-16 units

function run(iface: NationalInterface, cases: Case[]): void {
  describe(iface, () => {
    it('the valid record passes', () => {
      expect(errorsOf(iface, validRecords[iface])).toEqual([]);
    });
    it.each(cases)('%s', (_description, patch, expected) => {
      const errors = errorsOf(iface, withFields(iface, patch));
      expect(errors).toEqual(expected.map(([code, path]) => ({ code, path })));
    });
  });
}

/** Cases for a field that holds a trace code (§6.4, §7.17). */
function traceCases(field: string): Case[] {
  return [
    [`${field}: valid, padded with spaces`, { [field]: `  ${TRACE}\t` }, []],
    [`${field}: wrong check digit → E4004`, { [field]: wrongLast(TRACE) }, [['E4004', `/${field}`]]],
    [`${field}: 19 digits → E4001`, { [field]: TRACE.slice(0, 19) }, [['E4001', `/${field}`]]],
    [`${field}: a letter → E4001`, { [field]: `A${TRACE.slice(1)}` }, [['E4001', `/${field}`]]],
    [`${field}: link code 00 → E4001`, { [field]: traceCode('6201230024061100012') }, [['E4001', `/${field}`]]],
    [`${field}: link code 10 → E4001`, { [field]: traceCode('6201231024061100012') }, [['E4001', `/${field}`]]],
    [`${field}: date 240230 → E4001`, { [field]: traceCode('6201230124023000012') }, [['E4001', `/${field}`]]],
    [`${field}: region city 00 county 23 → E4001`, { [field]: traceCode('6200230124061100012') }, [['E4001', `/${field}`]]],
    [`${field}: province 99 → E4003`, { [field]: traceCode('9901230124061100012') }, [['E4003', `/${field}`]]],
    [
      `${field}: province 99 and wrong check → E4003 only`,
      { [field]: wrongLast(traceCode('9901230124061100012')) },
      [['E4003', `/${field}`]],
    ],
    [`${field}: a number → E4001`, { [field]: 62012301240611000000 }, [['E4001', `/${field}`]]],
  ];
}

/** Cases for a field that holds a credit code or a resident ID (§7.15). */
function partyCases(field: string): Case[] {
  return [
    [`${field}: a credit code`, { [field]: '91350100M000100Y43' }, []],
    [`${field}: a resident ID`, { [field]: RESIDENT }, []],
    [`${field}: a resident ID with X`, { [field]: '62010219820627100X' }, []],
    [`${field}: credit code, wrong check → E4004`, { [field]: '91350100M000100Y44' }, [['E4004', `/${field}`]]],
    [`${field}: resident ID, wrong check → E4004`, { [field]: RESIDENT_BAD_CHECK }, [['E4004', `/${field}`]]],
    [`${field}: 17 characters → E4001`, { [field]: CREDIT.slice(0, 17) }, [['E4001', `/${field}`]]],
    [`${field}: lower case → E4001`, { [field]: CREDIT.toLowerCase() }, [['E4001', `/${field}`]]],
    [`${field}: a 15-digit registration number → E4001`, { [field]: '620102600123456' }, [['E4001', `/${field}`]]],
  ];
}

/** Cases for a field that holds a credit code only (§6.2). */
function creditCases(field: string): Case[] {
  return [
    [`${field}: the spec example`, { [field]: '91350100M000100Y43' }, []],
    [`${field}: wrong check character → E4004`, { [field]: '91350100M000100Y44' }, [['E4004', `/${field}`]]],
    [`${field}: a resident ID → E4004`, { [field]: RESIDENT }, [['E4004', `/${field}`]]],
    [`${field}: the letter O → E4001`, { [field]: '91350100M000100O43' }, [['E4001', `/${field}`]]],
    [`${field}: missing → E4002`, { [field]: ABSENT }, [['E4002', `/${field}`]]],
  ];
}

function regionCases(field: string): Case[] {
  return [
    [`${field}: 5 digits → E4001`, { [field]: '62012' }, [['E4001', `/${field}`]]],
    [`${field}: 7 digits → E4001`, { [field]: '6201230' }, [['E4001', `/${field}`]]],
    [`${field}: city 00 with county 23 → E4001`, { [field]: '620023' }, [['E4001', `/${field}`]]],
    [`${field}: the province itself`, { [field]: '620000' }, []],
    [`${field}: a city itself`, { [field]: '620100' }, []],
    [`${field}: province 99 → E4003`, { [field]: '990101' }, [['E4003', `/${field}`]]],
    [`${field}: province 00 → E4003`, { [field]: '000000' }, [['E4003', `/${field}`]]],
    [`${field}: a number → E4001`, { [field]: 620123 }, [['E4001', `/${field}`]]],
  ];
}

function timestampCases(field: string): Case[] {
  return [
    [`${field}: Z offset`, { [field]: '2024-06-11T10:00:00Z' }, []],
    [`${field}: a fraction`, { [field]: '2024-06-11T10:00:00.125+08:00' }, []],
    [`${field}: no offset → E4001`, { [field]: '2024-06-11T10:00:00' }, [['E4001', `/${field}`]]],
    [`${field}: +0800 → E4001`, { [field]: '2024-06-11T10:00:00+0800' }, [['E4001', `/${field}`]]],
    [`${field}: a space for T → E4001`, { [field]: '2024-06-11 10:00:00+08:00' }, [['E4001', `/${field}`]]],
    [`${field}: no seconds → E4001`, { [field]: '2024-06-11T10:00+08:00' }, [['E4001', `/${field}`]]],
    [`${field}: 30 February → E4001`, { [field]: '2024-02-30T10:00:00+08:00' }, [['E4001', `/${field}`]]],
    [`${field}: hour 24 → E4001`, { [field]: '2024-06-11T24:00:00+08:00' }, [['E4001', `/${field}`]]],
    [`${field}: epoch milliseconds → E4001`, { [field]: 1718071200000 }, [['E4001', `/${field}`]]],
  ];
}

function dateCases(field: string): Case[] {
  return [
    [`${field}: 29 February of a leap year`, { [field]: '2020-02-29' }, []],
    [`${field}: 29 February of another year → E4001`, { [field]: '2023-02-29' }, [['E4001', `/${field}`]]],
    [`${field}: 31 April → E4001`, { [field]: '2023-04-31' }, [['E4001', `/${field}`]]],
    [`${field}: slashes → E4001`, { [field]: '2023/04/01' }, [['E4001', `/${field}`]]],
    [`${field}: a timestamp → E4001`, { [field]: '2023-04-01T00:00:00+08:00' }, [['E4001', `/${field}`]]],
  ];
}

/** Length in code points after trimming (§7.16), and "" as missing (§7.11). */
function textCases(field: string, min: number, max: number, required: boolean): Case[] {
  const cases: Case[] = [
    [`${field}: ${max} characters`, { [field]: long(max, '菜') }, []],
    [`${field}: ${max} astral characters (2 UTF-16 units each)`, { [field]: emoji(max) }, []],
    [`${field}: ${max} characters inside spaces`, { [field]: `  ${long(max)}  ` }, []],
    [`${field}: ${max + 1} characters → E4001`, { [field]: long(max + 1) }, [['E4001', `/${field}`]]],
    [`${field}: ${max + 1} astral characters → E4001`, { [field]: emoji(max + 1) }, [['E4001', `/${field}`]]],
    [`${field}: null → E4001`, { [field]: null }, [['E4001', `/${field}`]]],
    [`${field}: a number → E4001`, { [field]: 7 }, [['E4001', `/${field}`]]],
  ];
  const missing: Expected = required ? [['E4002', `/${field}`]] : [];
  cases.push([`${field}: "" → ${required ? 'E4002' : 'absent'}`, { [field]: '' }, missing]);
  cases.push([`${field}: spaces only → ${required ? 'E4002' : 'absent'}`, { [field]: ' \t ' }, missing]);
  cases.push([`${field}: absent → ${required ? 'E4002' : 'fine'}`, { [field]: ABSENT }, missing]);
  if (min > 1) cases.push([`${field}: ${min - 1} characters → E4001`, { [field]: long(min - 1) }, [['E4001', `/${field}`]]]);
  return cases;
}

function codeListCases(field: string, valid: string): Case[] {
  return [
    [`${field}: not in the list → E4003`, { [field]: 'NOT_A_CODE' }, [['E4003', `/${field}`]]],
    [`${field}: wrong case → E4003`, { [field]: valid.toLowerCase() }, [['E4003', `/${field}`]]],
    [`${field}: padded with spaces`, { [field]: ` ${valid} ` }, []],
    [`${field}: a number → E4001`, { [field]: 1 }, [['E4001', `/${field}`]]],
    [`${field}: missing → E4002`, { [field]: ABSENT }, [['E4002', `/${field}`]]],
  ];
}

function enumCases(field: string, value: string): Case[] {
  return [
    [`${field}: outside the enumeration → E4001 (not E4003)`, { [field]: 'OTHER' }, [['E4001', `/${field}`]]],
    [`${field}: wrong case → E4001`, { [field]: value.toLowerCase() }, [['E4001', `/${field}`]]],
    [`${field}: missing → E4002`, { [field]: ABSENT }, [['E4002', `/${field}`]]],
  ];
}

/** Numbers > 0 with at most 3 decimals (§1). */
function quantityCases(field: string): Case[] {
  return [
    [`${field}: 0.001`, { [field]: 0.001 }, []],
    [`${field}: 0 → E4001`, { [field]: 0 }, [['E4001', `/${field}`]]],
    [`${field}: negative → E4001`, { [field]: -1 }, [['E4001', `/${field}`]]],
    [`${field}: 4 decimals → E4001`, { [field]: 1.2345 }, [['E4001', `/${field}`]]],
    [`${field}: a numeric string → E4001`, { [field]: '12' }, [['E4001', `/${field}`]]],
    [`${field}: null → E4001`, { [field]: null }, [['E4001', `/${field}`]]],
    [`${field}: "" → E4002`, { [field]: '' }, [['E4002', `/${field}`]]],
    [`${field}: missing → E4002`, { [field]: ABSENT }, [['E4002', `/${field}`]]],
  ];
}

const commonCases: Case[] = [
  ['recordId: padded with spaces', { recordId: '  gs-provincial:x.1_2-3  ' }, []],
  ['recordId: 64 characters', { recordId: long(64) }, []],
  ['recordId: 65 characters → E4001', { recordId: long(65) }, [['E4001', '/recordId']]],
  ['recordId: a space inside → E4001', { recordId: 'a b' }, [['E4001', '/recordId']]],
  ['recordId: a slash → E4001', { recordId: 'a/b' }, [['E4001', '/recordId']]],
  ['recordId: missing → E4002', { recordId: ABSENT }, [['E4002', '/recordId']]],
  ['version: 2', { version: 2 }, []],
  ['version: 0 → E4001', { version: 0 }, [['E4001', '/version']]],
  ['version: 1.5 → E4001', { version: 1.5 }, [['E4001', '/version']]],
  ['version: 2^53 − 1', { version: 9007199254740991 }, []],
  ['version: above 2^53 − 1 → E4001 (§7.21)', { version: 9007199254740992 }, [['E4001', '/version']]],
  ['version: 1e21 → E4001 (§7.21)', { version: 1e21 }, [['E4001', '/version']]],
  ['version: "1" → E4001', { version: '1' }, [['E4001', '/version']]],
  ['version: null → E4001', { version: null }, [['E4001', '/version']]],
  ['version: "" → E4002', { version: '' }, [['E4002', '/version']]],
  ...regionCases('regionCode'),
  ['regionCode: outside the scope → E2005', { regionCode: '610104' }, [['E2005', '/regionCode']]],
  ['regionCode: missing → E4002', { regionCode: ABSENT }, [['E4002', '/regionCode']]],
  ...textCases('sourceSystem', 1, 64, true),
  ...timestampCases('reportedAt'),
  ['reportedAt: missing → E4002', { reportedAt: ABSENT }, [['E4002', '/reportedAt']]],
  ['an unknown field → E4006', { colour: 'green' }, [['E4006', '/colour']]],
  ['an unknown field holding null → E4006', { colour: null }, [['E4006', '/colour']]],
  ['an unknown field holding "" → E4006 (§7.23)', { colour: '' }, [['E4006', '/colour']]],
  ['an unknown field holding blanks → E4006 (§7.23)', { colour: '   ' }, [['E4006', '/colour']]],
  ['an undefined field is absent', { colour: undefined }, []],
  ['a key with / and ~ is escaped in the path', { 'a/b~c': 1 }, [['E4006', '/a~1b~0c']]],
];

run('trades', commonCases);

run('subjects', [
  ['subjectCode: credit code, wrong check → E4004', { subjectCode: CREDIT_BAD_CHECK }, [['E4004', '/subjectCode']]],
  ['subjectCode: a resident ID under CREDIT_CODE → E4004', { subjectCode: RESIDENT }, [['E4004', '/subjectCode']]],
  ['subjectCode: 17 characters → E4001', { subjectCode: CREDIT.slice(0, 17) }, [['E4001', '/subjectCode']]],
  ['subjectCode: RESIDENT_ID, valid', { subjectCode: RESIDENT, subjectIdType: 'RESIDENT_ID', subjectType: 'INDIVIDUAL_FARMER' }, []],
  [
    'subjectCode: RESIDENT_ID, wrong check → E4004',
    { subjectCode: RESIDENT_BAD_CHECK, subjectIdType: 'RESIDENT_ID', subjectType: 'VENDOR' },
    [['E4004', '/subjectCode']],
  ],
  [
    'subjectCode: a credit code under RESIDENT_ID → E4001',
    { subjectCode: CREDIT, subjectIdType: 'RESIDENT_ID', subjectType: 'VENDOR' },
    [['E4001', '/subjectCode']],
  ],
  [
    'subjectCode: unknown subjectIdType, a valid resident ID is accepted as either',
    { subjectCode: RESIDENT, subjectIdType: 'PASSPORT' },
    [['E4001', '/subjectIdType']],
  ],
  [
    'subjectCode and subjectIdType missing → E4002 twice',
    { subjectCode: ABSENT, subjectIdType: ABSENT },
    [
      ['E4002', '/subjectCode'],
      ['E4002', '/subjectIdType'],
    ],
  ],
  ...enumCases('subjectIdType', 'CREDIT_CODE'),
  ...textCases('name', 1, 100, true),
  ...codeListCases('subjectType', 'ENTERPRISE'),
  ...textCases('address', 1, 200, false),
  ...textCases('legalRepresentative', 1, 50, false),
  ['contactPhone: landline with dash', { contactPhone: '0931-5261234' }, []],
  ['contactPhone: landline without dash', { contactPhone: '09315261234' }, []],
  ['contactPhone: 3-digit area code, 8 digits', { contactPhone: '010-12345678' }, []],
  ['contactPhone: mobile starting 12 → E4001', { contactPhone: '12909316528' }, [['E4001', '/contactPhone']]],
  ['contactPhone: mobile with spaces → E4001', { contactPhone: '139 0931 6528' }, [['E4001', '/contactPhone']]],
  ['contactPhone: 10-digit mobile → E4001', { contactPhone: '1390931652' }, [['E4001', '/contactPhone']]],
  ['contactPhone: two numbers → E4001', { contactPhone: '13893125678/0931-5261234' }, [['E4001', '/contactPhone']]],
  ['contactPhone: landline of 6 digits → E4001', { contactPhone: '0931-526123' }, [['E4001', '/contactPhone']]],
  ['contactPhone: "" is absent', { contactPhone: '' }, []],
  ...dateCases('registeredOn'),
  ['registeredOn: missing → E4002', { registeredOn: ABSENT }, [['E4002', '/registeredOn']]],
]);

run('batches', [
  ...traceCases('traceCode'),
  ...partyCases('subjectCode'),
  ...codeListCases('productCode', 'VEG_LEAFY'),
  ...textCases('productName', 1, 100, true),
  ...quantityCases('quantity'),
  ...codeListCases('unit', 'KG'),
  ...dateCases('producedOn'),
  ...regionCases('originRegionCode'),
  ['originRegionCode: outside the scope is fine', { originRegionCode: '610104' }, []],
  ...textCases('baseName', 1, 100, false),
]);

run('inspections', [
  ...textCases('inspectionNo', 1, 64, true),
  ...traceCases('traceCode'),
  ...enumCases('method', 'RAPID'),
  ['method: Chinese label → E4001', { method: '快检' }, [['E4001', '/method']]],
  ...textCases('agency', 1, 100, true),
  ...timestampCases('testedAt'),
  ['items: empty → E4001', { items: [] }, [['E4001', '/items']]],
  ['items: not an array → E4001', { items: 'CHLORPYRIFOS' }, [['E4001', '/items']]],
  ['items: "" → E4002', { items: '' }, [['E4002', '/items']]],
  ...enumCases('conclusion', 'PASS'),
]);

run('certificates', [
  ...textCases('certificateNo', 1, 64, true),
  ...traceCases('traceCode'),
  ...partyCases('subjectCode'),
  ...codeListCases('productCode', 'VEG_LEAFY'),
  ...quantityCases('quantity'),
  ...codeListCases('unit', 'KG'),
  ...dateCases('issuedOn'),
  ['commitments: one', { commitments: ['NO_BANNED_DRUGS'] }, []],
  ['commitments: padded codes', { commitments: [' NO_BANNED_DRUGS '] }, []],
  ['commitments: empty → E4001 on the array', { commitments: [] }, [['E4001', '/commitments']]],
  ['commitments: not an array → E4001', { commitments: 'NO_BANNED_DRUGS' }, [['E4001', '/commitments']]],
  ['commitments: unknown code → E4003 on the element', { commitments: ['NO_BANNED_DRUGS', 'BE_NICE'] }, [['E4003', '/commitments/1']]],
  [
    'commitments: duplicate → E4001 on the later one',
    { commitments: ['OBSERVE_INTERVALS', 'NO_BANNED_DRUGS', 'OBSERVE_INTERVALS'] },
    [['E4001', '/commitments/2']],
  ],
  [
    'commitments: duplicate after trimming → E4001',
    { commitments: ['NO_BANNED_DRUGS', 'NO_BANNED_DRUGS '] },
    [['E4001', '/commitments/1']],
  ],
  ['commitments: a number element → E4001', { commitments: [1] }, [['E4001', '/commitments/0']]],
  [
    'commitments: a blank element → E4002 at the element (§7.25)',
    { commitments: ['NO_BANNED_DRUGS', '  '] },
    [['E4002', '/commitments/1']],
  ],
  ['commitments: an empty element → E4002 at the element (§7.25)', { commitments: [''] }, [['E4002', '/commitments/0']]],
  [
    'commitments: two blank elements → E4002 each, no duplicate (§7.25)',
    { commitments: ['', ' '] },
    [
      ['E4002', '/commitments/0'],
      ['E4002', '/commitments/1'],
    ],
  ],
  [
    'commitments: five → only E4001 on the array, elements unchecked (§7.25)',
    { commitments: ['NO_BANNED_DRUGS', 'NO_ILLEGAL_ADDITIVES', 'OBSERVE_INTERVALS', 'BE_NICE', 'NO_BANNED_DRUGS'] },
    [['E4001', '/commitments']],
  ],
  [
    'commitments: the same unknown code twice → E4003 at each, no duplicate (§7.25)',
    { commitments: ['XXX', 'XXX'] },
    [
      ['E4003', '/commitments/0'],
      ['E4003', '/commitments/1'],
    ],
  ],
  [
    'commitments: a valid code twice after a bad one → the later valid one is the duplicate',
    { commitments: ['XXX', 'NO_BANNED_DRUGS', 'XXX', 'NO_BANNED_DRUGS'] },
    [
      ['E4003', '/commitments/0'],
      ['E4003', '/commitments/2'],
      ['E4001', '/commitments/3'],
    ],
  ],
  ['commitments: missing → E4002', { commitments: ABSENT }, [['E4002', '/commitments']]],
  ...enumCases('basis', 'SELF_TEST').map(([d, patch, e]): Case => [d, { ...patch, inspectionNo: ABSENT }, e]),
  ['basis: INTERNAL_CONTROL without inspectionNo', { basis: 'INTERNAL_CONTROL', inspectionNo: ABSENT }, []],
  ['basis: QUARANTINE without inspectionNo', { basis: 'QUARANTINE', inspectionNo: ABSENT }, []],
  ['basis: SELF_TEST without inspectionNo → E4002', { basis: 'SELF_TEST', inspectionNo: ABSENT }, [['E4002', '/inspectionNo']]],
  [
    'basis: COMMISSIONED_TEST without inspectionNo → E4002',
    { basis: 'COMMISSIONED_TEST', inspectionNo: ABSENT },
    [['E4002', '/inspectionNo']],
  ],
  ['basis: SELF_TEST with a blank inspectionNo → E4002', { basis: 'SELF_TEST', inspectionNo: '   ' }, [['E4002', '/inspectionNo']]],
  ['basis: " SELF_TEST " without inspectionNo → E4002', { basis: ' SELF_TEST ', inspectionNo: ABSENT }, [['E4002', '/inspectionNo']]],
  ['inspectionNo: 65 characters → E4001', { inspectionNo: long(65) }, [['E4001', '/inspectionNo']]],
  ['inspectionNo: 64 characters', { inspectionNo: long(64) }, []],
  ['inspectionNo: null → E4001', { inspectionNo: null }, [['E4001', '/inspectionNo']]],
]);

run('slaughter', [
  ...traceCases('traceCode'),
  ...creditCases('slaughterhouseCode'),
  ...enumCases('animalType', 'PIG'),
  ['animalType: Chinese label → E4001', { animalType: '猪' }, [['E4001', '/animalType']]],
  ['headCount: 1', { headCount: 1 }, []],
  ['headCount: 0 → E4001', { headCount: 0 }, [['E4001', '/headCount']]],
  ['headCount: 1.5 → E4001', { headCount: 1.5 }, [['E4001', '/headCount']]],
  ['headCount: "42" → E4001', { headCount: '42' }, [['E4001', '/headCount']]],
  ['headCount: missing → E4002', { headCount: ABSENT }, [['E4002', '/headCount']]],
  ...quantityCases('carcassWeightKg'),
  ['quarantineCertNo: 10 characters', { quarantineCertNo: '62012310AB' }, []],
  ['quarantineCertNo: 20 characters', { quarantineCertNo: '6'.repeat(20) }, []],
  ['quarantineCertNo: 9 characters → E4001', { quarantineCertNo: '620123100' }, [['E4001', '/quarantineCertNo']]],
  ['quarantineCertNo: 21 characters → E4001', { quarantineCertNo: '6'.repeat(21) }, [['E4001', '/quarantineCertNo']]],
  ['quarantineCertNo: lower case → E4001', { quarantineCertNo: '62012310ab' }, [['E4001', '/quarantineCertNo']]],
  ['quarantineCertNo: a dash → E4001', { quarantineCertNo: '620123-100356' }, [['E4001', '/quarantineCertNo']]],
  ['quarantineCertNo: missing → E4002', { quarantineCertNo: ABSENT }, [['E4002', '/quarantineCertNo']]],
  ...regionCases('originRegionCode'),
  ...timestampCases('slaughteredAt'),
]);

run('entries', [
  ...textCases('entryNo', 1, 64, true),
  ...creditCases('marketCode'),
  ...partyCases('vendorCode'),
  ...partyCases('supplierCode'),
  ['supplierCode: absent', { supplierCode: ABSENT }, []],
  ...traceCases('traceCode'),
  ...codeListCases('productCode', 'MEAT_PORK'),
  ...quantityCases('quantity'),
  ...codeListCases('unit', 'KG'),
  ...timestampCases('enteredAt'),
  ...textCases('originCertificateNo', 1, 64, false),
  ['meat product without quarantineCertNo → E4002', { quarantineCertNo: ABSENT }, [['E4002', '/quarantineCertNo']]],
  ['meat product with a blank quarantineCertNo → E4002', { quarantineCertNo: ' ' }, [['E4002', '/quarantineCertNo']]],
  ['every meat code of the list requires it', { productCode: 'MEAT_OFFAL', quarantineCertNo: ABSENT }, [['E4002', '/quarantineCertNo']]],
  ['live animals are not meat', { productCode: 'LIVE_PIG', unit: 'HEAD', quantity: 3, quarantineCertNo: ABSENT }, []],
  ['vegetables need none', { productCode: 'VEG_LEAFY', quarantineCertNo: ABSENT }, []],
  [
    'unknown product without quarantineCertNo → E4003 only',
    { productCode: 'MEAT_UNICORN', quarantineCertNo: ABSENT },
    [['E4003', '/productCode']],
  ],
  ['quarantineCertNo: 65 characters → E4001', { quarantineCertNo: long(65) }, [['E4001', '/quarantineCertNo']]],
  // §7.24: the rule of slaughter.quarantineCertNo, ^[0-9A-Z]{10,20}$.
  ['quarantineCertNo: 10 characters', { quarantineCertNo: '62012310AB' }, []],
  ['quarantineCertNo: 9 characters → E4001 (§7.24)', { quarantineCertNo: '620123100' }, [['E4001', '/quarantineCertNo']]],
  ['quarantineCertNo: 21 characters → E4001 (§7.24)', { quarantineCertNo: '6'.repeat(21) }, [['E4001', '/quarantineCertNo']]],
  ['quarantineCertNo: lower case → E4001 (§7.24)', { quarantineCertNo: '62012310ab' }, [['E4001', '/quarantineCertNo']]],
  ['quarantineCertNo: a dash → E4001 (§7.24)', { quarantineCertNo: 'QC-2024-0001' }, [['E4001', '/quarantineCertNo']]],
]);

run('trades', [
  ...textCases('ticketNo', 1, 64, true),
  ...creditCases('marketCode'),
  ...partyCases('sellerCode'),
  ['sellerCode: a resident ID that is also a valid credit code', { sellerCode: '620102196804123323' }, []],
  ...partyCases('buyerCode'),
  ['buyerCode: "" is a consumer', { buyerCode: '' }, []],
  ...traceCases('traceCode'),
  ...traceCases('parentTraceCode'),
  ...codeListCases('productCode', 'VEG_LEAFY'),
  ...quantityCases('quantity').filter(([d]) => !d.includes('4 decimals') && !d.includes('0.001')),
  ['quantity: 0.001 (amount 0.01)', { quantity: 0.001, amount: 0.01 }, []],
  ['quantity: 4 decimals → E4001 (no amount rule then)', { quantity: 1.7501 }, [['E4001', '/quantity']]],
  ...codeListCases('unit', 'KG'),
  ['unitPrice: 0 with amount 0', { unitPrice: 0, amount: 0 }, []],
  ['unitPrice: negative → E4001', { unitPrice: -5 }, [['E4001', '/unitPrice']]],
  ['unitPrice: 3 decimals → E4001', { unitPrice: 5.001 }, [['E4001', '/unitPrice']]],
  ['unitPrice: a string → E4001', { unitPrice: '5.00' }, [['E4001', '/unitPrice']]],
  ['unitPrice: missing → E4002', { unitPrice: ABSENT }, [['E4002', '/unitPrice']]],
  ['amount: negative → E4001', { amount: -8.75 }, [['E4001', '/amount']]],
  ['amount: 3 decimals → E4001', { amount: 8.751 }, [['E4001', '/amount']]],
  ['amount: missing → E4002', { amount: ABSENT }, [['E4002', '/amount']]],
  ...timestampCases('tradedAt'),
]);

run('transports', [
  ...textCases('waybillNo', 1, 64, true),
  ...creditCases('carrierCode'),
  ['vehiclePlate: a new-energy plate (6 after the letter)', { vehiclePlate: '甘AD12345' }, []],
  ['vehiclePlate: ends in a letter', { vehiclePlate: '甘A3K29X' }, []],
  ['vehiclePlate: trailer suffix 挂 → E4001', { vehiclePlate: '甘AD7835挂' }, [['E4001', '/vehiclePlate']]],
  ['vehiclePlate: a middle dot → E4001', { vehiclePlate: '甘A·D7835' }, [['E4001', '/vehiclePlate']]],
  ['vehiclePlate: lower case → E4001', { vehiclePlate: '甘ad7835' }, [['E4001', '/vehiclePlate']]],
  ['vehiclePlate: the letter I → E4001', { vehiclePlate: '甘AI7835' }, [['E4001', '/vehiclePlate']]],
  ['vehiclePlate: Hong Kong 港 → E4001', { vehiclePlate: '港A12345' }, [['E4001', '/vehiclePlate']]],
  ['vehiclePlate: 4 after the letter → E4001', { vehiclePlate: '甘A1234' }, [['E4001', '/vehiclePlate']]],
  ['vehiclePlate: missing → E4002', { vehiclePlate: ABSENT }, [['E4002', '/vehiclePlate']]],
  ...partyCases('fromCode'),
  ...partyCases('toCode'),
  ['traceCodes: 200 distinct', { traceCodes: distinctTraceCodes(200) }, []],
  ['traceCodes: 201 → E4001', { traceCodes: distinctTraceCodes(201) }, [['E4001', '/traceCodes']]],
  ['traceCodes: empty → E4001', { traceCodes: [] }, [['E4001', '/traceCodes']]],
  ['traceCodes: a string → E4001', { traceCodes: TRACE }, [['E4001', '/traceCodes']]],
  ['traceCodes: missing → E4002', { traceCodes: ABSENT }, [['E4002', '/traceCodes']]],
  [
    'traceCodes: a duplicate → E4001 on the later one',
    { traceCodes: [TRACE, '62011103240612000155', TRACE] },
    [['E4001', '/traceCodes/2']],
  ],
  ['traceCodes: a blank element → E4002 at the element (§7.25)', { traceCodes: [TRACE, ' '] }, [['E4002', '/traceCodes/1']]],
  [
    'traceCodes: the same bad code twice → E4004 at each (§7.25)',
    { traceCodes: [wrongLast(TRACE), wrongLast(TRACE)] },
    [
      ['E4004', '/traceCodes/0'],
      ['E4004', '/traceCodes/1'],
    ],
  ],
  [
    'traceCodes: 201 with bad elements → only E4001 on the array (§7.25)',
    { traceCodes: [...distinctTraceCodes(200), '123'] },
    [['E4001', '/traceCodes']],
  ],
  [
    'traceCodes: bad elements, each on its element',
    { traceCodes: [wrongLast(TRACE), TRACE, '123', traceCode('9901230124061100012')] },
    [
      ['E4004', '/traceCodes/0'],
      ['E4001', '/traceCodes/2'],
      ['E4003', '/traceCodes/3'],
    ],
  ],
  ...timestampCases('departedAt').filter(([d]) => !d.includes('Z offset') && !d.includes('fraction')),
  ...timestampCases('arrivedAt').filter(([d]) => !d.includes('Z offset') && !d.includes('fraction')),
  ['arrivedAt: absent (in transit)', { arrivedAt: ABSENT }, []],
  ['temperatureMinC: −40', { temperatureMinC: -40 }, []],
  ['temperatureMaxC: 40', { temperatureMaxC: 40 }, []],
  ['temperatureMinC: −40.001 → E4001', { temperatureMinC: -40.001 }, [['E4001', '/temperatureMinC']]],
  ['temperatureMaxC: 40.001 → E4001', { temperatureMaxC: 40.001 }, [['E4001', '/temperatureMaxC']]],
  ['temperatureMinC: 4 decimals → E4001', { temperatureMinC: 0.1234 }, [['E4001', '/temperatureMinC']]],
  ['temperatureMinC: a string → E4001', { temperatureMinC: '0.5' }, [['E4001', '/temperatureMinC']]],
  ['temperatures: both absent', { temperatureMinC: ABSENT, temperatureMaxC: ABSENT }, []],
  ['temperatureMaxC: alone', { temperatureMinC: ABSENT }, []],
]);

function distinctTraceCodes(n: number): string[] {
  return Array.from({ length: n }, (_, i) => traceCode(`620123012406110${String(i).padStart(4, '0')}`));
}

describe('every interface', () => {
  it.each(NATIONAL_INTERFACES)('%s: an empty object lists E4002 for every required field in table order', (iface) => {
    const errors = errorsOf(iface, {});
    expect(errors.every((e) => e.code === 'E4002')).toBe(true);
    expect(errors.slice(0, 5).map((e) => e.path)).toEqual(['/recordId', '/version', '/regionCode', '/sourceSystem', '/reportedAt']);
    const fieldOrder = Object.keys(validRecords[iface]);
    const positions = errors.map((e) => fieldOrder.indexOf(e.path.slice(1)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it.each(NATIONAL_INTERFACES)('%s: a record that is not an object → E4001 at the root', (iface) => {
    for (const bad of [null, [], 'record', 42]) expect(errorsOf(iface, bad)).toEqual([{ code: 'E4001', path: '' }]);
  });
});
