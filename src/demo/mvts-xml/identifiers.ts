import { creditCodeCheckChar, residentIdCheckChar, traceCodeCheckDigit } from '../../national/check-characters';
import type { Rng } from '../common/random';

/** Fictitious but valid identifiers (national §6.2–§6.4) for the simulated nodes and people. */

const CREDIT_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** `91` (enterprise) or `92` (individual business) + region + 9 characters + check character. */
export function creditCode(rng: Rng, region: string, prefix: '91' | '92' = '91'): string {
  let body = `${prefix}${region}MA`;
  while (body.length < 17) body += rng.pick([...CREDIT_BODY]);
  return body + creditCodeCheckChar(body);
}

/** Region + birth date (1960–1995) + sequence + check character. */
export function residentId(rng: Rng, region: string): string {
  const y = rng.int(1960, 1995);
  const m = String(rng.int(1, 12)).padStart(2, '0');
  const d = String(rng.int(1, 28)).padStart(2, '0');
  const body = `${region}${y}${m}${d}${rng.digits(3)}`;
  return body + residentIdCheckChar(body);
}

/** Region (6) + link (2) + YYMMDD + serial (5) + GS1 check digit. */
export function traceCode(region: string, link: string, yymmdd: string, serial: number): string {
  const body = `${region}${link}${yymmdd}${String(serial % 100000).padStart(5, '0')}`;
  return body + traceCodeCheckDigit(body);
}

/** The same code with a wrong check digit (a dirty record). */
export function breakCheckDigit(code: string): string {
  const last = Number(code[code.length - 1]);
  return code.slice(0, -1) + String((last + 3) % 10);
}

/** Issues trace-code serials per region, link and date, so codes never repeat. */
export class TraceCodeIssuer {
  private readonly serials = new Map<string, number>();

  next(region: string, link: string, yymmdd: string): string {
    const key = region + link + yymmdd;
    const serial = (this.serials.get(key) ?? 0) + 1;
    this.serials.set(key, serial);
    return traceCode(region, link, yymmdd, serial);
  }
}
