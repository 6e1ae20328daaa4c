import type { NationalInterface } from '../../../src/national/types';
import { FIELD_TABLES, ITEM_FIELDS, MEAT_CODES } from './spec-model';

/**
 * The corpus's oracle: the errors the platform must give for a mutated record, from the spec text
 * (§7.9, §7.12, §7.13, §7.25, §7.26). Each mutation declares the error its own field gets (the
 * mutation kinds are chosen so that the spec names that error plainly); the oracle orders them,
 * and evaluates the cross-field rules and conditional requirements on the record as sent, run
 * only when every field they involve is present and without a declared error.
 */

export interface ExpectedError {
  code: string;
  path: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const trimmed = (v: unknown): unknown => (typeof v === 'string' ? v.trim() : v);
const present = (v: unknown): boolean => v !== undefined && !(typeof v === 'string' && v.trim() === '');

function valueAt(record: Json, path: string): unknown {
  let v: unknown = record;
  for (const token of path.slice(1).split('/')) {
    if (Array.isArray(v)) v = v[Number(token)];
    else if (isObject(v)) v = v[token];
    else return undefined;
  }
  return v;
}

/** Position in §7.9/§7.26 order: field in table order, element, element field (its unknown fields after). */
function positionOf(iface: NationalInterface, record: Json, path: string): number[] {
  const [field, element, sub] = path.slice(1).split('/');
  const fieldIndex = FIELD_TABLES[iface].findIndex((f) => f.name === field);
  const key = [fieldIndex, element === undefined ? -1 : Number(element), -1];
  if (sub !== undefined) {
    const known = ITEM_FIELDS.indexOf(sub);
    const item = (record[field] as unknown[])[Number(element)];
    key[2] = known >= 0 ? known : ITEM_FIELDS.length + Object.keys(item as Json).indexOf(sub);
  }
  return key;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

interface Instant {
  seconds: number;
  fraction: string;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

function instant(s: string): Instant {
  const m = TIMESTAMP.exec(s)!;
  const offset = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60);
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
  return { seconds: local - offset, fraction: (m[7] ?? '').replace(/0+$/, '') };
}

function before(a: Instant, b: Instant): boolean {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds;
  const width = Math.max(a.fraction.length, b.fraction.length);
  return a.fraction.padEnd(width, '0') < b.fraction.padEnd(width, '0');
}

/** Rule errors (§7.12, §7.13) in the order the spec lists them. */
function ruleErrors(iface: NationalInterface, record: Json, invalid: ReadonlySet<string>): ExpectedError[] {
  const out: ExpectedError[] = [];
  const valid = (path: string) => present(valueAt(record, path)) && !invalid.has(path);
  const v = (path: string) => trimmed(valueAt(record, path));
  switch (iface) {
    case 'subjects':
      if (
        valid('/subjectIdType') &&
        valid('/subjectType') &&
        v('/subjectIdType') === 'RESIDENT_ID' &&
        !['INDIVIDUAL_FARMER', 'VENDOR'].includes(v('/subjectType') as string)
      ) {
        out.push({ code: 'E4005', path: '/subjectType' });
      }
      break;
    case 'batches':
      if (valid('/producedOn') && valid('/reportedAt') && (v('/producedOn') as string) > (v('/reportedAt') as string).slice(0, 10)) {
        out.push({ code: 'E4005', path: '/producedOn' });
      }
      break;
    case 'inspections': {
      if (!valid('/items')) break;
      const items = record.items as unknown[];
      let resultsValid = true;
      let anyFail = false;
      items.forEach((item, k) => {
        const at = `/items/${k}`;
        if (!isObject(item) || invalid.has(at) || !valid(`${at}/result`)) {
          resultsValid = false;
          return;
        }
        const result = v(`${at}/result`);
        if (result === 'FAIL') anyFail = true;
        if (!present(item.limit) || !valid(`${at}/value`) || !valid(`${at}/limit`)) return;
        if ((item.value as number) > (item.limit as number) && result === 'PASS') out.push({ code: 'E4005', path: `${at}/result` });
      });
      if (resultsValid && valid('/conclusion') && (v('/conclusion') === 'FAIL') !== anyFail)
        out.push({ code: 'E4005', path: '/conclusion' });
      break;
    }
    case 'certificates':
      if (valid('/basis') && ['SELF_TEST', 'COMMISSIONED_TEST'].includes(v('/basis') as string) && !present(record.inspectionNo)) {
        out.push({ code: 'E4002', path: '/inspectionNo' });
      }
      break;
    case 'entries':
      if (valid('/productCode') && MEAT_CODES.has(v('/productCode') as string) && !present(record.quarantineCertNo)) {
        out.push({ code: 'E4002', path: '/quarantineCertNo' });
      }
      break;
    case 'slaughter':
      break;
    case 'trades':
      if (valid('/quantity') && valid('/unitPrice') && valid('/amount')) {
        // Exact: quantity has ≤ 3 decimals, prices ≤ 2; the product in 10⁻⁵, rounded half up to cents.
        const q = Math.round((record.quantity as number) * 1000);
        const p = Math.round((record.unitPrice as number) * 100);
        const cents = Math.floor((q * p + 500) / 1000);
        if (Math.abs(Math.round((record.amount as number) * 100) - cents) > 1) out.push({ code: 'E4005', path: '/amount' });
      }
      break;
    case 'transports':
      if (valid('/arrivedAt') && valid('/departedAt') && before(instant(v('/arrivedAt') as string), instant(v('/departedAt') as string))) {
        out.push({ code: 'E4005', path: '/arrivedAt' });
      }
      if (
        valid('/temperatureMinC') &&
        valid('/temperatureMaxC') &&
        (record.temperatureMaxC as number) < (record.temperatureMinC as number)
      ) {
        out.push({ code: 'E4005', path: '/temperatureMaxC' });
      }
      break;
  }
  return out;
}

/**
 * Every error of the record in the platform's order: field errors (E4006 inside array elements
 * included) in table order, the record's unknown fields as written, then conditional requirements
 * and cross-field rules.
 */
export function expectedErrors(iface: NationalInterface, record: Json, declared: readonly ExpectedError[]): ExpectedError[] {
  const unknown = declared.filter((e) => e.code === 'E4006' && e.path.split('/').length === 2);
  const fields = declared.filter((e) => !unknown.includes(e));
  const invalid = new Set(fields.map((e) => e.path));
  const keys = Object.keys(record);
  return [
    ...[...fields].sort((a, b) => compare(positionOf(iface, record, a.path), positionOf(iface, record, b.path))),
    ...[...unknown].sort((a, b) => keys.indexOf(a.path.slice(1)) - keys.indexOf(b.path.slice(1))),
    ...ruleErrors(iface, record, invalid),
  ];
}
