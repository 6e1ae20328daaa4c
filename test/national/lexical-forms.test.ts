import { describe, expect, it } from 'vitest';
import { recordTextFacts, singleRecordFacts } from '../../src/national/validate';
import type { NationalInterface } from '../../src/national/types';
import { validRecords } from '../fixtures/national/valid-records';
import { errorsOf } from './validator-fixture';

/**
 * National §7.21 and §7.22 on the record's text: what JSON.parse forgets (number literals,
 * repeated member names) reaches the validator as the record's text facts.
 */

/** Errors of a record given as text, as the mock platform validates it. */
function errorsOfText(iface: NationalInterface, text: string) {
  return errorsOf(iface, JSON.parse(text), singleRecordFacts(text));
}

/** The valid record's text with the JSON text of one member replaced (`"version":1` → `"version":1.0`). */
function rewritten(iface: NationalInterface, field: string, valueText: string): string {
  const record = { ...validRecords[iface], [field]: '\u0000' };
  return JSON.stringify(record).replace('"\\u0000"', valueText);
}

const pairs = (list: [string, string][]) => list.map(([code, path]) => ({ code, path }));

describe('integers are plain digits (§7.21)', () => {
  it.each([
    ['1.0', 'E4001'],
    ['1e0', 'E4001'],
    ['2E1', 'E4001'],
    ['1.5', 'E4001'],
    ['9007199254740991', null],
    ['9007199254740992', 'E4001'],
    ['9007199254740993', 'E4001'],
    ['1', null],
    ['42', null],
  ])('version %s', (literal, code) => {
    const errors = errorsOfText('subjects', rewritten('subjects', 'version', literal));
    expect(errors).toEqual(code ? pairs([[code, '/version']]) : []);
  });

  it.each([['3.0'], ['3e0'], ['0.3E1'], ['30e-1']])('headCount %s → E4001', (literal) => {
    expect(errorsOfText('slaughter', rewritten('slaughter', 'headCount', literal))).toEqual(pairs([['E4001', '/headCount']]));
  });

  it('other numbers may use any JSON form with the decimals allowed', () => {
    expect(errorsOfText('batches', rewritten('batches', 'quantity', '0.125e1'))).toEqual([]);
    expect(errorsOfText('batches', rewritten('batches', 'quantity', '1250E-3'))).toEqual([]);
  });

  it('a batch body gives each record its own literals', () => {
    const bad = rewritten('subjects', 'version', '1.0');
    const body = `{"batchId":"b-12345678","records":[${JSON.stringify(validRecords.subjects)},${bad}]}`;
    const facts = recordTextFacts(body);
    const records = (JSON.parse(body) as { records: unknown[] }).records;
    expect(errorsOf('subjects', records[0], facts[0])).toEqual([]);
    expect(errorsOf('subjects', records[1], facts[1])).toEqual(pairs([['E4001', '/version']]));
  });
});

describe('strings are valid Unicode (§7.22)', () => {
  it('an unpaired surrogate in a known field is E4001', () => {
    expect(errorsOfText('subjects', rewritten('subjects', 'name', '"Farm \\ud800"'))).toEqual(pairs([['E4001', '/name']]));
    expect(errorsOfText('subjects', rewritten('subjects', 'name', '"\\udc00 Farm"'))).toEqual(pairs([['E4001', '/name']]));
    // As the gateway holds it: a parsed string.
    expect(errorsOf('subjects', { ...validRecords.subjects, name: 'Farm \ud800' })).toEqual(pairs([['E4001', '/name']]));
  });

  it('a surrogate pair is one valid code point', () => {
    expect(errorsOfText('subjects', rewritten('subjects', 'name', '"Farm \\ud83e\\udd6c"'))).toEqual([]);
  });

  it('inside array elements and item fields', () => {
    const record = {
      ...validRecords.inspections,
      items: [{ ...(validRecords.inspections.items as Record<string, unknown>[])[0], itemCode: 'X\udfff' }],
    };
    expect(errorsOf('inspections', record)).toEqual(pairs([['E4001', '/items/0/itemCode']]));
    const certificate = { ...validRecords.certificates, commitments: ['NO_BANNED_DRUGS', '\ud800'] };
    expect(errorsOf('certificates', certificate)).toEqual(pairs([['E4001', '/commitments/1']]));
  });

  it('an unknown field is E4006 whatever it holds', () => {
    expect(errorsOf('subjects', { ...validRecords.subjects, colour: '\ud800' })).toEqual(pairs([['E4006', '/colour']]));
  });
});

describe('a member written twice (§7.22)', () => {
  const twice = (iface: NationalInterface, field: string, first: string): string => {
    const text = JSON.stringify(validRecords[iface]);
    return `{"${field}":${first},${text.slice(1)}`;
  };

  it('is E4001 at that member, and nothing else there', () => {
    expect(errorsOfText('subjects', twice('subjects', 'name', '"Other farm"'))).toEqual(pairs([['E4001', '/name']]));
    // The value JSON.parse keeps is blank: still the one E4001.
    const blankLast = `${JSON.stringify(validRecords.subjects).slice(0, -1)},"name":"  "}`;
    expect(errorsOfText('subjects', blankLast)).toEqual(pairs([['E4001', '/name']]));
  });

  it('keeps its place in the field order and stops the rules that use it', () => {
    const text = twice('trades', 'amount', '1');
    expect(errorsOfText('trades', text.replace('"quantity":', '"quantity":-'))).toEqual(
      pairs([
        ['E4001', '/quantity'],
        ['E4001', '/amount'],
      ]),
    );
  });

  it('inside an item is E4001 at the item field', () => {
    const text = JSON.stringify(validRecords.inspections).replace('"itemCode":', '"unit":"%","itemCode":');
    expect(errorsOfText('inspections', text)).toEqual(pairs([['E4001', '/items/0/unit']]));
  });

  it('an unknown member written twice is one E4006', () => {
    const text = `${JSON.stringify(validRecords.subjects).slice(0, -1)},"colour":"a","colour":"b"}`;
    expect(errorsOfText('subjects', text)).toEqual(pairs([['E4006', '/colour']]));
  });

  it('recordTextFacts finds repeats per record of a batch', () => {
    const body = `{"batchId":"b-12345678","records":[{"a":1,"b":{"c":1,"c":2}},{"a":1,"a":2,"items":[{"x":1,"x":1}]}]}`;
    expect(recordTextFacts(body).map((f) => f.duplicateMembers)).toEqual([['/b/c'], ['/a', '/items/0/x']]);
  });
});

describe('recordTextFacts on a hostile body', () => {
  it('reports a member repeated 200,000 times once, without quadratic work', () => {
    const body = `{"batchId":"b-12345678","records":[{${Array.from({ length: 200_000 }, () => '"a":1').join(',')}}]}`;
    expect(recordTextFacts(body)[0].duplicateMembers).toEqual(['/a']);
  });
});
