import { describe, expect, it } from 'vitest';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { collectNumberLiterals } from '../../src/national/decimals';
import { createNoticeValidator, missingRequiredActions, type AcceptedRecordLookup } from '../../src/national/notice-validate';
import type { RecordRef } from '../../src/national/notices';

const codeLists = loadBundledCodeLists();
const validator = createNoticeValidator({ codeLists, regionScope: '62' });
const LOT = '62012301240611000122';
const CREDIT = '91350100M000100Y43';
const NOW = Date.parse('2026-12-05T02:00:00Z');

const accepted: Record<string, Record<string, unknown>> = {
  'batches/b-1': { traceCode: LOT },
  'inspections/i-fail': { conclusion: 'FAIL' },
  'inspections/i-pass': { conclusion: 'PASS' },
};
const acceptedRecord: AcceptedRecordLookup = (ref: RecordRef) => accepted[`${ref.interface}/${ref.recordId}`];

type Expected = string[];
const codes = (errors: { code: string; path: string }[]): Expected => errors.map((e) => `${e.code} ${e.path}`);

const response = (changes: Record<string, unknown> = {}) => ({
  responseId: 'resp-0000001',
  status: 'IN_PROGRESS',
  respondedAt: '2026-12-05T10:30:00+08:00',
  ...changes,
});

describe('§8.4 response bodies', () => {
  const cases: Array<[string, unknown, Expected, Parameters<typeof validator.validateResponse>[1]?]> = [
    ['a minimal answer', response(), []],
    [
      'a full COMPLETED answer',
      response({
        status: 'COMPLETED',
        findings: [{ interface: 'batches', recordId: 'b-1' }],
        actions: [{ action: 'OFF_SHELF', at: '2026-12-05T10:00:00+08:00', subjectCode: CREDIT, quantity: 2.5, unit: 'KG', note: '下架' }],
        note: 'done',
      }),
      [],
    ],
    ['not an object', [], ['E4001 ']],
    [
      'every required field missing, then an unknown field',
      { extra: 1 },
      ['E4002 /responseId', 'E4002 /status', 'E4002 /respondedAt', 'E4006 /extra'],
    ],
    ['blank strings count as missing', response({ responseId: '  ', note: '' }), ['E4002 /responseId']],
    ['responseId too short, bad characters', response({ responseId: 'short' }), ['E4001 /responseId']],
    ['responseId with a space inside', response({ responseId: 'resp 000001' }), ['E4001 /responseId']],
    ['status outside the enumeration', response({ status: 'DONE' }), ['E4001 /status']],
    ['respondedAt without offset', response({ respondedAt: '2026-12-05T10:30:00' }), ['E4001 /respondedAt']],
    ['findings not an array', response({ findings: {} }), ['E4001 /findings']],
    [
      'findings element: unknown interface, bad recordId',
      response({ findings: [{ interface: 'fruits', recordId: 'a b' }] }),
      ['E4001 /findings/0/interface', 'E4001 /findings/0/recordId'],
    ],
    [
      'findings element: missing recordId, unknown field',
      response({ findings: [{ interface: 'batches', x: 1 }] }),
      ['E4002 /findings/0/recordId', 'E4006 /findings/0/x'],
    ],
    [
      'a duplicate finding is flagged at the later one',
      response({
        findings: [
          { interface: 'batches', recordId: 'b-1' },
          { interface: 'batches', recordId: 'b-1' },
        ],
      }),
      ['E4001 /findings/1'],
    ],
    [
      'actions: bad action, bad at, wrong quantity',
      response({ actions: [{ action: 'BURN', at: 'now', quantity: 0, unit: 'KG' }] }),
      ['E4001 /actions/0/action', 'E4001 /actions/0/at', 'E4001 /actions/0/quantity'],
    ],
    [
      'actions: quantity without unit is E4002 at unit, after unknown fields',
      response({ actions: [{ action: 'TRACE', at: '2026-12-05T10:00:00Z', quantity: 1, y: 2 }] }),
      ['E4006 /actions/0/y', 'E4002 /actions/0/unit'],
    ],
    [
      'actions: unit without quantity is E4002 at quantity',
      response({ actions: [{ action: 'TRACE', at: '2026-12-05T10:00:00Z', unit: 'KG' }] }),
      ['E4002 /actions/0/quantity'],
    ],
    [
      'actions: unit not in its code list, subject with a wrong check character',
      response({ actions: [{ action: 'TRACE', at: '2026-12-05T10:00:00Z', quantity: 1, unit: 'LB', subjectCode: '91350100M000100Y44' }] }),
      ['E4004 /actions/0/subjectCode', 'E4003 /actions/0/unit'],
    ],
    [
      'actions: note over 200 characters',
      response({ actions: [{ action: 'TRACE', at: '2026-12-05T10:00:00Z', note: 'x'.repeat(201) }] }),
      ['E4001 /actions/0/note'],
    ],
    ['note over 1000 code points', response({ note: '检'.repeat(1001) }), ['E4001 /note']],
    ['note of 1000 code points', response({ note: '检'.repeat(1000) }), []],
    ['COMPLETED without findings', response({ status: 'COMPLETED' }), ['E4005 /findings']],
    [
      'NOT_FOUND with findings',
      response({ status: 'NOT_FOUND', findings: [{ interface: 'batches', recordId: 'b-1' }] }),
      ['E4005 /findings'],
    ],
    [
      'a rule is not checked while its field is invalid',
      response({
        status: 'COMPLETED',
        findings: [
          { interface: 'batches', recordId: 'b-1' },
          { interface: 'batches', recordId: 'b-1' },
        ],
      }),
      ['E4001 /findings/1'],
    ],
    [
      'findings naming records not accepted: E4012 each, in order, after the fields',
      response({
        respondedAt: 'x',
        findings: [
          { interface: 'batches', recordId: 'nope' },
          { interface: 'batches', recordId: 'b-1' },
          { interface: 'trades', recordId: 'nope' },
        ],
      }),
      ['E4001 /respondedAt', 'E4012 /findings/0', 'E4012 /findings/2'],
      { acceptedRecord },
    ],
    [
      'E4012 before the E4005 rules',
      response({ status: 'COMPLETED', findings: [{ interface: 'batches', recordId: 'nope' }] }),
      ['E4012 /findings/0', 'E4005 /actions'],
      { acceptedRecord, actionsRequired: ['TRACE', 'RECALL'] },
    ],
    [
      'COMPLETED lists an action for each required one but TRACE',
      response({
        status: 'COMPLETED',
        findings: [{ interface: 'batches', recordId: 'b-1' }],
        actions: [{ action: 'OFF_SHELF', at: '2026-12-05T10:00:00Z' }],
      }),
      ['E4005 /actions'],
      { acceptedRecord, actionsRequired: ['TRACE', 'OFF_SHELF', 'RECALL'] },
    ],
    [
      'earlier accepted responses count toward the required actions',
      response({
        status: 'COMPLETED',
        findings: [{ interface: 'batches', recordId: 'b-1' }],
        actions: [{ action: 'OFF_SHELF', at: '2026-12-05T10:00:00Z' }],
      }),
      [],
      { acceptedRecord, actionsRequired: ['TRACE', 'OFF_SHELF', 'RECALL'], earlierActions: ['RECALL'] },
    ],
    [
      'TRACE alone needs no action',
      response({ status: 'COMPLETED', findings: [{ interface: 'batches', recordId: 'b-1' }] }),
      [],
      { acceptedRecord, actionsRequired: ['TRACE'] },
    ],
  ];

  it.each(cases)('%s', (_name, body, expected, ctx) => {
    expect(codes(validator.validateResponse(body, ctx))).toEqual(expected);
  });

  it('counts decimals as written when given the literals', () => {
    const text =
      '{"responseId":"resp-0000001","status":"IN_PROGRESS","respondedAt":"2026-12-05T10:30:00+08:00","actions":[{"action":"OFF_SHELF","at":"2026-12-05T10:00:00Z","quantity":2.5000,"unit":"KG"}]}';
    const body = JSON.parse(text) as unknown;
    expect(codes(validator.validateResponse(body))).toEqual([]);
    expect(codes(validator.validateResponse(body, { numberLiterals: collectNumberLiterals(text) }))).toEqual(['E4001 /actions/0/quantity']);
  });

  it('never writes a resident ID in clear', () => {
    const id = '11010519491231002Y';
    const errors = validator.validateResponse(response({ actions: [{ action: 'TRACE', at: '2026-12-05T10:00:00Z', subjectCode: id }] }));
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors)).not.toContain(id);
  });
});

const raise = (changes: Record<string, unknown> = {}) => ({
  clientNoticeId: 'notice-000001',
  kind: 'PROBLEM_PRODUCT',
  severity: 'HIGH',
  issuerRegion: '620123',
  traceCodes: [LOT],
  productCode: 'VEG_LEAFY',
  hazard: 'chlorpyrifos above the limit',
  evidence: [{ interface: 'inspections', recordId: 'i-fail' }],
  actionsRequired: ['TRACE'],
  ...changes,
});

describe('§8.5 raised notices', () => {
  const ctx = { acceptedRecord, now: NOW };
  const cases: Array<[string, unknown, Expected]> = [
    ['a minimal notice', raise(), []],
    [
      'a full RECALL',
      raise({
        kind: 'RECALL',
        subjectCode: CREDIT,
        testItem: 'CHLORPYRIFOS',
        targetRegions: ['11', '3101', '440305'],
        actionsRequired: ['TRACE', 'RECALL'],
        respondBy: '2026-12-06T10:00:00+08:00',
        evidence: [{ interface: 'batches', recordId: 'b-1' }],
      }),
      [],
    ],
    ['WITHDRAWN cannot be raised', raise({ kind: 'WITHDRAWN' }), ['E4001 /kind']],
    ['issuerRegion outside the scope is E2005', raise({ issuerRegion: '110105' }), ['E2005 /issuerRegion']],
    ['issuerRegion of an unknown province is E4003 first', raise({ issuerRegion: '990101' }), ['E4003 /issuerRegion']],
    ['issuerRegion city 00 with a county part', raise({ issuerRegion: '620001' }), ['E4001 /issuerRegion']],
    ['traceCodes: empty, then bad check digit and duplicate', raise({ traceCodes: [] }), ['E4001 /traceCodes']],
    [
      'traceCodes: a wrong check digit, a duplicate, a blank element',
      raise({ traceCodes: [LOT, '62012301240611000123', LOT, ' '] }),
      ['E4004 /traceCodes/1', 'E4001 /traceCodes/2', 'E4002 /traceCodes/3'],
    ],
    ['traceCodes: over 200', raise({ traceCodes: Array.from({ length: 201 }, () => LOT) }), ['E4001 /traceCodes']],
    [
      'productCode and testItem outside their code lists',
      raise({ productCode: 'veg_leafy', testItem: 'LEAD' }),
      ['E4003 /productCode', 'E4003 /testItem'],
    ],
    ['hazard over 500 characters', raise({ hazard: 'x'.repeat(501) }), ['E4001 /hazard']],
    [
      'evidence: over 20',
      raise({ evidence: Array.from({ length: 21 }, (_, i) => ({ interface: 'batches', recordId: `b-${i}` })) }),
      ['E4001 /evidence'],
    ],
    [
      'evidence: not accepted (E4012) then no FAIL inspection among them (E4005)',
      raise({
        evidence: [
          { interface: 'inspections', recordId: 'i-none' },
          { interface: 'inspections', recordId: 'i-pass' },
        ],
      }),
      ['E4012 /evidence/0', 'E4005 /evidence'],
    ],
    ['a RECALL needs no FAIL inspection', raise({ kind: 'RECALL', evidence: [{ interface: 'batches', recordId: 'b-1' }] }), []],
    [
      'targetRegions: prefixes of 2, 4 or 6 digits in provinces',
      raise({ targetRegions: ['1', '999', '99', '620001'] }),
      ['E4001 /targetRegions/0', 'E4001 /targetRegions/1', 'E4003 /targetRegions/2', 'E4001 /targetRegions/3'],
    ],
    ['actionsRequired: empty', raise({ actionsRequired: [] }), ['E4001 /actionsRequired']],
    [
      'actionsRequired: duplicate and unknown',
      raise({ actionsRequired: ['TRACE', 'TRACE', 'BURN'] }),
      ['E4001 /actionsRequired/1', 'E4001 /actionsRequired/2'],
    ],
    ['respondBy less than an hour ahead', raise({ respondBy: '2026-12-05T10:59:59+08:00' }), ['E4005 /respondBy']],
    ['respondBy exactly an hour ahead', raise({ respondBy: '2026-12-05T03:00:00Z' }), []],
    [
      'fields, unknown fields, E4012, then rules in the order written',
      raise({
        severity: 'SEVERE',
        other: true,
        evidence: [{ interface: 'batches', recordId: 'none' }],
        respondBy: '2026-12-05T10:00:00+08:00',
      }),
      ['E4001 /severity', 'E4006 /other', 'E4012 /evidence/0', 'E4005 /evidence', 'E4005 /respondBy'],
    ],
  ];

  it.each(cases)('%s', (_name, body, expected) => {
    expect(codes(validator.validateRaise(body, ctx))).toEqual(expected);
  });

  it('checks what needs the platform only when given it', () => {
    expect(
      codes(
        validator.validateRaise(raise({ evidence: [{ interface: 'batches', recordId: 'none' }], respondBy: '2026-12-05T10:00:00+08:00' })),
      ),
    ).toEqual([]);
  });
});

const notice = (changes: Record<string, unknown> = {}) => ({
  noticeId: 'NT20261205000001',
  revision: 1,
  kind: 'PROBLEM_PRODUCT',
  severity: 'HIGH',
  issuedAt: '2026-12-05T10:00:00+08:00',
  issuerRegion: '110105',
  targetRegions: ['62'],
  traceCodes: [LOT],
  productCode: 'VEG_LEAFY',
  hazard: 'chlorpyrifos above the limit',
  actionsRequired: ['TRACE'],
  respondBy: '2026-12-08T10:00:00+08:00',
  ...changes,
});

describe('§8.1 received notices', () => {
  const structural = createNoticeValidator();
  const cases: Array<[string, unknown, Expected]> = [
    ['a notice', notice(), []],
    ['a withdrawal', notice({ kind: 'WITHDRAWN', supersedes: 'NT20261204000007' }), []],
    ['a RECALL escalating a notice', notice({ kind: 'RECALL', supersedes: 'NT20261204000007' }), []],
    ['a raised notice reaching no other region', notice({ targetRegions: [] }), []],
    ['unknown fields are tolerated', notice({ region: 'x' }), []],
    ['a withdrawal without supersedes', notice({ kind: 'WITHDRAWN' }), ['E4002 /supersedes']],
    ['a PROBLEM_PRODUCT that supersedes', notice({ supersedes: 'NT20261204000007' }), ['E4005 /supersedes']],
    ['a bad noticeId and revision', notice({ noticeId: 'NT2026120500001', revision: 0 }), ['E4001 /noticeId', 'E4001 /revision']],
    ['a missing hazard and a null respondBy', notice({ hazard: undefined, respondBy: null }), ['E4002 /hazard', 'E4001 /respondBy']],
    ['a string where an array belongs', notice({ traceCodes: LOT }), ['E4001 /traceCodes']],
    ['not an object', 42, ['E4001 ']],
  ];

  it.each(cases)('%s', (_name, body, expected) => {
    expect(codes(structural.validateNotice(body))).toEqual(expected);
  });

  it('checks code lists and provinces only with code lists', () => {
    const odd = notice({ productCode: 'NEW_CATEGORY', targetRegions: ['99'] });
    expect(codes(structural.validateNotice(odd))).toEqual([]);
    expect(codes(validator.validateNotice(odd))).toEqual(['E4003 /targetRegions/0', 'E4003 /productCode']);
  });
});

describe('missingRequiredActions', () => {
  it('names the required actions other than TRACE that no action covers', () => {
    expect(missingRequiredActions(['TRACE', 'OFF_SHELF', 'RECALL'], [{ action: 'RECALL' }])).toEqual(['OFF_SHELF']);
    expect(missingRequiredActions(['TRACE'], [])).toEqual([]);
  });
});
