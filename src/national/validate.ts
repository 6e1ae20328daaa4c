import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { CodeLists } from './codelists';
import { crossFieldRules, type RuleContext } from './cross-field-rules';
import { orderErrors } from './error-order';
import { isPlainObject, normaliseRecord, type PlainObject, type RecordShape } from './normalise-record';
import type { RecordTextFacts } from './record-text';
import { addNationalKeywords } from './schema-keywords';
import { nationalSchemas, type JsonSchema } from './schemas';
import { NATIONAL_INTERFACES, type NationalError, type NationalInterface, type NationalRecordErrorCode } from './types';
import { escapePointerToken, unescapePointerToken } from './json-pointer';

export { countDecimals, collectNumberLiterals, recordNumberLiterals } from './decimals';
export { recordTextFacts, singleRecordFacts, emptyFacts, type RecordTextFacts } from './record-text';

/**
 * The national record validator (national-interface.md §5–§7): the gateway's guard before
 * anything is sent, and the mock platform's per-record check. It answers with the platform's
 * errors: code, JSON pointer and order (§7.9).
 *
 * Records arrive parsed. The gateway's own records are written with `JSON.stringify`, whose text
 * holds nothing the object does not: numbers in their shortest round-trip form, no repeated
 * member. A caller holding a record's raw text (the mock platform) passes what parsing forgot
 * (`recordTextFacts`, record-text.ts): number literals, so decimals are counted as written
 * (`8.330` has 3, §1) and integers must be plain digits (§7.21); and repeated member names (§7.22).
 */

export interface ValidateOptions {
  /** Number literals as written, by JSON pointer relative to the record (`/quantity` → `8.330`). */
  numberLiterals?: ReadonlyMap<string, string>;
  /** Pointers of members written twice in their object (§7.22). */
  duplicateMembers?: RecordTextFacts['duplicateMembers'];
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
  const shapes = {} as Record<NationalInterface, ValidatorShape>;
  for (const iface of NATIONAL_INTERFACES) {
    compiled[iface] = ajv.compile(nationalSchemas[iface]);
    shapes[iface] = shapeOf(nationalSchemas[iface]);
  }

  function validate(iface: NationalInterface, input: unknown, options?: ValidateOptions): NationalError[] {
    const check = compiled[iface];
    if (check === undefined) throw new Error(`unknown national interface ${String(iface)}`);
    if (!isPlainObject(input)) return [{ code: 'E4001', path: '', message: 'record must be an object' }];
    const shape = shapes[iface];
    const record = normaliseRecord(input, shape);

    literals = options?.numberLiterals;
    let valid: boolean;
    try {
      valid = check(record);
    } finally {
      literals = undefined;
    }
    const fieldErrors = refineFieldErrors(record, shape, valid ? [] : (check.errors ?? []), options?.duplicateMembers);

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
      const ctx = new FieldValidity(record, fieldErrors, options?.numberLiterals, codeLists);
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
    private readonly codeLists: CodeLists,
  ) {}

  isMeat(productCode: string): boolean {
    return this.codeLists.isMeat(productCode);
  }

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

/** Known fields of a record schema, and of the objects inside its arrays. */
interface ValidatorShape extends RecordShape {
  fieldList: readonly string[];
}

function shapeOf(schema: JsonSchema): ValidatorShape {
  const properties = schema.properties as Record<string, JsonSchema>;
  const elementFields = new Map<string, ReadonlySet<string>>();
  for (const [name, field] of Object.entries(properties)) {
    const items = field.items as JsonSchema | undefined;
    if (items?.properties) elementFields.set(name, new Set(Object.keys(items.properties as object)));
  }
  return { fields: new Set(Object.keys(properties)), fieldList: Object.keys(properties), elementFields };
}

/** `String.prototype.isWellFormed` (ES2024, in every Node this project supports), typed here. */
const isWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed;

function isMalformedString(value: unknown): boolean {
  return typeof value === 'string' && !isWellFormed.call(value);
}

/**
 * From ajv's errors to the platform's field errors, with the readings ajv cannot express:
 * - §7.25: an array of the wrong length gets only its own E4001, its elements are not checked; a
 *   string element that trims to "" is E4002 at the element;
 * - §7.22: a known string holding an unpaired surrogate is E4001; a known member written twice is
 *   E4001 at that member, which then has no other error (nor has anything inside it).
 */
function refineFieldErrors(
  record: PlainObject,
  shape: ValidatorShape,
  ajvErrors: readonly ErrorObject[],
  duplicateMembers: readonly string[] | undefined,
): NationalError[] {
  const errors: NationalError[] = [];
  let wrongLength: string[] | undefined;
  for (const error of ajvErrors) {
    if (error.keyword === 'minItems' || error.keyword === 'maxItems') (wrongLength ??= []).push(error.instancePath);
    errors.push(...toNationalError(error));
  }
  if (ajvErrors.length > 0) blankElements(record, shape, errors);
  malformedStrings(record, shape, errors);
  if (wrongLength === undefined && (duplicateMembers === undefined || duplicateMembers.length === 0)) return errors;
  const repeated = (duplicateMembers ?? []).filter((pointer) => isKnownMember(record, shape, pointer));
  const under = (path: string, at: string) => path.startsWith(`${at}/`);
  const unchecked = (path: string) =>
    (wrongLength ?? []).some((at) => under(path, at)) || repeated.some((at) => path === at || under(path, at));
  const kept = errors.filter((error) => !unchecked(error.path));
  for (const pointer of repeated) {
    if (![...(wrongLength ?? []), ...repeated].some((at) => under(pointer, at)))
      kept.push({ code: 'E4001', path: pointer, message: 'member written more than once' });
  }
  return kept;
}

function blankElements(record: PlainObject, shape: RecordShape, out: NationalError[]): void {
  for (const field of shape.fields) {
    const value = record[field];
    if (!Array.isArray(value) || shape.elementFields.has(field)) continue;
    value.forEach((element, k) => {
      if (element === '') out.push({ code: 'E4002', path: `/${escapePointerToken(field)}/${k}`, message: 'blank element' });
    });
  }
}

function malformedStrings(record: PlainObject, shape: ValidatorShape, out: NationalError[]): void {
  const fields = shape.fieldList;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const value = record[field];
    if (typeof value === 'string') {
      if (isMalformedString(value)) out.push(malformed(`/${field}`));
    } else if (Array.isArray(value)) {
      malformedElements(field, value, shape.elementFields.get(field), out);
    }
  }
}

function malformedElements(field: string, elements: unknown[], elementFields: ReadonlySet<string> | undefined, out: NationalError[]): void {
  for (let k = 0; k < elements.length; k++) {
    const element = elements[k];
    if (isMalformedString(element)) out.push(malformed(`/${field}/${k}`));
    if (elementFields === undefined || !isPlainObject(element)) continue;
    for (const sub of elementFields) if (isMalformedString(element[sub])) out.push(malformed(`/${field}/${k}/${sub}`));
  }
}

function malformed(path: string): NationalError {
  return { code: 'E4001', path, message: 'must be valid Unicode (unpaired surrogate)' };
}

/** A member of the record, or of an object element of one of its arrays, that the schema knows. */
function isKnownMember(record: PlainObject, shape: RecordShape, pointer: string): boolean {
  const tokens = pointer.slice(1).split('/').map(unescapePointerToken);
  if (tokens.length === 1) return shape.fields.has(tokens[0]);
  if (tokens.length !== 3 || !Array.isArray(record[tokens[0]])) return false;
  return shape.elementFields.get(tokens[0])?.has(tokens[2]) ?? false;
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

/** One ajv error as the platform's error; `if` only reports that a `then` failed, which `required` already says. */
function toNationalError(error: ErrorObject): NationalError[] {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return [];
    case 'required':
      return [{ code: 'E4002', path: `${error.instancePath}/${escapePointerToken(String(params.missingProperty))}`, message: 'required' }];
    case 'additionalProperties':
      return [
        { code: 'E4006', path: `${error.instancePath}/${escapePointerToken(String(params.additionalProperty))}`, message: 'unknown field' },
      ];
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
