import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { maskPersonalId } from '../../src/national/check-characters';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator, recordNumberLiterals } from '../../src/national/validate';
import { validRecords } from '../fixtures/national/valid-records';
import { ABSENT, errorsOf, traceCode, validator, withFields } from './validator-fixture';

/** Cross-field rules (§5, §7.13), the order of §7.9, decimals as written, masking, and the API. */

type Expected = [code: string, path: string][];
const pairs = (expected: Expected) => expected.map(([code, path]) => ({ code, path }));

describe('subjects: a RESIDENT_ID subject is INDIVIDUAL_FARMER or VENDOR (§5.1)', () => {
  const resident = { subjectCode: '622924197803152315', subjectIdType: 'RESIDENT_ID' };
  it.each([
    ['INDIVIDUAL_FARMER', []],
    ['VENDOR', []],
    ['FAMILY_FARM', [['E4005', '/subjectType']]],
    ['ENTERPRISE', [['E4005', '/subjectType']]],
    ['NOT_A_TYPE', [['E4003', '/subjectType']]],
  ] as [string, Expected][])('%s', (subjectType, expected) => {
    expect(errorsOf('subjects', withFields('subjects', { ...resident, subjectType }))).toEqual(pairs(expected));
  });

  it('is not checked while subjectIdType is invalid', () => {
    const record = withFields('subjects', { ...resident, subjectIdType: 'resident_id', subjectType: 'FAMILY_FARM' });
    expect(errorsOf('subjects', record)).toEqual(pairs([['E4001', '/subjectIdType']]));
  });

  it('still applies when the resident ID itself is bad', () => {
    const record = withFields('subjects', { subjectCode: '622924197803152316', subjectIdType: 'RESIDENT_ID', subjectType: 'ENTERPRISE' });
    expect(errorsOf('subjects', record)).toEqual(
      pairs([
        ['E4004', '/subjectCode'],
        ['E4005', '/subjectType'],
      ]),
    );
  });
});

describe("batches: producedOn not after reportedAt's date (§5.2, §7.13)", () => {
  it.each([
    ['the same day', '2024-06-11', '2024-06-11T18:25:00+08:00', []],
    ['the day before', '2024-06-10', '2024-06-11T00:00:00+08:00', []],
    ['the day after', '2024-06-12', '2024-06-11T18:25:00+08:00', [['E4005', '/producedOn']]],
    // The date as written counts, not the instant: 23:30 at −02:00 is already the 12th in UTC+8.
    ['the written date, not the instant (equal)', '2024-06-11', '2024-06-11T23:30:00-02:00', []],
    ['the written date, not the instant (after)', '2024-06-12', '2024-06-11T23:30:00-02:00', [['E4005', '/producedOn']]],
    ['not checked with an invalid reportedAt', '2024-06-12', '2024-06-11 18:25:00', [['E4001', '/reportedAt']]],
    ['not checked with an invalid producedOn', '2024-06-31', '2024-06-11T18:25:00+08:00', [['E4001', '/producedOn']]],
  ] as [string, string, string, Expected][])('%s', (_d, producedOn, reportedAt, expected) => {
    expect(errorsOf('batches', withFields('batches', { producedOn, reportedAt }))).toEqual(pairs(expected));
  });
});

describe('inspections: items and conclusion (§5.3, §7.13)', () => {
  const item = (value: number, limit: number | undefined, result: string) => ({
    itemCode: 'CHLORPYRIFOS',
    value,
    ...(limit === undefined ? {} : { limit }),
    unit: 'mg/kg',
    result,
  });
  const check = (items: unknown[], conclusion: string) => errorsOf('inspections', withFields('inspections', { items, conclusion }));

  it.each([
    ['value below its limit, PASS', [item(0.01, 0.02, 'PASS')], 'PASS', []],
    ['value equal to its limit, PASS', [item(0.02, 0.02, 'PASS')], 'PASS', []],
    ['value above its limit, FAIL', [item(0.035, 0.02, 'FAIL')], 'FAIL', []],
    ['value above its limit, PASS', [item(0.035, 0.02, 'PASS')], 'PASS', [['E4005', '/items/0/result']]],
    ['value above by 0.000001, PASS', [item(0.020001, 0.02, 'PASS')], 'PASS', [['E4005', '/items/0/result']]],
    ['no limit, any value PASS', [item(5, undefined, 'PASS')], 'PASS', []],
    ['below its limit but FAIL is allowed', [item(0.01, 0.02, 'FAIL')], 'FAIL', []],
    ['an item FAILs, conclusion PASS', [item(0.01, 0.02, 'PASS'), item(0.5, 0.02, 'FAIL')], 'PASS', [['E4005', '/conclusion']]],
    ['no item FAILs, conclusion FAIL', [item(0.01, 0.02, 'PASS')], 'FAIL', [['E4005', '/conclusion']]],
    [
      'item 1 above its limit marked PASS, conclusion PASS: only the item is wrong',
      [item(0.01, 0.02, 'PASS'), item(0.5, 0.02, 'PASS')],
      'PASS',
      [['E4005', '/items/1/result']],
    ],
    [
      'both rules broken: items first, then conclusion',
      [item(0.5, 0.02, 'PASS'), item(0.5, 0.02, 'PASS')],
      'FAIL',
      [
        ['E4005', '/items/0/result'],
        ['E4005', '/items/1/result'],
        ['E4005', '/conclusion'],
      ],
    ],
    ['limit rule skipped when the value is invalid', [item(-1, 0.02, 'PASS')], 'PASS', [['E4001', '/items/0/value']]],
    ['limit rule skipped when the limit is invalid', [item(0.5, 0, 'PASS')], 'PASS', [['E4001', '/items/0/limit']]],
    [
      'conclusion rule skipped when a result is invalid',
      [item(0.01, 0.02, 'PASS'), item(0.01, 0.02, '合格')],
      'FAIL',
      [['E4001', '/items/1/result']],
    ],
    ['conclusion rule skipped when conclusion is invalid', [item(0.01, 0.02, 'FAIL')], 'pass', [['E4001', '/conclusion']]],
  ] as [string, unknown[], string, Expected][])('%s', (_d, items, conclusion, expected) => {
    expect(check(items, conclusion)).toEqual(pairs(expected));
  });

  it('checks every field of an item, at its own path', () => {
    const items = [
      { itemCode: 'BOGUS', value: 0.1234567, limit: null, unit: 'mg/L', result: 'OK', colour: 'red' },
      { value: '', unit: '%', result: 'PASS' },
      null,
      { itemCode: ' PHORATE ', value: 0, limit: 0.000001, unit: 'inhibition%', result: 'PASS' },
    ];
    expect(check(items, 'PASS')).toEqual(
      pairs([
        ['E4003', '/items/0/itemCode'],
        ['E4001', '/items/0/value'],
        ['E4001', '/items/0/limit'],
        ['E4001', '/items/0/unit'],
        ['E4001', '/items/0/result'],
        ['E4006', '/items/0/colour'], // §7.26: inside its element, at the position of items
        ['E4002', '/items/1/itemCode'],
        ['E4002', '/items/1/value'],
        ['E4001', '/items/2'],
      ]),
    );
  });

  it('accepts 50 items and refuses 51 on the array', () => {
    const items = (n: number) => Array.from({ length: n }, () => item(0.01, 0.02, 'PASS'));
    expect(check(items(50), 'PASS')).toEqual([]);
    expect(check(items(51), 'PASS')).toEqual(pairs([['E4001', '/items']]));
  });

  it('accepts 6 decimals in value and limit, not 7', () => {
    expect(check([item(0.000001, 0.000002, 'PASS')], 'PASS')).toEqual([]);
    expect(check([item(0.0000001, 0.02, 'PASS')], 'PASS')).toEqual(pairs([['E4001', '/items/0/value']]));
  });
});

describe('trades: amount = quantity × unitPrice within 0.01, half up, exact (§5.7, §7.13)', () => {
  const check = (quantity: number, unitPrice: number, amount: number) =>
    errorsOf('trades', withFields('trades', { quantity, unitPrice, amount }));

  it.each([
    [1.75, 5, 8.75, true],
    [1.75, 5, 8.76, true], // 0.01 away: inclusive
    [1.75, 5, 8.74, true],
    [1.75, 5, 8.77, false],
    [1.75, 5, 8.73, false],
    [1, 1.13, 1.14, true], // 1.14 − 1.13 is 0.010000000000000009 in binary floating point
    [1, 1.13, 1.12, true],
    [1, 1.13, 1.15, false],
    [0.125, 1, 0.14, true], // 0.125 rounds half up to 0.13 (half-even would give 0.12)
    [0.125, 1, 0.11, false], // 0.02 from 0.13 (0.01 from a half-even 0.12)
    [0.125, 1, 0.12, true],
    [0.1, 0.3, 0.04, true], // 0.1 × 0.3 is 0.030000000000000002 in floating point
    [0.1, 0.3, 0.05, false],
    [2.36, 26, 61.36, true],
    [2, 26, 50, false],
    [0.001, 0.01, 0, true], // 0.00001 rounds to 0.00
    [0.005, 1, 0, true], // 0.005 rounds half up to 0.01; 0 is 0.01 away
    [0.005, 1, 0.02, true],
    [0.005, 1, 0.03, false],
  ])('%s × %s vs %s → valid %s', (quantity, unitPrice, amount, valid) => {
    expect(check(quantity, unitPrice, amount)).toEqual(valid ? [] : pairs([['E4005', '/amount']]));
  });

  it('stays exact beyond 2^53 (decimal arithmetic)', () => {
    const quantity = 123456789.123;
    const unitPrice = 99999.99;
    const expected = new Decimal('123456789.123').times('99999.99').toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const at = (delta: string) => Number(expected.plus(delta).toFixed(2));
    expect(check(quantity, unitPrice, at('0'))).toEqual([]);
    expect(check(quantity, unitPrice, at('0.01'))).toEqual([]);
    expect(check(quantity, unitPrice, at('-0.01'))).toEqual([]);
    expect(check(quantity, unitPrice, at('0.02'))).toEqual(pairs([['E4005', '/amount']]));
    expect(check(quantity, unitPrice, at('-0.02'))).toEqual(pairs([['E4005', '/amount']]));
  });

  it('is not checked when a number it involves is invalid', () => {
    expect(check(1.75, 5.001, 100)).toEqual(pairs([['E4001', '/unitPrice']]));
    expect(check(0, 5, 100)).toEqual(pairs([['E4001', '/quantity']]));
    expect(errorsOf('trades', withFields('trades', { amount: ABSENT }))).toEqual(pairs([['E4002', '/amount']]));
  });
});

describe('transports: arrival and temperatures (§5.8, §7.13)', () => {
  const check = (patch: Record<string, unknown>) => errorsOf('transports', withFields('transports', patch));
  const departedAt = '2024-06-12T04:30:00+08:00';

  it.each([
    ['equal instants are allowed', '2024-06-12T04:30:00+08:00', []],
    ['the same instant in UTC', '2024-06-11T20:30:00Z', []],
    ['one second before', '2024-06-12T04:29:59+08:00', [['E4005', '/arrivedAt']]],
    ['before, written in UTC', '2024-06-11T20:29:59Z', [['E4005', '/arrivedAt']]],
    ['later in local digits but earlier as an instant', '2024-06-12T04:40:00+09:00', [['E4005', '/arrivedAt']]],
    ['a fraction before', '2024-06-12T04:29:59.999+08:00', [['E4005', '/arrivedAt']]],
    ['invalid arrivedAt: only E4001', '2024-06-12T04:00:00', [['E4001', '/arrivedAt']]],
  ] as [string, string, Expected][])('%s', (_d, arrivedAt, expected) => {
    expect(check({ departedAt, arrivedAt })).toEqual(pairs(expected));
  });

  it('compares fractions exactly', () => {
    expect(check({ departedAt: '2024-06-12T04:30:00.5+08:00', arrivedAt: '2024-06-12T04:30:00.500+08:00' })).toEqual([]);
    expect(check({ departedAt: '2024-06-12T04:30:00.5+08:00', arrivedAt: '2024-06-12T04:30:00.25+08:00' })).toEqual(
      pairs([['E4005', '/arrivedAt']]),
    );
  });

  it.each([
    [0.5, 4, []],
    [4, 4, []],
    [-18, -15.5, []],
    [4, 3.999, [['E4005', '/temperatureMaxC']]],
    [-15.5, -18, [['E4005', '/temperatureMaxC']]],
    [41, 3, [['E4001', '/temperatureMinC']]],
  ] as [number, number, Expected][])('min %s max %s', (temperatureMinC, temperatureMaxC, expected) => {
    expect(check({ temperatureMinC, temperatureMaxC })).toEqual(pairs(expected));
  });
});

describe('the order of errors (§7.9)', () => {
  it('fields in table order, common first, then unknown fields, then cross-field rules', () => {
    const record = {
      zebra: 1, // unknown, written first
      ...withFields('trades', {
        amount: 100, // breaks the amount rule
        parentTraceCode: traceCode('9901230124061100012'),
        recordId: 'has space',
        regionCode: '610104',
        ticketNo: ABSENT,
        sellerCode: '622924197803152316',
        unit: 'JIN',
        tradedAt: '2024-06-12 08:15:32',
      }),
      apple: 2, // unknown, written last
    };
    expect(errorsOf('trades', record)).toEqual(
      pairs([
        ['E4001', '/recordId'],
        ['E2005', '/regionCode'],
        ['E4002', '/ticketNo'],
        ['E4004', '/sellerCode'],
        ['E4003', '/parentTraceCode'],
        ['E4003', '/unit'],
        ['E4001', '/tradedAt'],
        ['E4006', '/zebra'],
        ['E4006', '/apple'],
        ['E4005', '/amount'],
      ]),
    );
  });

  it('one error per field, the first of E4002, E4001, E4003, E4004, E2005', () => {
    // 990000 has the right shape, an unknown province and lies outside the scope: E4003 wins.
    expect(errorsOf('trades', withFields('trades', { regionCode: '990000' }))).toEqual(pairs([['E4003', '/regionCode']]));
    // 99012 breaks the pattern and the region structure: a single E4001.
    expect(errorsOf('trades', withFields('trades', { regionCode: '99012' }))).toEqual(pairs([['E4001', '/regionCode']]));
    // A 19-digit code with a bad province: the format error wins.
    expect(errorsOf('trades', withFields('trades', { traceCode: '9901230124061100012' }))).toEqual(pairs([['E4001', '/traceCode']]));
  });

  it('a conditional requirement is checked with the cross-field rules, after the unknown fields (§7.26)', () => {
    const record = withFields('certificates', { basis: 'SELF_TEST', inspectionNo: ABSENT, issuedOn: '2024-13-01', extra: true });
    expect(errorsOf('certificates', record)).toEqual(
      pairs([
        ['E4001', '/issuedOn'],
        ['E4006', '/extra'],
        ['E4002', '/inspectionNo'],
      ]),
    );
    const entry = withFields('entries', { quarantineCertNo: ABSENT, extra: '' });
    expect(errorsOf('entries', entry)).toEqual(
      pairs([
        ['E4006', '/extra'],
        ['E4002', '/quarantineCertNo'],
      ]),
    );
  });

  it('entries: a meat product without quarantineCertNo is E4002 at /quarantineCertNo', () => {
    expect(errorsOf('entries', withFields('entries', { quarantineCertNo: ABSENT }))).toEqual(pairs([['E4002', '/quarantineCertNo']]));
  });

  it('certificates: SELF_TEST without inspectionNo is E4002', () => {
    expect(errorsOf('certificates', withFields('certificates', { inspectionNo: ABSENT }))).toEqual(pairs([['E4002', '/inspectionNo']]));
  });
});

describe('decimals as written (§1)', () => {
  it('counts the shortest round-trip form of parsed numbers', () => {
    expect(errorsOf('trades', JSON.parse(JSON.stringify(validRecords.trades).replace('"unitPrice":5', '"unitPrice":5.000')))).toEqual([]);
  });

  it('counts the literals when the raw text is given', () => {
    const body = JSON.stringify({ batchId: 'b-1', records: [validRecords.trades, validRecords.trades] })
      .replace('"unitPrice":5', '"unitPrice":5.000')
      .replace('"quantity":1.75', '"quantity":1.7500');
    const parsed = JSON.parse(body) as { records: unknown[] };
    const literals = recordNumberLiterals(body);
    expect(errorsOf('trades', parsed.records[0], { numberLiterals: literals[0] })).toEqual(
      pairs([
        ['E4001', '/quantity'],
        ['E4001', '/unitPrice'],
      ]),
    );
    expect(errorsOf('trades', parsed.records[1], { numberLiterals: literals[1] })).toEqual([]);
  });

  it('accepts trailing zeros within the limit, as written', () => {
    const text = JSON.stringify(validRecords.slaughter).replace('"carcassWeightKg":3654.8', '"carcassWeightKg":3654.800');
    const literals = recordNumberLiterals(`{"batchId":"b","records":[${text}]}`);
    expect(errorsOf('slaughter', JSON.parse(text), { numberLiterals: literals[0] })).toEqual([]);
  });

  it('reads item literals by their nested path', () => {
    const text = JSON.stringify(validRecords.inspections).replace('"value":0.006', '"value":0.0060000');
    const literals = recordNumberLiterals(`{"batchId":"b","records":[${text}]}`);
    expect(errorsOf('inspections', JSON.parse(text), { numberLiterals: literals[0] })).toEqual(pairs([['E4001', '/items/0/value']]));
    expect(errorsOf('inspections', JSON.parse(text))).toEqual([]);
  });
});

describe('messages', () => {
  it('never show a resident ID in clear, only masked', () => {
    const cases: [Parameters<typeof errorsOf>[0], Record<string, unknown>, string][] = [
      [
        'subjects',
        withFields('subjects', { subjectCode: '622924197803152316', subjectIdType: 'RESIDENT_ID', subjectType: 'VENDOR' }),
        '622924197803152316',
      ],
      ['subjects', withFields('subjects', { subjectCode: '62010219820627100X' }), '62010219820627100X'],
      ['trades', withFields('trades', { sellerCode: '622924197803152316' }), '622924197803152316'],
      ['trades', withFields('trades', { buyerCode: '62010219820627100Y' }), '62010219820627100Y'],
      ['slaughter', withFields('slaughter', { slaughterhouseCode: '62010219820627100X' }), '62010219820627100X'],
      ['transports', withFields('transports', { fromCode: '622924197803152316' }), '622924197803152316'],
    ];
    for (const [iface, record, id] of cases) {
      const text = JSON.stringify(validator.validate(iface, record));
      expect(text).not.toContain(id);
      expect(text).toContain(maskPersonalId(id));
    }
  });

  it('are short English sentences', () => {
    const errors = validator.validate('trades', withFields('trades', { quantity: -1, unit: 'JIN', ticketNo: ABSENT, x: 1 }));
    for (const error of errors) expect(error.message).toMatch(/^[\x20-\x7e]{3,80}$/);
  });
});

describe('createValidator', () => {
  const codeLists = loadBundledCodeLists();

  it('applies a 4- or 6-digit region scope', () => {
    const city = createValidator({ codeLists, regionScope: '6201' });
    expect(city.validate('trades', withFields('trades', { regionCode: '620102' }))).toEqual([]);
    expect(city.validate('trades', withFields('trades', { regionCode: '620502' })).map((e) => e.code)).toEqual(['E2005']);
    const county = createValidator({ codeLists, regionScope: '620102' });
    expect(county.validate('trades', withFields('trades', { regionCode: '620102' }))).toEqual([]);
    expect(county.validate('trades', withFields('trades', { regionCode: '620103' })).map((e) => e.code)).toEqual(['E2005']);
  });

  it('refuses a malformed scope and an unknown interface', () => {
    expect(() => createValidator({ codeLists, regionScope: '6' })).toThrow(/region scope/);
    expect(() => createValidator({ codeLists, regionScope: '620' })).toThrow(/region scope/);
    expect(() => validator.validate('orders' as never, {})).toThrow(/unknown national interface/);
  });

  it('does not change the record it is given', () => {
    const record = withFields('trades', { ticketNo: '  XS1  ', buyerCode: '', extra: undefined });
    const before = JSON.stringify(record);
    expect(validator.validate('trades', record)).toEqual([]);
    expect(JSON.stringify(record)).toBe(before);
    expect(record.ticketNo).toBe('  XS1  ');
  });

  it('validates every interface without interference between calls', () => {
    for (let round = 0; round < 3; round++) {
      for (const [iface, record] of Object.entries(validRecords)) {
        expect(validator.validate(iface as keyof typeof validRecords, record)).toEqual([]);
      }
      expect(errorsOf('trades', withFields('trades', { amount: 1 }))).toEqual(pairs([['E4005', '/amount']]));
    }
  });

  it('treats a __proto__ key as an unknown field', () => {
    const record = JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(validRecords.trades).slice(1)}`) as unknown;
    expect(errorsOf('trades', record)).toEqual(pairs([['E4006', '/__proto__']]));
    const padded = JSON.parse(`{"__proto__": 1, ${JSON.stringify({ ...validRecords.trades, ticketNo: ' T1 ' }).slice(1)}`) as unknown;
    expect(errorsOf('trades', padded)).toEqual(pairs([['E4006', '/__proto__']]));
  });
});
