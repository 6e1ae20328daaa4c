import { NATIONAL_INTERFACES, type NationalInterface } from '../../../src/national/types';
import { validRecords } from '../../fixtures/national/valid-records';
import type { ExpectedError } from './oracle';
import { CODES, FIELD_TABLES, type FieldSpec } from './spec-model';
import { seededRandom } from '../../../src/demo/national/faults';

/**
 * A generated, seeded corpus of mutations of the valid record of every interface: each field
 * removed, blank, null, of the wrong type, too long, badly patterned, out of its code list, with a
 * wrong check character, in other timestamp and number forms, written twice, with an unpaired
 * surrogate; unknown fields; broken cross-field rules; and pairs of these. Each mutation declares
 * the error its field must get (from the spec), or none.
 */

/** A JSON value written exactly as given (`1.0`, `2E1`). */
export class Raw {
  constructor(readonly text: string) {}
}

type Json = Record<string, unknown>;

export interface Draft {
  record: Json;
  /** Top-level members to write twice. */
  twice: Set<string>;
  declared: ExpectedError[];
  nextUnknown(): string;
}

export interface Mutation {
  name: string;
  /** Top-level fields it touches; a pair never touches one field twice. */
  targets: string[];
  /** Only expressible as text (raw literals, repeated members): the gateway never writes these. */
  textOnly: boolean;
  apply(draft: Draft): void;
}

export interface Mutant {
  id: string;
  iface: NationalInterface;
  mutations: string[];
  text: string;
  textOnly: boolean;
  declared: ExpectedError[];
}

function textOf(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(textOf).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${textOf(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function recordText(draft: Draft): string {
  const members: string[] = [];
  for (const [key, value] of Object.entries(draft.record)) {
    if (value === undefined) continue;
    const member = `${JSON.stringify(key)}:${textOf(value)}`;
    if (draft.twice.has(key)) members.push(member);
    members.push(member);
  }
  return `{${members.join(',')}}`;
}

// ---- values -------------------------------------------------------------------------------

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** A valid resident ID (§6.3) that is not a valid credit code. */
const RESIDENT_ID = '62010319751108451X';
const OTHER_CREDIT = '91350100M000100Y43'; // §6.2's example

function otherLast(code: string, alphabet: string): string {
  const last = code[code.length - 1];
  return code.slice(0, -1) + [...alphabet].find((c) => c !== last)!;
}

/** GS1 mod-10 check digit over 19 digits (§6.4), for building valid trace codes. */
function gs1(first19: string): string {
  let sum = 0;
  for (let i = 0; i < 19; i++) sum += Number(first19[i]) * ((18 - i) % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

function traceCodes(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const body = `620111032406120${String(i).padStart(4, '0')}`;
    return body + gs1(body);
  });
}

/** The same instant written in other valid forms (§7.18, §7.20). */
function timestampForms(s: string): string[] {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})\+08:00$/.exec(s)!;
  const utcMs = Date.parse(`${m[1]}T${m[2]}+08:00`);
  const at = (minutes: number, sign: string, offset: string, fraction = '') =>
    `${new Date(utcMs + minutes * 60_000).toISOString().slice(0, 19)}${fraction}${sign}${offset}`;
  return [
    at(0, 'Z', ''),
    at(14 * 60, '+', '14:00'),
    at(-12 * 60, '-', '12:00'),
    at(5 * 60 + 45, '+', '05:45'),
    at(0, '+', '00:00'),
    at(8 * 60, '+', '08:00', '.5'),
    at(8 * 60, '+', '08:00', '.000000000'),
  ];
}

function badTimestamps(s: string): string[] {
  const z = `${new Date(Date.parse(s)).toISOString().slice(0, 19)}Z`;
  const body = s.slice(0, 19);
  return [
    s.replace('T', 't'),
    z.replace('Z', 'z'),
    `${body}.1234567890+08:00`,
    `${body}.+08:00`,
    `${body}+14:01`,
    `${body}-12:01`,
    `${body}-00:00`,
    `${body}+0800`,
    s.replace('T', ' '),
    body,
    `${body.slice(0, 17)}60+08:00`,
    `${body.slice(0, 11)}24${body.slice(13)}+08:00`,
    `0000${s.slice(4)}`,
    `${body.slice(0, 14)}60${body.slice(16)}+08:00`,
  ];
}

const BAD_DATES = ['2023-02-29', '0000-01-01', '2024-6-11', '20240611', '2024-06-11T00:00:00+08:00', '2024-13-01', '2024-06-31'];

// ---- mutation builders --------------------------------------------------------------------

function mutation(name: string, targets: string[], apply: (d: Draft) => void, textOnly = false): Mutation {
  return { name, targets, textOnly, apply };
}

/** Sets a field and declares its error (if any). */
function setTo(field: string, label: string, value: unknown, error?: string, path = `/${field}`): Mutation {
  return mutation(
    `${field}:${label}`,
    [field],
    (d) => {
      d.record[field] = value;
      if (error) d.declared.push({ code: error, path });
    },
    value instanceof Raw,
  );
}

function missing(spec: FieldSpec): string | undefined {
  return spec.presence === 'R' ? 'E4002' : undefined;
}

function isStringKind(spec: FieldSpec): boolean {
  return !['integer', 'number', 'traceCodes', 'commitments', 'items'].includes(spec.kind.k);
}

function commonMutations(spec: FieldSpec, base: unknown): Mutation[] {
  const name = spec.name;
  const out: Mutation[] = [
    mutation(`${name}:removed`, [name], (d) => {
      delete d.record[name];
      const code = missing(spec);
      if (code) d.declared.push({ code, path: `/${name}` });
    }),
    setTo(name, 'empty', '', missing(spec)),
    setTo(name, 'blank', ' \t ', missing(spec)),
    setTo(name, 'null', null, 'E4001'),
    mutation(
      `${name}:twice`,
      [name],
      (d) => {
        if (d.record[name] === undefined) return;
        d.twice.add(name);
        d.declared.push({ code: 'E4001', path: `/${name}` });
      },
      true,
    ),
  ];
  if (isStringKind(spec)) {
    out.push(setTo(name, 'number', 12345, 'E4001'), setTo(name, 'boolean', true, 'E4001'));
    if (typeof base === 'string') {
      // On the value in the draft: a recordId is unique to its mutant.
      const rewrite = (label: string, change: (v: string) => string, error?: string) =>
        mutation(`${name}:${label}`, [name], (d) => {
          d.record[name] = change(String(d.record[name]));
          if (error) d.declared.push({ code: error, path: `/${name}` });
        });
      out.push(
        rewrite('padded', (v) => `  ${v}\t`),
        rewrite('lone-surrogate', (v) => `${v}\ud800`, 'E4001'),
      );
      out.push(rewrite('lone-low-surrogate', (v) => `\udc00${v}`, 'E4001'));
    }
  } else if (spec.kind.k === 'integer' || spec.kind.k === 'number') {
    out.push(setTo(name, 'string', '12', 'E4001'), setTo(name, 'boolean', false, 'E4001'), setTo(name, 'object', { v: 1 }, 'E4001'));
  } else {
    out.push(setTo(name, 'string', 'x', 'E4001'), setTo(name, 'object', { a: 1 }, 'E4001'));
  }
  return out;
}

function numberForms(value: number, decimals: number): { valid: string[]; tooPrecise: string } {
  const [int, frac = ''] = String(value).split('.');
  const digits = String(Number(`${int}${frac}`)); // no leading zero: `05e-1` is no JSON number
  const valid = [`${int}.${frac}0`, frac ? `${digits}e-${frac.length}` : `${int}e0`, `0.${int}${frac}E${int.length}`];
  if (frac.length + 1 > decimals) valid.shift();
  return { valid, tooPrecise: `${int}.${frac.padEnd(decimals + 1, '0')}` };
}

function kindMutations(iface: NationalInterface, spec: FieldSpec, base: unknown): Mutation[] {
  const name = spec.name;
  const kind = spec.kind;
  const s = typeof base === 'string' ? base : '';
  switch (kind.k) {
    case 'recordId':
      return [
        mutation('recordId:64', ['recordId'], (d) => {
          d.record.recordId = String(d.record.recordId).padEnd(64, 'x');
        }),
        mutation('recordId:65', ['recordId'], (d) => {
          d.record.recordId = String(d.record.recordId).padEnd(65, 'x');
          d.declared.push({ code: 'E4001', path: '/recordId' });
        }),
        mutation('recordId:space-inside', ['recordId'], (d) => {
          d.record.recordId = `${String(d.record.recordId)} x`;
          d.declared.push({ code: 'E4001', path: '/recordId' });
        }),
        mutation('recordId:slash', ['recordId'], (d) => {
          d.record.recordId = `${String(d.record.recordId)}/x`;
          d.declared.push({ code: 'E4001', path: '/recordId' });
        }),
      ];
    case 'integer':
      return [
        setTo(name, 'plain-2', 2),
        setTo(name, 'max-safe', 9007199254740991),
        setTo(name, 'above-max-safe', new Raw('9007199254740993'), 'E4001'),
        setTo(name, '2^53', 2 ** 53, 'E4001'),
        setTo(name, 'zero', 0, 'E4001'),
        setTo(name, 'negative', -1, 'E4001'),
        setTo(name, 'fraction', 1.5, 'E4001'),
        setTo(name, 'written-1.0', new Raw(`${String(base)}.0`), 'E4001'),
        setTo(name, 'written-1e0', new Raw(`${String(base)}e0`), 'E4001'),
        setTo(name, 'written-2E1', new Raw('2E1'), 'E4001'),
      ];
    case 'region':
      return [
        setTo(name, 'province-99', '990000', 'E4003'),
        setTo(name, 'city-00-county-01', '620001', 'E4001'),
        setTo(name, '5-digits', '62012', 'E4001'),
        setTo(name, 'letters', '62O123', 'E4001'),
        setTo(name, 'province-00', '000000', 'E4003'),
        setTo(name, 'other-province', '110101', kind.scoped ? 'E2005' : undefined),
        setTo(name, 'city-itself', '620100'),
      ];
    case 'text':
      return [
        setTo(name, 'at-max', 'a'.repeat(kind.max)),
        setTo(name, 'over-max', 'a'.repeat(kind.max + 1), 'E4001'),
        setTo(name, 'max-code-points', '🥬'.repeat(kind.max)),
        setTo(name, 'over-max-code-points', '菜'.repeat(kind.max + 1), 'E4001'),
      ];
    case 'timestamp':
      return [
        ...timestampForms(s).map((form, i) => setTo(name, `form-${i}`, form)),
        ...badTimestamps(s).map((form, i) => setTo(name, `bad-${i}`, form, 'E4001')),
        setTo(name, 'a-date', s.slice(0, 10), 'E4001'),
      ];
    case 'date':
      return [
        setTo(name, 'leap-day', '2024-02-29'),
        setTo(name, 'year-0001', '0001-01-01'),
        ...BAD_DATES.map((v, i) => setTo(name, `bad-${i}`, v, 'E4001')),
      ];
    case 'enum':
      return [
        ...kind.values.filter((v) => v !== base && name !== 'subjectIdType').map((v) => setTo(name, `other-${v}`, v)),
        setTo(name, 'lower-case', s.toLowerCase(), 'E4001'),
        setTo(name, 'unknown', 'OTHER', 'E4001'),
      ];
    case 'list': {
      const other = CODES[kind.list].find((c) => c !== base && c !== 'MEAT_PORK')!;
      return [
        setTo(name, 'other-code', other),
        setTo(name, 'not-in-list', 'NOT_A_CODE', 'E4003'),
        setTo(name, 'lower-case', s.toLowerCase(), 'E4003'),
        ...(kind.list === 'product-categories' ? [setTo(name, 'meat', 'MEAT_BEEF'), setTo(name, 'live-animal', 'LIVE_PIG')] : []),
      ];
    }
    case 'credit':
      return [
        setTo(name, 'spec-example', OTHER_CREDIT),
        setTo(name, 'wrong-check', otherLast(s, CREDIT_ALPHABET), 'E4004'),
        setTo(name, 'resident-id', RESIDENT_ID, 'E4004'),
        setTo(name, 'letter-O', `${s.slice(0, 8)}O${s.slice(9)}`, 'E4001'),
        setTo(name, '17-chars', s.slice(0, 17), 'E4001'),
        setTo(name, 'lower-case', s.toLowerCase(), s.toLowerCase() === s ? undefined : 'E4001'),
      ];
    case 'party':
      return [
        setTo(name, 'credit', OTHER_CREDIT),
        setTo(name, 'resident', RESIDENT_ID),
        setTo(name, 'credit-wrong-check', otherLast(OTHER_CREDIT, CREDIT_ALPHABET), 'E4004'),
        setTo(name, 'resident-wrong-check', otherLast(RESIDENT_ID, '0123456789'), 'E4004'),
        setTo(name, '15-digits', '620102600123456', 'E4001'),
        setTo(name, 'lower-x', RESIDENT_ID.toLowerCase(), 'E4001'),
      ];
    case 'subjectCode':
      return [
        setTo(name, 'wrong-check', otherLast(s, CREDIT_ALPHABET), 'E4004'),
        setTo(name, '17-chars', s.slice(0, 17), 'E4001'),
        setTo(name, 'lower-case', s.toLowerCase(), 'E4001'),
      ];
    case 'trace': {
      const valid = traceCodes(1)[0];
      return [
        setTo(name, 'other-valid', valid),
        setTo(name, 'wrong-check', otherLast(s, '0123456789'), 'E4004'),
        setTo(name, '19-digits', s.slice(0, 19), 'E4001'),
        setTo(name, 'a-letter', `A${s.slice(1)}`, 'E4001'),
        setTo(name, 'link-00', `${s.slice(0, 6)}00${s.slice(8)}`, 'E4001'),
        setTo(name, 'link-10', `${s.slice(0, 6)}10${s.slice(8)}`, 'E4001'),
        setTo(name, 'date-0230', `${s.slice(0, 10)}0230${s.slice(14)}`, 'E4001'),
        setTo(name, 'province-99', `99${s.slice(2)}`, 'E4003'),
        setTo(name, 'a-number', 62012301240611000000, 'E4001'),
      ];
    }
    case 'number': {
      const value = base as number;
      const forms = numberForms(value, kind.decimals);
      const step = 10 ** -(kind.decimals + 1);
      const out = [
        ...forms.valid.map((form, i) => setTo(name, `form-${i}`, new Raw(form))),
        setTo(name, 'too-precise-as-written', new Raw(forms.tooPrecise), 'E4001'),
        setTo(name, 'too-precise', Number((value + step).toFixed(kind.decimals + 1)), 'E4001'),
      ];
      if (kind.exclusive) out.push(setTo(name, 'zero', 0, 'E4001'));
      out.push(setTo(name, 'below-min', kind.min - 1, 'E4001'));
      if (kind.max !== undefined) out.push(setTo(name, 'above-max', kind.max + 1, 'E4001'), setTo(name, 'at-min', kind.min));
      return out;
    }
    case 'pattern':
      return [
        ...kind.valid.map((v, i) => setTo(name, `valid-${i}`, v)),
        ...kind.invalid.map((v, i) => setTo(name, `invalid-${i}`, v, 'E4001')),
      ];
    case 'traceCodes': {
      const codes = base as string[];
      const many = traceCodes(201);
      return [
        setTo(name, 'empty', [], 'E4001'),
        setTo(name, '200', many.slice(0, 200)),
        setTo(name, '201', many, 'E4001'),
        setTo(name, '201-with-bad-elements', [...many.slice(0, 199), '', 'x'], 'E4001'),
        setTo(name, 'blank-element', [codes[0], '  '], 'E4002', `/${name}/1`),
        setTo(name, 'duplicate', [codes[0], codes[1], ` ${codes[0]}`], 'E4001', `/${name}/2`),
        mutation(`${name}:same-bad-twice`, [name], (d) => {
          const bad = otherLast(codes[0], '0123456789');
          d.record[name] = [bad, bad];
          d.declared.push({ code: 'E4004', path: `/${name}/0` }, { code: 'E4004', path: `/${name}/1` });
        }),
        setTo(name, 'number-element', [codes[0], 7], 'E4001', `/${name}/1`),
        setTo(name, 'surrogate-element', [codes[0], `${codes[1]}\ud800`], 'E4001', `/${name}/1`),
        setTo(name, 'province-99-element', [`99${codes[0].slice(2)}`], 'E4003', `/${name}/0`),
      ];
    }
    case 'commitments':
      return [
        setTo(name, 'empty', [], 'E4001'),
        setTo(name, 'one', ['OBSERVE_INTERVALS']),
        setTo(name, 'five', ['NO_BANNED_DRUGS', 'NO_ILLEGAL_ADDITIVES', 'OBSERVE_INTERVALS', 'MEETS_RESIDUE_STANDARDS', 'XXX'], 'E4001'),
        mutation(`${name}:same-unknown-twice`, [name], (d) => {
          d.record[name] = ['XXX', 'XXX'];
          d.declared.push({ code: 'E4003', path: `/${name}/0` }, { code: 'E4003', path: `/${name}/1` });
        }),
        setTo(name, 'duplicate', ['NO_BANNED_DRUGS', 'NO_BANNED_DRUGS'], 'E4001', `/${name}/1`),
        setTo(name, 'blank-element', ['NO_BANNED_DRUGS', ''], 'E4002', `/${name}/1`),
        setTo(name, 'lower-case-element', ['no_banned_drugs'], 'E4003', `/${name}/0`),
        mutation(`${name}:bad-then-duplicates`, [name], (d) => {
          d.record[name] = ['XXX', 'OBSERVE_INTERVALS', 'XXX', 'OBSERVE_INTERVALS'];
          d.declared.push(
            { code: 'E4003', path: `/${name}/0` },
            { code: 'E4003', path: `/${name}/2` },
            { code: 'E4001', path: `/${name}/3` },
          );
        }),
      ];
    case 'items': {
      const items = base as Json[];
      const item = (k: number, patch: Json) => items.map((it, i) => (i === k ? { ...it, ...patch } : it));
      const without = (k: number, field: string) =>
        items.map((it, i) => (i === k ? Object.fromEntries(Object.entries(it).filter(([f]) => f !== field)) : it));
      return [
        setTo(name, 'empty', [], 'E4001'),
        setTo(
          name,
          '51',
          Array.from({ length: 51 }, (_, i) => ({ ...items[i % items.length], extra: i })),
          'E4001',
        ),
        setTo(name, 'not-an-object', [items[0], 5], 'E4001', '/items/1'),
        setTo(name, 'item-code-missing', without(0, 'itemCode'), 'E4002', '/items/0/itemCode'),
        setTo(name, 'item-value-blank', item(1, { value: ' ' }), 'E4002', '/items/1/value'),
        setTo(name, 'item-code-unknown', item(0, { itemCode: 'NOPE' }), 'E4003', '/items/0/itemCode'),
        setTo(name, 'item-unit', item(2, { unit: 'mg/L' }), 'E4001', '/items/2/unit'),
        setTo(name, 'item-value-negative', item(0, { value: -1 }), 'E4001', '/items/0/value'),
        setTo(name, 'item-value-7-decimals', item(0, { value: 0.0000001 }), 'E4001', '/items/0/value'),
        setTo(name, 'item-limit-zero', item(0, { limit: 0 }), 'E4001', '/items/0/limit'),
        setTo(name, 'item-result', item(1, { result: 'OK' }), 'E4001', '/items/1/result'),
        setTo(name, 'item-unknown-field', item(0, { colour: '' }), 'E4006', '/items/0/colour'),
        setTo(name, 'item-6-decimals', item(0, { value: 0.000001 })),
        mutation(
          `${name}:item-member-twice`,
          [name],
          (d) => {
            const first = JSON.stringify(items[0]);
            d.record[name] = [new Raw(`{"result":"PASS",${first.slice(1)}`), ...items.slice(1)];
            d.declared.push({ code: 'E4001', path: '/items/0/result' });
          },
          true,
        ),
        // Rules (§5.3): a value above its limit marked PASS; a FAIL item under a PASS conclusion.
        setTo(name, 'value-above-limit-pass', item(0, { value: 0.03 })),
        setTo(name, 'value-above-limit-fail', item(0, { value: 0.03, result: 'FAIL' })),
        setTo(name, 'value-at-limit', item(0, { value: 0.02 })),
      ];
    }
  }
}

/** Mutations that touch several fields at once, for rules that need it. */
function ruleMutations(iface: NationalInterface): Mutation[] {
  switch (iface) {
    case 'subjects':
      return [
        mutation('rule:resident-enterprise', ['subjectIdType', 'subjectCode', 'subjectType'], (d) => {
          Object.assign(d.record, { subjectIdType: 'RESIDENT_ID', subjectCode: RESIDENT_ID, subjectType: 'ENTERPRISE' });
        }),
        mutation('rule:resident-farmer', ['subjectIdType', 'subjectCode', 'subjectType'], (d) => {
          Object.assign(d.record, { subjectIdType: 'RESIDENT_ID', subjectCode: RESIDENT_ID, subjectType: 'INDIVIDUAL_FARMER' });
        }),
      ];
    case 'batches':
      return [setTo('producedOn', 'after-reportedAt', '2024-06-12'), setTo('producedOn', 'long-before', '2020-01-01')];
    case 'trades':
      return [
        setTo('amount', 'off-by-0.02', 8.77),
        setTo('amount', 'off-by-0.01', 8.76),
        mutation('rule:half-up', ['quantity', 'unitPrice', 'amount'], (d) =>
          Object.assign(d.record, { quantity: 1.755, unitPrice: 5, amount: 8.77 }),
        ),
        mutation('rule:half-up-off', ['quantity', 'unitPrice', 'amount'], (d) =>
          Object.assign(d.record, { quantity: 1.755, unitPrice: 5, amount: 8.75 }),
        ),
      ];
    case 'transports':
      return [
        setTo('arrivedAt', 'before-departure', '2024-06-12T04:29:59+08:00'),
        setTo('arrivedAt', 'same-instant-other-offset', '2024-06-11T20:30:00Z'),
        setTo('arrivedAt', 'a-fraction-before', '2024-06-12T04:29:59.999999999+08:00'),
        setTo('temperatureMaxC', 'below-min', 0.4),
        setTo('temperatureMaxC', 'equal-min', new Raw('0.500')),
      ];
    case 'certificates':
      return [
        mutation('rule:internal-control-without-inspection', ['basis', 'inspectionNo'], (d) => {
          d.record.basis = 'INTERNAL_CONTROL';
          delete d.record.inspectionNo;
        }),
      ];
    case 'entries':
      return [
        mutation('rule:vegetable-without-quarantine', ['productCode', 'quarantineCertNo'], (d) => {
          d.record.productCode = 'VEG_LEAFY';
          delete d.record.quarantineCertNo;
        }),
      ];
    default:
      return [];
  }
}

function unknownFieldMutations(): Mutation[] {
  const values: Array<[string, unknown]> = [
    ['text', 'x'],
    ['empty', ''],
    ['blank', '  '],
    ['null', null],
    ['object', { a: 1 }],
    ['surrogate', '\ud800'],
  ];
  return values.map(([label, value]) =>
    mutation(`unknown:${label}`, [], (d) => {
      const name = d.nextUnknown();
      d.record[name] = value;
      d.declared.push({ code: 'E4006', path: `/${name}` });
    }),
  );
}

export function singleMutations(iface: NationalInterface): Mutation[] {
  const base = validRecords[iface] as Json;
  const out: Mutation[] = [];
  for (const spec of FIELD_TABLES[iface]) {
    out.push(...commonMutations(spec, base[spec.name]), ...kindMutations(iface, spec, base[spec.name]));
  }
  return [...out, ...ruleMutations(iface), ...unknownFieldMutations()];
}

function build(iface: NationalInterface, id: string, mutations: Mutation[]): Mutant {
  let unknown = 0;
  const draft: Draft = {
    record: { ...structuredClone(validRecords[iface] as Json), recordId: id },
    twice: new Set(),
    declared: [],
    nextUnknown: () => `extra${++unknown}`,
  };
  for (const m of mutations) m.apply(draft);
  return {
    id,
    iface,
    mutations: mutations.map((m) => m.name),
    text: recordText(draft),
    textOnly: mutations.some((m) => m.textOnly),
    declared: draft.declared,
  };
}

/** Every single mutation of every interface, then `pairsPerInterface` seeded pairs on distinct fields. */
export function generateCorpus(seed: number, pairsPerInterface: number): Mutant[] {
  const random = seededRandom(seed);
  const corpus: Mutant[] = [];
  let n = 0;
  const nextId = (iface: NationalInterface) => `corpus-${seed}-${iface}-${++n}`;
  for (const iface of NATIONAL_INTERFACES) {
    const singles = singleMutations(iface);
    corpus.push(build(iface, nextId(iface), []));
    for (const m of singles) corpus.push(build(iface, nextId(iface), [m]));
    let made = 0;
    while (made < pairsPerInterface) {
      const a = singles[Math.floor(random() * singles.length)];
      const b = singles[Math.floor(random() * singles.length)];
      if (a === b || a.targets.some((t) => b.targets.includes(t))) continue;
      corpus.push(build(iface, nextId(iface), [a, b]));
      made++;
    }
  }
  return corpus;
}
