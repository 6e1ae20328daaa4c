import { creditCodeCheckChar, residentIdCheckChar, traceCodeCheckDigit } from '../../national/check-characters';
import type { Rng } from '../common/random';

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * A fictitious unified social credit code (national §6.2) with a valid check character:
 * `9` (industry and commerce) + entity type (`1` company, `2` individual business / family farm,
 * `3` farmers' cooperative) + region + a 9-character organisation code + check.
 */
export function creditCode(rng: Rng, entityType: '1' | '2' | '3', region: string): string {
  let org = 'MA';
  for (let i = 0; i < 7; i++) org += rng.pick([...CREDIT_ALPHABET]);
  const body = `9${entityType}${region}${org}`;
  return body + creditCodeCheckChar(body);
}

/** A fictitious resident ID number (national §6.3): region + birth date + sequence + valid check character. */
export function residentId(rng: Rng, region: string): string {
  const year = rng.int(1958, 1995);
  const month = String(rng.int(1, 12)).padStart(2, '0');
  const day = String(rng.int(1, 28)).padStart(2, '0');
  const body = `${region}${year}${month}${day}${rng.digits(3)}`;
  return body + residentIdCheckChar(body);
}

/** A trace code (national §6.4): region + link code + YYMMDD + 5-digit serial + GS1 check digit. */
export function traceCode(region: string, link: string, yymmdd: string, serial: number): string {
  const body = `${region}${link}${yymmdd}${String(serial % 100000).padStart(5, '0')}`;
  return body + traceCodeCheckDigit(body);
}

/** The same code with a different, wrong, last character of the same alphabet (→ E4004). */
export function withWrongCheck(code: string, alphabet: string = CREDIT_ALPHABET): string {
  const last = code[code.length - 1]!;
  const index = alphabet.indexOf(last);
  return code.slice(0, -1) + alphabet[(index + 1) % alphabet.length];
}

/** A mobile number, sometimes typed with spaces; sometimes a landline, or two numbers. */
export function phone(rng: Rng, areaCode: string): string {
  const mobile = `1${rng.pick(['3', '5', '8', '9'])}${rng.digits(9)}`;
  const landline = `${areaCode}-${rng.pick(['2', '5', '6', '8'])}${rng.digits(6)}`;
  const r = rng.next();
  if (r < 0.55) return mobile;
  if (r < 0.7) return `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
  if (r < 0.85) return landline;
  return `${mobile}/${landline}`;
}
