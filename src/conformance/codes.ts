/**
 * Makers of valid (and deliberately wrong) codes of national §6. The suite computes check characters
 * itself rather than through the gateway's validator, so that it stays an independent oracle.
 */

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECKS = '10X98765432';

/** §6.2: the check character of the first 17 characters of a unified social credit code. */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  const check = 31 - (sum % 31);
  return CREDIT_ALPHABET[check === 31 ? 0 : check];
}

/** §6.3: the check character of the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECKS[sum % 11];
}

/** §6.4: the GS1 mod-10 check digit over the first 19 digits of a trace code. */
export function traceCheckDigit(first19: string): string {
  let sum = 0;
  for (let i = 0; i < 19; i++) sum += Number(first19[18 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

/** A valid credit code for a region, varied by serial (0…). */
export function creditCode(region6: string, serial: number): string {
  const body = `91${region6}MA${toCreditChars(serial, 7)}`;
  return body + creditCheckChar(body);
}

/** A valid resident ID number (a fictitious person born 1980-01-01 + serial days). */
export function residentId(region6: string, serial: number): string {
  const birth = new Date(Date.UTC(1980, 0, 1) + (serial % 9000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `${region6}${birth}${String(100 + (serial % 900)).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

/** A valid trace code: region + link + date + serial + check digit. */
export function traceCode(region6: string, link: string, yymmdd: string, serial: number): string {
  const body = `${region6}${link}${yymmdd}${String(serial % 100_000).padStart(5, '0')}`;
  return body + traceCheckDigit(body);
}

/** The same code with a different, wrong last character (same alphabet). */
export function withWrongCheck(code: string, alphabet = '0123456789'): string {
  const last = code[code.length - 1];
  const next = alphabet[(alphabet.indexOf(last) + 1) % alphabet.length];
  return code.slice(0, -1) + next;
}

export const CREDIT_CODE_ALPHABET = CREDIT_ALPHABET;

function toCreditChars(n: number, width: number): string {
  let out = '';
  let rest = n;
  for (let i = 0; i < width; i++) {
    out = CREDIT_ALPHABET[rest % 31] + out;
    rest = Math.floor(rest / 31);
  }
  return out;
}

/** A 6-digit region code inside a 2-, 4- or 6-digit scope (§6.1, §7.17). */
export function regionInScope(scope: string): string {
  if (scope.length === 6) return scope;
  if (scope.length === 4) return scope.endsWith('00') ? `${scope}00` : `${scope}02`;
  return `${scope}0102`;
}

/** A valid 6-digit region code of another province. */
export function regionOutOfScope(scope: string): string {
  return scope.startsWith('11') ? '310101' : '110101';
}
