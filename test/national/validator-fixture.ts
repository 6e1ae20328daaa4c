import { traceCodeCheckDigit } from '../../src/national/check-characters';
import { loadBundledCodeLists } from '../../src/national/codelists';
import type { NationalInterface, NationalRecord } from '../../src/national/types';
import { createValidator, type ValidateOptions } from '../../src/national/validate';
import { VALID_REGION_SCOPE, validRecord } from '../fixtures/national/valid-records';

export const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: VALID_REGION_SCOPE });

/** Marks a field to delete in `withFields`. */
export const ABSENT = Symbol('absent');

/** The valid record of `iface` with fields replaced (or removed with `ABSENT`). */
export function withFields(iface: NationalInterface, patch: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = validRecord(iface);
  for (const [key, value] of Object.entries(patch)) {
    if (value === ABSENT) delete record[key];
    else record[key] = value;
  }
  return record;
}

/** `[{ code, path }]` of a record, in the validator's order. */
export function errorsOf(iface: NationalInterface, record: unknown, options?: ValidateOptions): { code: string; path: string }[] {
  return validator.validate(iface, record, options).map(({ code, path }) => ({ code, path }));
}

export function validOf(iface: NationalInterface): NationalRecord {
  return validRecord(iface);
}

/** A trace code with a correct check digit from its first 19 digits. */
export function traceCode(first19: string): string {
  return first19 + traceCodeCheckDigit(first19);
}

/** The same code with a different last character. */
export function wrongLast(code: string, alphabet = '0123456789'): string {
  const last = code[code.length - 1];
  const other = [...alphabet].find((c) => c !== last)!;
  return code.slice(0, -1) + other;
}
