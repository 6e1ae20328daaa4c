/**
 * Decimals "as written" (national §1: `8.330` has 3) and the literal text of JSON numbers.
 *
 * A parsed JSON number has lost how it was written. The gateway serialises records with
 * `JSON.stringify`, which writes every number in its shortest round-trip form, i.e. `String(n)`;
 * so for the gateway's own records, counting the decimals of `String(n)` IS counting them as
 * written. The mock platform receives text from any client and must count the literal itself:
 * it passes the literals collected here (`recordNumberLiterals`) to the validator, which then
 * prefers them over `String(n)`. Both sides therefore give the same answer for the same text.
 */

import { recordTextFacts, scanJsonText } from './record-text';

const NUMBER_LITERAL = /^-?(?:0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/**
 * Decimals of a JSON number literal as written: `8.330` → 3, `12` → 0, `1.5e-7` → 8, `1.25e1` → 1.
 * A string that is not a JSON number literal gives `Infinity` (never within a limit).
 */
export function countDecimals(literal: string): number {
  const match = NUMBER_LITERAL.exec(literal);
  if (!match) return Number.POSITIVE_INFINITY;
  const fraction = match[1]?.length ?? 0;
  const exponent = match[2] === undefined ? 0 : Number(match[2]);
  return Math.max(0, fraction - exponent);
}

/** Decimals of a parsed number in the form `JSON.stringify` writes it. */
export function decimalsOfNumber(value: number): number {
  if (Number.isInteger(value)) return 0;
  return countDecimals(String(value));
}

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const EXACT_LIMIT = 2 ** 50; // scaling error stays far below 0.5

/**
 * `decimalsOfNumber(value) <= max` without building the string: when the shortest form of `value`
 * has at most `max` decimals, `value` is the double nearest to k/10^max and scaling back and forth
 * returns it exactly; otherwise it cannot. Outside the range where the scaled value is exact, the
 * string is counted.
 */
export function hasAtMostDecimals(value: number, max: number): boolean {
  if (Number.isInteger(value)) return true;
  const scale = POWERS_OF_TEN[max];
  if (scale !== undefined) {
    const scaled = value * scale;
    if (Math.abs(scaled) < EXACT_LIMIT) return Math.round(scaled) / scale === value;
  }
  return decimalsOfNumber(value) <= max;
}

/**
 * Every number of a JSON text with its literal, by JSON pointer (`/records/0/quantity` → `8.330`).
 * The text must be valid JSON (parse it first); the scan does not validate it.
 */
export function collectNumberLiterals(jsonText: string): Map<string, string> {
  return scanJsonText(jsonText).numberLiterals;
}

/**
 * Number literals of each record of a batch body `{ "batchId", "records": [...] }`, with pointers
 * relative to the record (`/quantity`), indexed like `records`.
 */
export function recordNumberLiterals(batchBodyText: string): Map<string, string>[] {
  return recordTextFacts(batchBodyText).map((facts) => facts.numberLiterals);
}
