/**
 * Check characters of the national identifiers (national-interface.md §6.2–§6.4, §7.15, §7.17)
 * and the masking of personal identifiers (§6.3).
 */

import { daysInMonth } from '../common/time';

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CREDIT_SHAPE = /^[0-9A-HJ-NP-RTUWXY]{18}$/;

const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK = '10X98765432';
const RESIDENT_SHAPE = /^[0-9]{17}[0-9X]$/;

const TRACE_SHAPE = /^[0-9]{20}$/;

/** Value of each credit code character by char code; -1 outside the alphabet. */
const creditValues = new Int8Array(128).fill(-1);
for (let i = 0; i < CREDIT_ALPHABET.length; i++) creditValues[CREDIT_ALPHABET.charCodeAt(i)] = i;

/** The 18th character of a unified social credit code whose first 17 are given (§6.2). */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('a credit code body has 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const code = first17.charCodeAt(i);
    const value = code < 128 ? creditValues[code] : -1;
    if (value < 0) throw new RangeError('character outside the credit code alphabet');
    sum += value * CREDIT_WEIGHTS[i];
  }
  const check = 31 - (sum % 31);
  return CREDIT_ALPHABET[check === 31 ? 0 : check];
}

/** 18 characters over the credit code alphabet, whatever the check character. */
export function isCreditCodeShaped(s: string): boolean {
  return CREDIT_SHAPE.test(s);
}

export function isValidCreditCode(s: string): boolean {
  return CREDIT_SHAPE.test(s) && creditCodeCheckChar(s.slice(0, 17)) === s[17];
}

/** ISO 7064 MOD 11-2 check character of a resident ID number whose first 17 digits are given (§6.3). */
export function residentIdCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new RangeError('a resident ID body is 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * RESIDENT_WEIGHTS[i];
  return RESIDENT_CHECK[sum % 11];
}

/** 17 digits and a digit or `X`, whatever the check character. The birth date is not checked (§6.3 does not ask for it). */
export function isResidentIdShaped(s: string): boolean {
  return RESIDENT_SHAPE.test(s);
}

export function isValidResidentId(s: string): boolean {
  return RESIDENT_SHAPE.test(s) && residentIdCheckChar(s.slice(0, 17)) === s[17];
}

/** GS1 mod-10 check digit over the first 19 digits of a trace code (§6.4). */
export function traceCodeCheckDigit(first19: string): string {
  if (!/^[0-9]{19}$/.test(first19)) throw new RangeError('a trace code body is 19 digits');
  let sum = 0;
  for (let i = 0; i < 19; i++) {
    // Weight 3 on the rightmost of the 19 digits, then 1, 3, ... leftwards.
    const weight = (18 - i) % 2 === 0 ? 3 : 1;
    sum += (first19.charCodeAt(i) - 48) * weight;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * Structure of a 6-digit region code (§7.17) without the province list: a city part `00`
 * requires a county part `00`.
 */
export function isRegionCodeShaped(s: string): boolean {
  if (s.length !== 6 || !/^[0-9]{6}$/.test(s)) return false;
  return !(s[2] === '0' && s[3] === '0') || (s[4] === '0' && s[5] === '0');
}

export type TraceCodeProblem = 'format' | 'province' | 'check';

/**
 * Why a trace code is invalid, or `undefined` when it is valid. `format` covers the 20 digits,
 * region structure, link code `01`–`09` and the `YYMMDD` date (20YY); `province` is a region whose
 * first two digits are not a province; `check` is a wrong check digit. Checked in that order
 * (§7.9: E4001, then E4003, then E4004).
 */
export function traceCodeProblem(s: string, isProvince: (code: string) => boolean): TraceCodeProblem | undefined {
  if (!TRACE_SHAPE.test(s)) return 'format';
  if (!isRegionCodeShaped(s.slice(0, 6))) return 'format';
  if (s[6] !== '0' || s[7] === '0') return 'format';
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000 + Number(s.slice(8, 10)), month)) return 'format';
  if (!isProvince(s.slice(0, 2))) return 'province';
  if (traceCodeCheckDigit(s.slice(0, 19)) !== s[19]) return 'check';
  return undefined;
}

/**
 * A trace code valid by §6.4 and §7.17. Without a province predicate only the structure and the
 * check digit are checked; the validator passes the `provinces` code list.
 */
export function isValidTraceCode(s: string, isProvince: (code: string) => boolean = () => true): boolean {
  return traceCodeProblem(s, isProvince) === undefined;
}

/** All but the first 4 and last 4 characters replaced by `*` (§6.3); 8 characters or fewer are masked whole. */
export function maskPersonalId(s: string): string {
  const chars = [...s];
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}
