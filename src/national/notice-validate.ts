import {
  isCreditCodeShaped,
  isRegionCodeShaped,
  isValidCreditCode,
  isValidResidentId,
  maskPersonalId,
  traceCodeProblem,
} from './check-characters';
import type { CodeListName, CodeLists } from './codelists';
import { countDecimals, hasAtMostDecimals } from './decimals';
import { isPlainObject, normaliseRecord, type PlainObject } from './normalise-record';
import {
  CLIENT_ID_PATTERN,
  NOTICE_ACTION_KINDS,
  NOTICE_ID_PATTERN,
  NOTICE_KINDS,
  NOTICE_RESPONSE_STATUSES,
  NOTICE_SEVERITIES,
  RAISED_NOTICE_KINDS,
  type NoticeActionKind,
  type NoticeFieldError,
  type RecordRef,
} from './notices';
import { parseTimestamp, compareInstants, isTimestamp } from './timestamps';
import { isNationalInterface } from './types';
import { escapePointerToken } from './json-pointer';

/**
 * Checks of the bodies of national §8: a response (§8.4) and a raised notice (§8.5) as the gateway
 * sends them, and a notice (§8.1) as the gateway receives it. Errors come as the platform's 422
 * `E4000` lists them (§8.4): the fields of the table in order (at most one error per field, the
 * first of E4002, E4001, E4003, E4004, E2005, §7.9; an array's own error before its elements', an
 * element's fields in table order, then its unknown fields and the fields its conditions require),
 * then the body's unknown fields (E4006), then `E4012` for each finding or evidence entry in order,
 * then the `E4005` rules in the order the spec writes them. A rule is checked only when every field
 * it involves is valid.
 *
 * What needs the platform's knowledge is given by the caller and checked only when given: the code
 * lists, the appKey's region scope, which records the appKey has had accepted, the notice answered
 * and this appKey's earlier accepted responses, and the time of the request.
 */

export interface NoticeValidatorOptions {
  /** Code-list membership and provinces are checked only with code lists (a received notice is read without). */
  codeLists?: CodeLists;
  /** The appKey's region scope (§2): `issuerRegion` outside it is E2005 (§8.5). */
  regionScope?: string;
}

/** A record this appKey has had accepted (the latest accepted version), for E4012 and the evidence rule. */
export type AcceptedRecordLookup = (ref: RecordRef) => Record<string, unknown> | undefined;

export interface ResponseContext {
  /** When given, a finding naming a record not returned is E4012. */
  acceptedRecord?: AcceptedRecordLookup;
  /** The notice answered (latest revision): for the `COMPLETED` actions rule. */
  actionsRequired?: readonly string[];
  /** Actions of this appKey's earlier accepted responses to the notice. */
  earlierActions?: readonly string[];
  /** Number literals of the body as written (`collectNumberLiterals`), for decimals as written (§1). */
  numberLiterals?: ReadonlyMap<string, string>;
}

export interface RaiseContext {
  acceptedRecord?: AcceptedRecordLookup;
  /** The time of the request, for `respondBy` (at least 1 hour after it). */
  now?: number;
}

export interface NoticeValidator {
  /** §8.1: a notice as served in the feed or by §8.3. Unknown fields are tolerated (the platform may add some). */
  validateNotice(notice: unknown): NoticeFieldError[];
  /** §8.4: the body of a response. */
  validateResponse(body: unknown, ctx?: ResponseContext): NoticeFieldError[];
  /** §8.5: the body of a raised notice. */
  validateRaise(body: unknown, ctx?: RaiseContext): NoticeFieldError[];
}

type Failure = { code: string; message: string } | undefined;
type ValueCheck = (value: unknown, path: string, out: NoticeFieldError[], env: Env) => void;

interface Field {
  name: string;
  required: boolean;
  check: ValueCheck;
  /** Required when this holds of the object (checked after the object's unknown fields, §7.26). */
  requiredWhen?: (object: PlainObject) => boolean;
}

interface Env {
  codeLists?: CodeLists;
  regionScope?: string;
  literals?: ReadonlyMap<string, string>;
}

const HOUR_MS = 3_600_000;

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A check of one scalar: the first failure, reported at the field's path. */
function scalar(test: (value: unknown, env: Env, path: string) => Failure): ValueCheck {
  return (value, path, out, env) => {
    const failure = test(value, env, path);
    if (failure) out.push({ code: failure.code, path, message: failure.message });
  };
}

function str(min: number, max: number, pattern?: RegExp, what?: string): ValueCheck {
  return scalar((v) => {
    if (typeof v !== 'string') return { code: 'E4001', message: 'must be a string' };
    const n = codePoints(v);
    if (n < min || n > max) return { code: 'E4001', message: `must be ${min}-${max} characters` };
    if (pattern && !pattern.test(v)) return { code: 'E4001', message: `must be ${what ?? pattern.source}` };
    return undefined;
  });
}

function oneOf(values: readonly string[]): ValueCheck {
  return scalar((v) =>
    typeof v === 'string' && values.includes(v) ? undefined : { code: 'E4001', message: `must be one of ${values.join(', ')}` },
  );
}

function codeList(name: CodeListName): ValueCheck {
  return scalar((v, env) => {
    if (typeof v !== 'string') return { code: 'E4001', message: 'must be a string' };
    if (env.codeLists && !env.codeLists.has(name, v)) return { code: 'E4003', message: `not in code list ${name}` };
    return undefined;
  });
}

const timestamp: ValueCheck = scalar((v) =>
  typeof v === 'string' && isTimestamp(v) ? undefined : { code: 'E4001', message: 'must be an RFC 3339 timestamp with an offset' },
);

function isProvince(env: Env, code: string): boolean {
  return env.codeLists ? env.codeLists.has('provinces', code) : true;
}

const regionCode = (withScope: boolean): ValueCheck =>
  scalar((v, env) => {
    if (typeof v !== 'string' || !isRegionCodeShaped(v)) return { code: 'E4001', message: 'must be a 6-digit region code' };
    if (!isProvince(env, v.slice(0, 2))) return { code: 'E4003', message: `province ${v.slice(0, 2)} not in code list provinces` };
    if (withScope && env.regionScope !== undefined && !v.startsWith(env.regionScope)) {
      return { code: 'E2005', message: `region ${v} outside region scope ${env.regionScope}` };
    }
    return undefined;
  });

/** A region prefix of 2, 4 or 6 digits (§8.1 `targetRegions`). */
const regionPrefix: ValueCheck = scalar((v, env) => {
  if (typeof v !== 'string' || !/^(?:[0-9]{2}){1,3}$/.test(v))
    return { code: 'E4001', message: 'must be a region prefix of 2, 4 or 6 digits' };
  if (v.length === 6 && !isRegionCodeShaped(v)) return { code: 'E4001', message: 'must be a region prefix of 2, 4 or 6 digits' };
  if (!isProvince(env, v.slice(0, 2))) return { code: 'E4003', message: `province ${v.slice(0, 2)} not in code list provinces` };
  return undefined;
});

const traceCode: ValueCheck = scalar((v, env) => {
  if (typeof v !== 'string') return { code: 'E4001', message: 'must be a 20-digit trace code' };
  const problem = traceCodeProblem(v, (p) => isProvince(env, p));
  if (problem === 'format') return { code: 'E4001', message: 'must be a 20-digit trace code' };
  if (problem === 'province') return { code: 'E4003', message: `trace code province ${v.slice(0, 2)} not in code list provinces` };
  if (problem === 'check') return { code: 'E4004', message: 'trace code: wrong check digit' };
  return undefined;
});

/** §6.2 or §6.3 (§7.15); the value is masked in messages (§6.3). */
const partyCode: ValueCheck = scalar((v) => {
  if (typeof v !== 'string') return { code: 'E4001', message: 'must be a credit code or a resident ID number' };
  if (isValidCreditCode(v) || isValidResidentId(v)) return undefined;
  if (isCreditCodeShaped(v)) return { code: 'E4004', message: `identifier ${maskPersonalId(v)}: wrong check character` };
  return { code: 'E4001', message: 'must be a credit code or a resident ID number' };
});

const positiveInteger: ValueCheck = scalar((v) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? undefined : { code: 'E4001', message: 'must be an integer >= 1' },
);

/** > 0 with at most 3 decimals, counted as written when the literal is known (§1). */
const quantity: ValueCheck = scalar((v, env, path) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return { code: 'E4001', message: 'must be a number > 0' };
  const literal = env.literals?.get(path);
  const ok = literal === undefined ? hasAtMostDecimals(v, 3) : countDecimals(literal) <= 3;
  return ok ? undefined : { code: 'E4001', message: 'must have at most 3 decimals' };
});

const noticeId = str(16, 16, NOTICE_ID_PATTERN, 'NT + YYYYMMDD + 6 digits');
const clientId = str(8, 64, CLIENT_ID_PATTERN, '8-64 characters of [A-Za-z0-9_-]');

function distinctKey(value: unknown): string | undefined {
  if (typeof value === 'string') return `s:${value}`;
  if (isPlainObject(value) && typeof value.interface === 'string' && typeof value.recordId === 'string') {
    return `r:${value.interface}\u0000${value.recordId}`;
  }
  return undefined;
}

/**
 * An array of `min`–`max` elements. A wrong length is one E4001 on the array and its elements are
 * not checked (§7.25); an element that trims to "" is E4002 at the element; a valid element equal to
 * an earlier one is E4001 at the later one when `distinct` (§7.14).
 */
function array(min: number, max: number, element: ValueCheck, distinct: boolean): ValueCheck {
  return (value, path, out, env) => {
    if (!Array.isArray(value)) {
      out.push({ code: 'E4001', path, message: 'must be an array' });
      return;
    }
    if (value.length < min || value.length > max) {
      out.push({ code: 'E4001', path, message: `must hold ${min}-${max} elements` });
      return;
    }
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const at = `${path}/${i}`;
      if (typeof item === 'string' && item === '') {
        out.push({ code: 'E4002', path: at, message: 'must not be empty' });
        return;
      }
      const before = out.length;
      element(item, at, out, env);
      if (!distinct || out.length !== before) return;
      const key = distinctKey(item);
      if (key === undefined) return;
      if (seen.has(key)) out.push({ code: 'E4001', path: at, message: 'duplicate element' });
      else seen.add(key);
    });
  };
}

/** An object's fields in table order, then its unknown fields (E4006, unless tolerated), then its conditional fields. */
function checkObject(
  object: PlainObject,
  fields: readonly Field[],
  path: string,
  out: NoticeFieldError[],
  env: Env,
  closed: boolean,
): void {
  for (const field of fields) {
    const value = object[field.name];
    const at = `${path}/${field.name}`;
    if (value === undefined) {
      if (field.required) out.push({ code: 'E4002', path: at, message: 'is required' });
      continue;
    }
    field.check(value, at, out, env);
  }
  if (closed) {
    for (const name of Object.keys(object)) {
      if (!fields.some((f) => f.name === name))
        out.push({ code: 'E4006', path: `${path}/${escapePointerToken(name)}`, message: 'unknown field' });
    }
  }
  for (const field of fields) {
    if (field.requiredWhen && object[field.name] === undefined && field.requiredWhen(object)) {
      out.push({ code: 'E4002', path: `${path}/${field.name}`, message: 'is required here' });
    }
  }
}

function object(fields: readonly Field[], closed: boolean): ValueCheck {
  return (value, path, out, env) => {
    if (!isPlainObject(value)) {
      out.push({ code: 'E4001', path, message: 'must be an object' });
      return;
    }
    // Strings inside are trimmed and "" counts as missing, as at the top level (§5).
    checkObject(normaliseRecord(value), fields, path, out, env, closed);
  };
}

const R = (name: string, check: ValueCheck): Field => ({ name, required: true, check });
const O = (name: string, check: ValueCheck): Field => ({ name, required: false, check });

const interfaceName: ValueCheck = scalar((v) =>
  typeof v === 'string' && isNationalInterface(v) ? undefined : { code: 'E4001', message: 'must be one of the eight interfaces of §5' },
);

const recordRef = object(
  [R('interface', interfaceName), R('recordId', str(1, 64, /^[A-Za-z0-9_.:-]+$/, '1-64 characters of [A-Za-z0-9_.:-]'))],
  true,
);

const traceCodes = array(1, 200, traceCode, true);
const targetRegions = array(0, 200, regionPrefix, false);
const actionsRequired = array(1, 4, oneOf(NOTICE_ACTION_KINDS), true);

/** §8.1, in table order. */
const NOTICE_FIELDS: readonly Field[] = [
  R('noticeId', noticeId),
  R('revision', positiveInteger),
  R('kind', oneOf(NOTICE_KINDS)),
  R('severity', oneOf(NOTICE_SEVERITIES)),
  R('issuedAt', timestamp),
  R('issuerRegion', regionCode(false)),
  R('targetRegions', targetRegions),
  R('traceCodes', traceCodes),
  R('productCode', codeList('product-categories')),
  O('subjectCode', partyCode),
  R('hazard', str(1, 500)),
  O('testItem', codeList('test-items')),
  R('actionsRequired', actionsRequired),
  R('respondBy', timestamp),
  { name: 'supersedes', required: false, check: noticeId, requiredWhen: (n) => n.kind === 'WITHDRAWN' },
];

const bothOrNeither = (other: string) => (action: PlainObject) => action[other] !== undefined;

/** §8.4 `actions[]`. */
const ACTION_FIELDS: readonly Field[] = [
  R('action', oneOf(NOTICE_ACTION_KINDS)),
  R('at', timestamp),
  O('subjectCode', partyCode),
  { name: 'quantity', required: false, check: quantity, requiredWhen: bothOrNeither('unit') },
  { name: 'unit', required: false, check: codeList('units'), requiredWhen: bothOrNeither('quantity') },
  O('note', str(1, 200)),
];

/** §8.4, in table order. */
const RESPONSE_FIELDS: readonly Field[] = [
  R('responseId', clientId),
  R('status', oneOf(NOTICE_RESPONSE_STATUSES)),
  R('respondedAt', timestamp),
  O('findings', array(0, 1000, recordRef, true)),
  O('actions', array(0, 500, object(ACTION_FIELDS, true), false)),
  O('note', str(1, 1000)),
];

/** §8.5, in table order. */
const RAISE_FIELDS: readonly Field[] = [
  R('clientNoticeId', clientId),
  R('kind', oneOf(RAISED_NOTICE_KINDS)),
  R('severity', oneOf(NOTICE_SEVERITIES)),
  R('issuerRegion', regionCode(true)),
  R('traceCodes', traceCodes),
  R('productCode', codeList('product-categories')),
  O('subjectCode', partyCode),
  R('hazard', str(1, 500)),
  O('testItem', codeList('test-items')),
  R('evidence', array(1, 20, recordRef, true)),
  O('targetRegions', targetRegions),
  R('actionsRequired', actionsRequired),
  O('respondBy', timestamp),
];

function hasErrorAt(errors: readonly NoticeFieldError[], path: string): boolean {
  return errors.some((e) => e.path === path || e.path.startsWith(`${path}/`));
}

/** `E4012` for each reference (valid on its own) naming a record the appKey has not had accepted. */
function unacceptedRefs(
  refs: unknown,
  field: string,
  lookup: AcceptedRecordLookup | undefined,
  fieldErrors: readonly NoticeFieldError[],
): NoticeFieldError[] {
  if (!lookup || !Array.isArray(refs) || fieldErrors.some((e) => e.path === `/${field}`)) return [];
  const out: NoticeFieldError[] = [];
  refs.forEach((ref, k) => {
    const at = `/${field}/${k}`;
    if (hasErrorAt(fieldErrors, at)) return;
    const r = ref as RecordRef;
    if (lookup({ interface: r.interface, recordId: r.recordId.trim() }) === undefined) {
      out.push({ code: 'E4012', path: at, message: `${r.interface} record ${r.recordId.trim()} has not been accepted from this appKey` });
    }
  });
  return out;
}

function asBody(body: unknown): { body: PlainObject } | { error: NoticeFieldError } {
  return isPlainObject(body)
    ? { body: normaliseRecord(body) }
    : { error: { code: 'E4001', path: '', message: 'body must be a JSON object' } };
}

export function createNoticeValidator(opts: NoticeValidatorOptions = {}): NoticeValidator {
  const baseEnv: Env = { codeLists: opts.codeLists, regionScope: opts.regionScope };

  return {
    validateNotice(input) {
      const read = asBody(input);
      if ('error' in read) return [{ ...read.error, message: 'notice must be a JSON object' }];
      const notice = read.body;
      const out: NoticeFieldError[] = [];
      checkObject(notice, NOTICE_FIELDS, '', out, baseEnv, false);
      if (notice.supersedes !== undefined && !hasErrorAt(out, '/kind') && notice.kind === 'PROBLEM_PRODUCT') {
        out.push({ code: 'E4005', path: '/supersedes', message: 'a PROBLEM_PRODUCT notice supersedes nothing' });
      }
      return out;
    },

    validateResponse(input, ctx = {}) {
      const read = asBody(input);
      if ('error' in read) return [read.error];
      const body = read.body;
      const fieldErrors: NoticeFieldError[] = [];
      checkObject(body, RESPONSE_FIELDS, '', fieldErrors, { ...baseEnv, literals: ctx.numberLiterals }, true);
      const out = [...fieldErrors, ...unacceptedRefs(body.findings, 'findings', ctx.acceptedRecord, fieldErrors)];

      const statusOk = !hasErrorAt(fieldErrors, '/status') && body.status !== undefined;
      const findingsOk = !hasErrorAt(fieldErrors, '/findings');
      const findings = Array.isArray(body.findings) ? body.findings.length : 0;
      if (statusOk && findingsOk) {
        if (body.status === 'COMPLETED' && findings === 0) {
          out.push({ code: 'E4005', path: '/findings', message: 'a COMPLETED answer needs at least one finding' });
        } else if (body.status === 'NOT_FOUND' && findings > 0) {
          out.push({ code: 'E4005', path: '/findings', message: 'a NOT_FOUND answer has no findings' });
        }
      }
      if (statusOk && body.status === 'COMPLETED' && ctx.actionsRequired && !hasErrorAt(fieldErrors, '/actions')) {
        const done = new Set<string>(ctx.earlierActions ?? []);
        for (const a of (body.actions as { action: string }[] | undefined) ?? []) done.add(a.action);
        const missing = ctx.actionsRequired.filter((a) => a !== 'TRACE' && !done.has(a));
        if (missing.length > 0) {
          out.push({ code: 'E4005', path: '/actions', message: `a COMPLETED answer lists no action for ${missing.join(', ')}` });
        }
      }
      return out;
    },

    validateRaise(input, ctx = {}) {
      const read = asBody(input);
      if ('error' in read) return [read.error];
      const body = read.body;
      const fieldErrors: NoticeFieldError[] = [];
      checkObject(body, RAISE_FIELDS, '', fieldErrors, baseEnv, true);
      const out = [...fieldErrors, ...unacceptedRefs(body.evidence, 'evidence', ctx.acceptedRecord, fieldErrors)];

      if (
        body.kind === 'PROBLEM_PRODUCT' &&
        !hasErrorAt(fieldErrors, '/kind') &&
        !hasErrorAt(fieldErrors, '/evidence') &&
        ctx.acceptedRecord
      ) {
        const lookup = ctx.acceptedRecord;
        const failed = (body.evidence as RecordRef[]).some((ref) => {
          if (ref.interface !== 'inspections') return false;
          return lookup({ interface: 'inspections', recordId: ref.recordId.trim() })?.conclusion === 'FAIL';
        });
        if (!failed) {
          out.push({
            code: 'E4005',
            path: '/evidence',
            message: 'a PROBLEM_PRODUCT notice needs an accepted inspections record with conclusion FAIL among its evidence',
          });
        }
      }
      if (typeof body.respondBy === 'string' && !hasErrorAt(fieldErrors, '/respondBy') && ctx.now !== undefined) {
        const due = parseTimestamp(body.respondBy)!;
        const earliest = parseTimestamp(new Date(ctx.now + HOUR_MS).toISOString())!;
        if (compareInstants(due, earliest) < 0) {
          out.push({ code: 'E4005', path: '/respondBy', message: 'respondBy must be at least 1 hour after the request' });
        }
      }
      return out;
    },
  };
}

/** Which of `actionsRequired` a set of actions covers is §8.4's business; exported for callers building an answer. */
export function missingRequiredActions(
  actionsRequired: readonly NoticeActionKind[],
  actions: readonly { action: string }[],
): NoticeActionKind[] {
  const done = new Set(actions.map((a) => a.action));
  return actionsRequired.filter((a) => a !== 'TRACE' && !done.has(a));
}
