import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { CodeLists } from './codelists';
import { crossFieldRules, type RuleContext } from './cross-field-rules';
import { orderErrors } from './error-order';
import { isPlainObject, normaliseRecord, type PlainObject } from './normalise-record';
import { addNationalKeywords } from './schema-keywords';
import { nationalSchemas } from './schemas';
import { NATIONAL_INTERFACES, type NationalError, type NationalInterface, type NationalRecordErrorCode } from './types';

export { countDecimals, collectNumberLiterals, recordNumberLiterals } from './decimals';

/**
 * The national record validator (national-interface.md §5–§7): the gateway's guard before
 * anything is sent, and the mock platform's per-record check. It answers with the platform's
 * errors: code, JSON pointer and order (§7.9).
 *
 * Numbers arrive parsed. By default decimals are counted on each number's shortest round-trip
 * text, which is what `JSON.stringify` writes, so for the records the gateway sends this is
 * "as written" (§1). A caller holding the raw text (the mock platform) passes `numberLiterals`
 * (see `recordNumberLiterals`) and decimals are then counted on the literals: `8.330` has 3.
 */

export interface ValidateOptions {
  /** Number literals as written, by JSON pointer relative to the record (`/quantity` → `8.330`). */
  numberLiterals?: ReadonlyMap<string, string>;
}

export interface RecordValidator {
  /** Every error of the record in the platform's order; an empty array when it is valid. */
  validate(iface: NationalInterface, record: unknown, options?: ValidateOptions): NationalError[];
}

export interface ValidatorOptions {
  codeLists: CodeLists;
  /** The appKey's region scope (§2): 2, 4 or 6 digits. */
  regionScope: string;
}

const REGION_SCOPE = /^[0-9]{2}(?:[0-9]{2}){0,2}$/;

export function createValidator(opts: ValidatorOptions): RecordValidator {
  const { codeLists, regionScope } = opts;
  if (!REGION_SCOPE.test(regionScope)) throw new Error(`region scope must be 2, 4 or 6 digits, got ${regionScope}`);

  let literals: ReadonlyMap<string, string> | undefined;
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addNationalKeywords(ajv, { codeLists, literalAt: (path) => literals?.get(path) });
  const compiled = {} as Record<NationalInterface, ValidateFunction>;
  for (const iface of NATIONAL_INTERFACES) compiled[iface] = ajv.compile(nationalSchemas[iface]);

  function validate(iface: NationalInterface, input: unknown, options?: ValidateOptions): NationalError[] {
    const check = compiled[iface];
    if (check === undefined) throw new Error(`unknown national interface ${String(iface)}`);
    if (!isPlainObject(input)) return [{ code: 'E4001', path: '', message: 'record must be an object' }];
    const record = normaliseRecord(input);

    literals = options?.numberLiterals;
    let valid: boolean;
    try {
      valid = check(record);
    } finally {
      literals = undefined;
    }
    const fieldErrors = valid ? [] : (check.errors ?? []).flatMap(toNationalError);

    const regionCode = record.regionCode;
    if (typeof regionCode === 'string' && !regionCode.startsWith(regionScope) && !hasErrorAt(fieldErrors, '/regionCode')) {
      fieldErrors.push({
        code: 'E2005',
        path: '/regionCode',
        message: `regionCode ${regionCode} outside region scope ${regionScope}`,
      });
    }

    const ruleErrors: NationalError[] = [];
    const rules = crossFieldRules[iface];
    if (rules.length > 0) {
      const ctx = new FieldValidity(record, fieldErrors, options?.numberLiterals);
      for (const rule of rules) rule(ctx, ruleErrors);
    }

    if (fieldErrors.length === 0) return ruleErrors;
    return [...orderErrors(nationalSchemas[iface], record, fieldErrors), ...ruleErrors];
  }

  return { validate };
}

function hasErrorAt(errors: readonly NationalError[], path: string): boolean {
  for (const error of errors) if (error.path === path) return true;
  return false;
}

/** What the cross-field rules may rely on. A class, so nothing is allocated per field on the valid path. */
class FieldValidity implements RuleContext {
  private errorPaths: Set<string> | undefined;

  constructor(
    readonly record: PlainObject,
    private readonly fieldErrors: readonly NationalError[],
    private readonly numberLiterals: ReadonlyMap<string, string> | undefined,
  ) {}

  isValid(path: string): boolean {
    if (valueAt(this.record, path) === undefined) return false;
    if (this.fieldErrors.length === 0) return true;
    this.errorPaths ??= new Set(this.fieldErrors.map((error) => error.path));
    return !this.errorPaths.has(path);
  }

  decimalText(path: string, value: number): string {
    return this.numberLiterals?.get(path) ?? String(value);
  }
}

/** Value at a JSON pointer of the form `/field`, `/field/k` or `/field/k/sub` (no escapes needed here). */
function valueAt(record: PlainObject, path: string): unknown {
  if (path.indexOf('/', 1) < 0) return record[path.slice(1)];
  let value: unknown = record;
  for (const token of path.slice(1).split('/')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** One ajv error as the platform's error; `if` only reports that a `then` failed, which `required` already says. */
function toNationalError(error: ErrorObject): NationalError[] {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return [];
    case 'required':
      return [{ code: 'E4002', path: `${error.instancePath}/${escapePointerToken(String(params.missingProperty))}`, message: 'required' }];
    case 'additionalProperties':
      return [{ code: 'E4006', path: `${error.instancePath}/${escapePointerToken(String(params.additionalProperty))}`, message: 'unknown field' }];
    default: {
      const code = (params.code as NationalRecordErrorCode | undefined) ?? 'E4001';
      return [{ code, path: error.instancePath, message: messageFor(error) }];
    }
  }
}

function messageFor(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `must be ${String(params.type)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'pattern':
      return 'has the wrong format';
    case 'format':
      return params.format === 'ntp-date' ? 'must be a date YYYY-MM-DD' : 'must be an RFC 3339 timestamp with offset';
    case 'minLength':
    case 'maxLength':
      return `must have ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${String(params.limit)} characters`;
    case 'minItems':
    case 'maxItems':
      return `must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} items`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    default:
      return error.message ?? 'invalid';
  }
}
