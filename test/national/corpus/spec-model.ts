import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NationalInterface } from '../../../src/national/types';

/**
 * The field tables of national-interface.md §5, written out again from the spec text for the
 * mutation corpus's oracle. Deliberately independent of src/national/schemas: the corpus checks
 * the validator against this reading, not against itself.
 */

export type FieldKind =
  | { k: 'recordId' }
  | { k: 'integer' }
  | { k: 'region'; scoped: boolean }
  | { k: 'text'; max: number }
  | { k: 'timestamp' }
  | { k: 'date' }
  | { k: 'enum'; values: string[] }
  | { k: 'list'; list: string }
  | { k: 'credit' }
  | { k: 'party' }
  | { k: 'subjectCode' }
  | { k: 'trace' }
  | { k: 'number'; decimals: number; min: number; exclusive: boolean; max?: number }
  | { k: 'pattern'; valid: string[]; invalid: string[] }
  | { k: 'traceCodes' }
  | { k: 'commitments' }
  | { k: 'items' };

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** R, O, or required by a condition (§7.12), which the oracle checks with the rules. */
  presence: 'R' | 'O' | 'C';
}

const f = (name: string, kind: FieldKind, presence: FieldSpec['presence'] = 'R'): FieldSpec => ({ name, kind, presence });
const text = (max: number): FieldKind => ({ k: 'text', max });
const list = (name: string): FieldKind => ({ k: 'list', list: name });
const oneOf = (...values: string[]): FieldKind => ({ k: 'enum', values });
const quantity: FieldKind = { k: 'number', decimals: 3, min: 0, exclusive: true };
const money: FieldKind = { k: 'number', decimals: 2, min: 0, exclusive: false };
const temperature: FieldKind = { k: 'number', decimals: 3, min: -40, exclusive: false, max: 40 };
const quarantineCert: FieldKind = {
  k: 'pattern',
  valid: ['62012310AB', 'A1B2C3D4E5F6G7H8I9J0'],
  invalid: ['620123100', '6'.repeat(21), '62012310ab', 'QC-2024-0001', '620123 100356'],
};

/** §5 common fields, then each interface's table, in the spec's order. */
const COMMON: FieldSpec[] = [
  f('recordId', { k: 'recordId' }),
  f('version', { k: 'integer' }),
  f('regionCode', { k: 'region', scoped: true }),
  f('sourceSystem', text(64)),
  f('reportedAt', { k: 'timestamp' }),
];

export const FIELD_TABLES: Record<NationalInterface, FieldSpec[]> = {
  subjects: [
    ...COMMON,
    f('subjectCode', { k: 'subjectCode' }),
    f('subjectIdType', oneOf('CREDIT_CODE', 'RESIDENT_ID')),
    f('name', text(100)),
    f('subjectType', list('subject-types')),
    f('address', text(200), 'O'),
    f('legalRepresentative', text(50), 'O'),
    f(
      'contactPhone',
      {
        k: 'pattern',
        valid: ['13812345678', '0931-8261234', '02812345678'],
        invalid: ['12812345678', '1381234567', '931-8261234', '0931-826123'],
      },
      'O',
    ),
    f('registeredOn', { k: 'date' }),
  ],
  batches: [
    ...COMMON,
    f('traceCode', { k: 'trace' }),
    f('subjectCode', { k: 'party' }),
    f('productCode', list('product-categories')),
    f('productName', text(100)),
    f('quantity', quantity),
    f('unit', list('units')),
    f('producedOn', { k: 'date' }),
    f('originRegionCode', { k: 'region', scoped: false }),
    f('baseName', text(100), 'O'),
  ],
  inspections: [
    ...COMMON,
    f('inspectionNo', text(64)),
    f('traceCode', { k: 'trace' }),
    f('method', oneOf('RAPID', 'LAB')),
    f('agency', text(100)),
    f('testedAt', { k: 'timestamp' }),
    f('items', { k: 'items' }),
    f('conclusion', oneOf('PASS', 'FAIL')),
  ],
  certificates: [
    ...COMMON,
    f('certificateNo', text(64)),
    f('traceCode', { k: 'trace' }),
    f('subjectCode', { k: 'party' }),
    f('productCode', list('product-categories')),
    f('quantity', quantity),
    f('unit', list('units')),
    f('issuedOn', { k: 'date' }),
    f('commitments', { k: 'commitments' }),
    f('basis', oneOf('SELF_TEST', 'COMMISSIONED_TEST', 'INTERNAL_CONTROL', 'QUARANTINE')),
    f('inspectionNo', text(64), 'C'),
  ],
  slaughter: [
    ...COMMON,
    f('traceCode', { k: 'trace' }),
    f('slaughterhouseCode', { k: 'credit' }),
    f('animalType', oneOf('PIG', 'CATTLE', 'SHEEP', 'POULTRY')),
    f('headCount', { k: 'integer' }),
    f('carcassWeightKg', quantity),
    f('quarantineCertNo', quarantineCert),
    f('originRegionCode', { k: 'region', scoped: false }),
    f('slaughteredAt', { k: 'timestamp' }),
  ],
  entries: [
    ...COMMON,
    f('entryNo', text(64)),
    f('marketCode', { k: 'credit' }),
    f('vendorCode', { k: 'party' }),
    f('supplierCode', { k: 'party' }, 'O'),
    f('traceCode', { k: 'trace' }),
    f('productCode', list('product-categories')),
    f('quantity', quantity),
    f('unit', list('units')),
    f('enteredAt', { k: 'timestamp' }),
    f('originCertificateNo', text(64), 'O'),
    f('quarantineCertNo', quarantineCert, 'C'),
  ],
  trades: [
    ...COMMON,
    f('ticketNo', text(64)),
    f('marketCode', { k: 'credit' }),
    f('sellerCode', { k: 'party' }),
    f('buyerCode', { k: 'party' }, 'O'),
    f('traceCode', { k: 'trace' }),
    f('parentTraceCode', { k: 'trace' }),
    f('productCode', list('product-categories')),
    f('quantity', quantity),
    f('unit', list('units')),
    f('unitPrice', money),
    f('amount', money),
    f('tradedAt', { k: 'timestamp' }),
  ],
  transports: [
    ...COMMON,
    f('waybillNo', text(64)),
    f('carrierCode', { k: 'credit' }),
    f('vehiclePlate', {
      k: 'pattern',
      valid: ['京A12345', '粤BD12345', '甘AD7835'],
      invalid: ['甘ad7835', '甘AD78', 'XAD7835', '甘AD783I', '甘1D7835'],
    }),
    f('fromCode', { k: 'party' }),
    f('toCode', { k: 'party' }),
    f('traceCodes', { k: 'traceCodes' }),
    f('departedAt', { k: 'timestamp' }),
    f('arrivedAt', { k: 'timestamp' }, 'O'),
    f('temperatureMinC', temperature, 'O'),
    f('temperatureMaxC', temperature, 'O'),
  ],
};

/** §5.3 items[]: `{ itemCode, value, limit, unit, result }` in that order. */
export const ITEM_FIELDS = ['itemCode', 'value', 'limit', 'unit', 'result'];

/** The published code lists (§6.5 data), read from their JSON files. */
const CODE_LIST_DIR = path.resolve(__dirname, '../../../config/codelists');

interface ListFile {
  entries: Array<{ code: string; meat?: boolean }>;
}

function readList(name: string): ListFile {
  return JSON.parse(readFileSync(path.join(CODE_LIST_DIR, `${name}.json`), 'utf8')) as ListFile;
}

export const CODES: Record<string, string[]> = Object.fromEntries(
  ['provinces', 'subject-types', 'product-categories', 'units', 'test-items', 'commitments'].map((name) => [
    name,
    readList(name).entries.map((e) => e.code),
  ]),
);

export const MEAT_CODES = new Set(
  readList('product-categories')
    .entries.filter((e) => e.meat === true)
    .map((e) => e.code),
);

export const REGION_SCOPE = '62';
