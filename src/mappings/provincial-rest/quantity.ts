import { text } from '../common/normalize';
import { Decimal, roundHalfUp } from '../common/number';
import type { Outcome } from '../common/outcome';
import type { TranslationEntry, TranslationTables } from '../tables';
import type { ProvincialRecord } from './fields';
import { translate } from '../common/translate';

export interface Factor {
  value: Decimal;
  isOne: boolean;
  /** The factor as an exact integer and its decimal places, when it is a plain unsigned decimal of at most 15 digits. */
  exact: ExactDecimal | null;
}

/** A decimal as digits × 10^-places, the digits an exact integer: "12.50" is 1250 × 10^-2. */
interface ExactDecimal {
  digits: number;
  places: number;
}

/** The most digits whose integer is exact in a double, whatever they are (2^53 has 16 digits). */
const EXACT_DIGITS = 15;

/** A plain unsigned decimal text as an exact integer and its places; null for more than 15 digits. */
function exactDecimal(text: string): ExactDecimal | null {
  if (!UNSIGNED.test(text)) return null;
  const dot = text.indexOf('.');
  const digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  if (digits.length > EXACT_DIGITS) return null;
  return { digits: Number(digits), places: dot < 0 ? 0 : text.length - dot - 1 };
}

const factors = new WeakMap<TranslationEntry, Factor>();

/** An entry's `factor` as a decimal, converted once per table entry (1 when the entry has none). */
export function factorOf(entry: TranslationEntry): Factor {
  let factor = factors.get(entry);
  if (factor === undefined) {
    const text = String(entry.factor ?? 1);
    const value = new Decimal(text);
    factor = { value, isOne: value.eq(1), exact: exactDecimal(text) };
    factors.set(entry, factor);
  }
  return factor;
}

const UNSIGNED = /^\d+(\.\d+)?$/;
const WHITESPACE = /\s+/gu;

/** §5.3: the text with all whitespace removed when it is then a plain unsigned decimal; null otherwise. */
export function decimalText(raw: string): string | null {
  if (UNSIGNED.test(raw)) return raw;
  const compact = raw.replace(WHITESPACE, '');
  return UNSIGNED.test(compact) ? compact : null;
}

/**
 * decimal × factor rounded half up to `places` (§5.3), as a JSON number. A factor of 1 on a value
 * already within `places` decimals changes nothing; a product of at most 15 digits each way is
 * computed in exact integers; anything larger in decimal arithmetic.
 */
export function scaled(decimal: string, factor: Factor, places: number): number {
  if (factor.isOne) {
    const dot = decimal.indexOf('.');
    if (dot < 0 || decimal.length - dot - 1 <= places) return Number(decimal);
  }
  const exact = factor.exact && scaledExactly(decimal, factor.exact, places);
  return exact ?? roundHalfUp(new Decimal(decimal).times(factor.value), places);
}

/**
 * scaled in integers: digits × factor digits, below 2^53 and so exact, then rounded half up by
 * integer division where it has more places than wanted. The result divided by a power of ten
 * is the double nearest the decimal, as the decimal's text read by Number would be. Null where the
 * integers would not be exact.
 */
function scaledExactly(decimal: string, factor: ExactDecimal, places: number): number | null {
  const value = exactDecimal(decimal);
  if (value === null) return null;
  const product = value.digits * factor.digits;
  if (!Number.isSafeInteger(product)) return null;
  const productPlaces = value.places + factor.places;
  if (productPlaces <= places) return product / 10 ** productPlaces;
  const divisor = 10 ** (productPlaces - places);
  const quotient = Math.floor(product / divisor);
  const rest = product - quotient * divisor;
  return (rest * 2 >= divisor ? quotient + 1 : quotient) / 10 ** places;
}

/**
 * §2.8 `quantity`, `unit`: `sl` with all whitespace removed, times the factor of `dw` in
 * unit-labels.json, rounded half up to 3 decimals (§5.3). A zero quantity is sent as found.
 */
export function quantityOf(src: ProvincialRecord, tables: TranslationTables, out: Outcome): { quantity?: number; unit?: string } {
  const dw = text(src.dw);
  const entry = dw === undefined ? undefined : translate(tables, 'unit-labels', dw, 'dw', out);
  const sl = text(src.sl);
  if (sl === undefined) return { unit: entry?.target };
  const amount = decimalText(sl);
  if (amount === null) {
    out.error('UNPARSEABLE_VALUE', 'sl', `sl "${sl}" is not a decimal number`, sl);
    return { unit: entry?.target };
  }
  if (entry === undefined) return {};
  return { quantity: scaled(amount, factorOf(entry), 3), unit: entry.target };
}
