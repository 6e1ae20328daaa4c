import type Ajv from 'ajv';
import type { AnySchemaObject, ErrorObject, SchemaValidateFunction } from 'ajv';
import type { DataValidateFunction, DataValidationCxt } from 'ajv/dist/types';
import {
  isCreditCodeShaped,
  isRegionCodeShaped,
  isResidentIdShaped,
  isValidCreditCode,
  isValidResidentId,
  maskPersonalId,
  traceCodeProblem,
} from './check-characters';
import type { CodeListName, CodeLists } from './codelists';
import { countDecimals, hasAtMostDecimals } from './decimals';
import { isCalendarDate, isTimestamp } from './timestamps';
import type { NationalRecordErrorCode } from './types';

/**
 * The validator's own schema keywords and formats (listed in schemas/common.ts). A keyword that
 * fails reports its national error code in `params.code`; standard keywords are all E4001.
 */

export interface KeywordDeps {
  codeLists: CodeLists;
  /** The number literal as written at an instance path, when the caller has the raw text. */
  literalAt(instancePath: string): string | undefined;
}

type IdKind = 'credit' | 'party' | 'subject' | 'trace';

interface KeywordFailure {
  code: NationalRecordErrorCode;
  message: string;
}

/** A keyword function that reports through `fn.errors`, as ajv expects of `errors: true` keywords. */
type ReportingFn = SchemaValidateFunction;

function reporting(
  keyword: string,
  check: (schema: unknown, data: unknown, dataCxt: DataValidationCxt | undefined) => KeywordFailure | undefined,
): ReportingFn {
  const fn: ReportingFn = (schema, data, _parentSchema, dataCxt) => {
    const failure = check(schema, data, dataCxt);
    if (failure === undefined) return true;
    fn.errors = [{ keyword, message: failure.message, params: { code: failure.code } }];
    return false;
  };
  return fn;
}

/**
 * The value to show in a message. Any identifier is masked (§6.3): a field that may hold a resident
 * ID may hold one with a typo that no longer looks like one.
 */
const shown = maskPersonalId;

function creditFailure(value: string): KeywordFailure | undefined {
  if (isValidCreditCode(value)) return undefined;
  if (isCreditCodeShaped(value)) return { code: 'E4004', message: `credit code ${shown(value)}: wrong check character` };
  return { code: 'E4001', message: 'must be a unified social credit code' };
}

function residentFailure(value: string): KeywordFailure | undefined {
  if (isValidResidentId(value)) return undefined;
  if (isResidentIdShaped(value)) return { code: 'E4004', message: `resident ID ${shown(value)}: wrong check character` };
  return { code: 'E4001', message: 'must be a resident ID number' };
}

/** §7.15: valid as either; shaped like either (a resident ID shape is also a credit code shape) is E4004. */
function partyFailure(value: string): KeywordFailure | undefined {
  if (isValidCreditCode(value) || isValidResidentId(value)) return undefined;
  if (isCreditCodeShaped(value)) return { code: 'E4004', message: `identifier ${shown(value)}: wrong check character` };
  return { code: 'E4001', message: 'must be a credit code or a resident ID number' };
}

export function addNationalKeywords(ajv: Ajv, deps: KeywordDeps): void {
  const { codeLists } = deps;
  const isProvince = (code: string): boolean => codeLists.has('provinces', code);

  ajv.addFormat('ntp-date', { type: 'string', validate: isCalendarDate });
  ajv.addFormat('ntp-timestamp', { type: 'string', validate: isTimestamp });

  ajv.addKeyword({
    keyword: 'ntpCodeList',
    type: 'string',
    schemaType: 'string',
    errors: true,
    validate: reporting('ntpCodeList', (name, data) =>
      codeLists.has(name as CodeListName, data as string) ? undefined : { code: 'E4003', message: `not in code list ${String(name)}` },
    ),
  });

  ajv.addKeyword({
    keyword: 'ntpRegion',
    type: 'string',
    schemaType: 'boolean',
    errors: true,
    validate: reporting('ntpRegion', (_schema, data) => {
      const value = data as string;
      if (!isRegionCodeShaped(value)) return { code: 'E4001', message: 'must be a 6-digit region code' };
      if (!isProvince(value.slice(0, 2))) return { code: 'E4003', message: `province ${value.slice(0, 2)} not in code list provinces` };
      return undefined;
    }),
  });

  ajv.addKeyword({
    keyword: 'ntpId',
    type: 'string',
    schemaType: 'string',
    errors: true,
    validate: reporting('ntpId', (kind, data, dataCxt) => {
      const value = data as string;
      switch (kind as IdKind) {
        case 'credit':
          return creditFailure(value);
        case 'party':
          return partyFailure(value);
        case 'subject': {
          const idType = (dataCxt?.parentData as Record<string, unknown> | undefined)?.subjectIdType;
          if (idType === 'CREDIT_CODE') return creditFailure(value);
          if (idType === 'RESIDENT_ID') return residentFailure(value);
          return partyFailure(value);
        }
        case 'trace': {
          const problem = traceCodeProblem(value, isProvince);
          if (problem === undefined) return undefined;
          if (problem === 'province')
            return { code: 'E4003', message: `trace code province ${value.slice(0, 2)} not in code list provinces` };
          if (problem === 'check') return { code: 'E4004', message: 'trace code: wrong check digit' };
          return { code: 'E4001', message: 'must be a 20-digit trace code' };
        }
      }
    }),
  });

  ajv.addKeyword({
    keyword: 'ntpDecimals',
    type: 'number',
    schemaType: 'number',
    errors: true,
    validate: reporting('ntpDecimals', (max, data, dataCxt) => {
      const literal = dataCxt ? deps.literalAt(dataCxt.instancePath) : undefined;
      const ok = literal === undefined ? hasAtMostDecimals(data as number, max as number) : countDecimals(literal) <= (max as number);
      return ok ? undefined : { code: 'E4001', message: `must have at most ${String(max)} decimals` };
    }),
  });

  ajv.addKeyword({
    keyword: 'ntpInteger',
    type: 'number',
    schemaType: 'boolean',
    errors: true,
    validate: reporting('ntpInteger', (_schema, _data, dataCxt) => {
      const literal = dataCxt ? deps.literalAt(dataCxt.instancePath) : undefined;
      return literal === undefined || PLAIN_INTEGER.test(literal)
        ? undefined
        : { code: 'E4001', message: 'must be an integer written as plain digits' };
    }),
  });

  ajv.addKeyword({
    keyword: 'ntpDistinct',
    type: 'array',
    schemaType: 'boolean',
    errors: true,
    compile: (_schema: unknown, parentSchema: AnySchemaObject) => {
      const items = parentSchema.items as AnySchemaObject | undefined;
      return distinctElements(items === undefined ? () => true : ajv.compile(items));
    },
  });
}

/** §7.21: digits only, no fraction or exponent (`1.0`, `1e0`, `2E1` are not integers as written). */
const PLAIN_INTEGER = /^-?[0-9]+$/;

/**
 * §7.14 and §7.25: each element is first checked on its own; among the valid ones, a later element
 * equal to an earlier one is flagged on its own path. (An element equal to a valid one is valid.)
 */
function distinctElements(elementValid: (element: unknown) => boolean): DataValidateFunction {
  const fn: DataValidateFunction = (data, dataCxt) => {
    const items = data as unknown[];
    if (items.length < 2) return true;
    const seen = new Set<unknown>();
    let errors: Partial<ErrorObject>[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if ((typeof item !== 'string' && typeof item !== 'number') || !elementValid(item)) continue;
      if (seen.has(item)) {
        (errors ??= []).push({
          keyword: 'ntpDistinct',
          instancePath: `${dataCxt?.instancePath ?? ''}/${i}`,
          message: 'duplicate element',
          params: { code: 'E4001' },
        });
      } else {
        seen.add(item);
      }
    }
    if (errors === undefined) return true;
    fn.errors = errors;
    return false;
  };
  return fn;
}
