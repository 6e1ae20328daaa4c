import { creditCodeCheckChar, residentIdCheckChar, traceCodeCheckDigit } from '../../national/check-characters';
import type { Rng } from '../common/random';

const CREDIT_CHARS = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];

/** A valid unified social credit code: `92` individual business, `91` company (national §6.2). */
export function creditCode(rng: Rng, prefix: '91' | '92' | '93', region: string): string {
  let org = 'MA';
  for (let i = 0; i < 7; i++) org += rng.pick(CREDIT_CHARS);
  const body = `${prefix}${region}${org}`;
  return body + creditCodeCheckChar(body);
}

/** A fictitious but valid resident ID number (national §6.3) born between 1955 and 1995. */
export function residentId(rng: Rng, region: string): string {
  const year = rng.int(1955, 1995);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const body = `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${rng.digits(3)}`;
  return body + residentIdCheckChar(body);
}

/** A valid trace code: region + link + YYMMDD + serial + GS1 check digit (national §6.4). */
export function traceCode(region: string, link: string, yymmdd: string, serial: number): string {
  const body = `${region}${link}${yymmdd}${String(serial % 100000).padStart(5, '0')}`;
  return body + traceCodeCheckDigit(body);
}

/** The same identifier with its check character replaced by another of the same alphabet. */
export function withWrongCheck(id: string, alphabet = '0123456789'): string {
  const last = id[id.length - 1]!;
  const i = alphabet.indexOf(last);
  return id.slice(0, -1) + alphabet[(i + 1) % alphabet.length];
}
