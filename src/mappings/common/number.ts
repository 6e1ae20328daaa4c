import Decimal from 'decimal.js';

const UNSIGNED = /^\d+(\.\d+)?$/;
const SIGNED = /^-?\d+(\.\d+)?$/;

/**
 * §5.3: all whitespace removed, then a plain decimal (signed only for temperatures). Thousands
 * separators, units, words, repeated points and negatives (unless signed) → null.
 */
export function parseDecimal(value: string, opts: { signed?: boolean } = {}): Decimal | null {
  const compact = value.replace(/\s+/gu, '');
  return (opts.signed ? SIGNED : UNSIGNED).test(compact) ? new Decimal(compact) : null;
}

/** Round half up (away from zero for the magnitude) to `places` decimals, returned as a JSON number. */
export function roundHalfUp(value: Decimal, places: number): number {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toNumber();
}

export { Decimal };
