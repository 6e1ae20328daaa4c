import type { Outcome } from '../common/outcome';
import { normalizeLabel } from '../common/normalize';
import { decimalText, scaled, type Factor } from './quantity';

const BELOW_QUANTIFICATION = /^<\d+(\.\d+)?$/;

/**
 * §2.9 `items[i].value` from `jcz`: `未检出`, `ND` (any case) or `<decimal` → 0; a decimal → decimal ×
 * factor, rounded half up to 6 decimals; anything else (`阳性`) → UNPARSEABLE_VALUE. With no factor
 * (unknown unit, already reported) the value is only checked.
 */
export function testValueOf(jcz: string, factor: Factor | undefined, field: string, out: Outcome): number | undefined {
  const value = decimalText(jcz);
  if (value !== null) return factor === undefined ? undefined : scaled(value, factor, 6);
  const label = normalizeLabel(jcz);
  if (label === '未检出' || label === 'nd' || BELOW_QUANTIFICATION.test(label)) return 0;
  return out.error('UNPARSEABLE_VALUE', field, `${field} "${jcz}" is neither a decimal nor 未检出/ND/<decimal`, jcz);
}

/**
 * §2.9 `items[i].limit` from `xdz`: absent, zero in any spelling (§7.8) or `不得检出` → no limit; a decimal →
 * decimal × factor, rounded half up to 6 decimals; a converted limit that rounds to 0 is omitted with
 * PRECISION_LOSS (a national limit must be > 0).
 */
export function testLimitOf(xdz: string | undefined, factor: Factor | undefined, field: string, out: Outcome): number | undefined {
  if (xdz === undefined) return undefined;
  const limit = decimalText(xdz) ?? decimalText(normalizeLabel(xdz));
  if (limit === null) {
    if (normalizeLabel(xdz) === '不得检出') return undefined;
    return out.error('UNPARSEABLE_VALUE', field, `${field} "${xdz}" is neither a decimal nor 不得检出`, xdz);
  }
  if (factor === undefined || Number(limit) === 0) return undefined;
  const converted = scaled(limit, factor, 6);
  if (converted === 0) {
    out.warn('PRECISION_LOSS', field, `${field} "${xdz}" rounds to 0 after conversion and was omitted`);
    return undefined;
  }
  return converted;
}
