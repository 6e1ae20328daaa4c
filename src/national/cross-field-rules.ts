import Decimal from 'decimal.js';
import { compareInstants, parseTimestamp } from './timestamps';
import type { NationalError, NationalInterface } from './types';

/**
 * Cross-field rules of national §5 with the paths of §7.13, and the conditional requirements of
 * §7.12, which §7.26 checks with them (after the record's unknown fields). A rule runs only when
 * every field it involves is present and valid (§7.9); the caller says which are.
 */

export interface RuleContext {
  record: Record<string, unknown>;
  /** Present and without a field error at exactly this path. */
  isValid(path: string): boolean;
  /** A valid number's decimal text as written (literal if known, else its shortest round-trip form). */
  decimalText(path: string, value: number): string;
  /** A product category that the code list in force marks `meat` (§5.6, §7.19). */
  isMeat(productCode: string): boolean;
}

type Rule = (ctx: RuleContext, out: NationalError[]) => void;

function broken(out: NationalError[], path: string, message: string): void {
  out.push({ code: 'E4005', path, message });
}

function required(out: NationalError[], path: string, message: string): void {
  out.push({ code: 'E4002', path, message });
}

const TESTED_BASES = new Set(['SELF_TEST', 'COMMISSIONED_TEST']);

/** §5.4, §7.12: `inspectionNo` is required for a SELF_TEST or COMMISSIONED_TEST basis. */
const inspectionNoForTestedBasis: Rule = (ctx, out) => {
  const { record } = ctx;
  if (!ctx.isValid('/basis') || !TESTED_BASES.has(record.basis as string)) return;
  if (record.inspectionNo === undefined) required(out, '/inspectionNo', `required when basis is ${String(record.basis)}`);
};

/** §5.6, §7.12: `quarantineCertNo` is required for a product the code list marks `meat`. */
const quarantineCertForMeat: Rule = (ctx, out) => {
  const { record } = ctx;
  if (!ctx.isValid('/productCode') || !ctx.isMeat(record.productCode as string)) return;
  if (record.quarantineCertNo === undefined) required(out, '/quarantineCertNo', 'required for a meat product');
};

const RESIDENT_ID_SUBJECT_TYPES = new Set(['INDIVIDUAL_FARMER', 'VENDOR']);

const subjectTypeOfResident: Rule = (ctx, out) => {
  const { record } = ctx;
  if (!ctx.isValid('/subjectIdType') || !ctx.isValid('/subjectType')) return;
  if (record.subjectIdType === 'RESIDENT_ID' && !RESIDENT_ID_SUBJECT_TYPES.has(record.subjectType as string)) {
    broken(out, '/subjectType', 'a RESIDENT_ID subject must be INDIVIDUAL_FARMER or VENDOR');
  }
};

/** `producedOn` against the date written in `reportedAt` (its first 10 characters, no offset applied). */
const producedNotAfterReported: Rule = (ctx, out) => {
  const { record } = ctx;
  if (!ctx.isValid('/producedOn') || !ctx.isValid('/reportedAt')) return;
  if ((record.producedOn as string) > (record.reportedAt as string).slice(0, 10)) {
    broken(out, '/producedOn', "must not be after reportedAt's date");
  }
};

/** Exact comparison of two valid numbers: doubles first, decimal text only when they tie. */
function compareNumbers(ctx: RuleContext, pathA: string, a: number, pathB: string, b: number): number {
  if (a !== b) return a < b ? -1 : 1;
  return new Decimal(ctx.decimalText(pathA, a)).cmp(ctx.decimalText(pathB, b));
}

const inspectionResults: Rule = (ctx, out) => {
  const { record } = ctx;
  if (!ctx.isValid('/items')) return;
  const items = record.items as Record<string, unknown>[];
  let resultsValid = true;
  let anyFail = false;
  for (let k = 0; k < items.length; k++) {
    const base = `/items/${k}`;
    if (!ctx.isValid(base) || !ctx.isValid(`${base}/result`)) {
      resultsValid = false;
      continue;
    }
    const item = items[k];
    if (item.result === 'FAIL') anyFail = true;
    if (item.limit === undefined || !ctx.isValid(`${base}/value`) || !ctx.isValid(`${base}/limit`)) continue;
    const aboveLimit = compareNumbers(ctx, `${base}/value`, item.value as number, `${base}/limit`, item.limit as number) > 0;
    if (aboveLimit && item.result === 'PASS') broken(out, `${base}/result`, 'value above limit must be FAIL');
  }
  if (!resultsValid || !ctx.isValid('/conclusion')) return;
  if ((record.conclusion === 'FAIL') !== anyFail) {
    broken(out, '/conclusion', anyFail ? 'must be FAIL when an item fails' : 'must be PASS when no item fails');
  }
};

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * |amount − round_half_up(quantity × unitPrice, 2)| ≤ 0.01, exactly (§7.13). Quantity has at most
 * 3 decimals and money 2 (already checked), so in units of 10⁻⁵ the product is an integer; while it
 * stays below 2⁵³ plain integer arithmetic is exact. Beyond that, decimal.js on the decimal text.
 */
const amountMatches: Rule = (ctx, out) => {
  const { record } = ctx;
  if (!ctx.isValid('/quantity') || !ctx.isValid('/unitPrice') || !ctx.isValid('/amount')) return;
  const quantity = record.quantity as number;
  const unitPrice = record.unitPrice as number;
  const amount = record.amount as number;
  const q = Math.round(quantity * 1000);
  const p = Math.round(unitPrice * 100);
  const a = Math.round(amount * 100);
  let ok: boolean;
  if (q <= SAFE && p <= SAFE && a <= SAFE && q * p <= SAFE) {
    const halfCentUp = q * p + 500;
    const roundedCents = (halfCentUp - (halfCentUp % 1000)) / 1000;
    ok = Math.abs(a - roundedCents) <= 1;
  } else {
    const expected = new Decimal(ctx.decimalText('/quantity', quantity))
      .times(ctx.decimalText('/unitPrice', unitPrice))
      .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    ok = new Decimal(ctx.decimalText('/amount', amount)).minus(expected).abs().lte('0.01');
  }
  if (!ok) broken(out, '/amount', 'must equal quantity * unitPrice within 0.01');
};

const arrivalNotBeforeDeparture: Rule = (ctx, out) => {
  const { record } = ctx;
  if (!ctx.isValid('/arrivedAt') || !ctx.isValid('/departedAt')) return;
  const arrived = parseTimestamp(record.arrivedAt as string);
  const departed = parseTimestamp(record.departedAt as string);
  if (arrived && departed && compareInstants(arrived, departed) < 0) broken(out, '/arrivedAt', 'must not be before departedAt');
};

const temperatureRange: Rule = (ctx, out) => {
  const { record } = ctx;
  if (!ctx.isValid('/temperatureMinC') || !ctx.isValid('/temperatureMaxC')) return;
  const min = record.temperatureMinC as number;
  const max = record.temperatureMaxC as number;
  if (compareNumbers(ctx, '/temperatureMaxC', max, '/temperatureMinC', min) < 0) {
    broken(out, '/temperatureMaxC', 'must be >= temperatureMinC');
  }
};

export const crossFieldRules: Readonly<Record<NationalInterface, readonly Rule[]>> = {
  subjects: [subjectTypeOfResident],
  batches: [producedNotAfterReported],
  inspections: [inspectionResults],
  certificates: [inspectionNoForTestedBasis],
  slaughter: [],
  entries: [quarantineCertForMeat],
  trades: [amountMatches],
  transports: [arrivalNotBeforeDeparture, temperatureRange],
};
