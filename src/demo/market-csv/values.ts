import Decimal from 'decimal.js';
import { beijingDashed } from '../../common/time';
import { DISTRICTS, GIVEN_NAMES, SHOP_NAMES, SURNAMES } from './catalogue';
import type { Rng } from '../common/random';

/** Small value generators for the simulated rows, all driven by the seeded Rng. */

const DAY_MS = 24 * 3600 * 1000;

export function dashed(at: number): string {
  return beijingDashed(at);
}

/** `240612` of the Beijing date of `at`, shifted by whole days. */
export function yymmdd(at: number, dayShift = 0): string {
  const d = beijingDashed(at + dayShift * DAY_MS);
  return d.slice(2, 4) + d.slice(5, 7) + d.slice(8, 10);
}

/** `20240612` of the Beijing date of `at`. */
export function yyyymmdd(at: number): string {
  const d = beijingDashed(at);
  return d.slice(0, 4) + d.slice(5, 7) + d.slice(8, 10);
}

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
}

export function shopName(rng: Rng): string {
  const name = `${rng.pick(DISTRICTS)}${rng.pick(['老', '小', ''])}${rng.pick(SURNAMES)}${rng.pick(['记', '家', ''])}${rng.pick(SHOP_NAMES)}`;
  return rng.chance(0.15) ? `${name}（"${rng.pick(SURNAMES)}记"）` : name;
}

export function mobile(rng: Rng): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.digits(9)}`;
}

/** 联系电话 as typed at the market: plain, spaced, landline, two numbers, or nothing. */
export function phoneText(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => mobile(rng), 50],
    [
      () => {
        const m = mobile(rng);
        return `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`;
      },
      10,
    ],
    [() => `0931-${rng.int(2, 8)}${rng.digits(6)}`, 15],
    [() => `${mobile(rng)}/0931-${rng.int(2, 8)}${rng.digits(6)}`, 10],
    [() => '', 15],
  ])();
}

/** 登记日期 between 2015 and 2023; older installations append a midnight time part (§7.9). */
export function registrationDate(rng: Rng): string {
  const date = `${rng.int(2015, 2023)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  return rng.chance(0.1) ? `${date} 00:00:00` : date;
}

/** A stall number such as `A-03`. */
export function stall(rng: Rng): string {
  return `${rng.pick(['A', 'B', 'C', 'D', 'E', 'F'])}-${String(rng.int(1, 30)).padStart(2, '0')}`;
}

/** Identifier columns carry a leading TAB at most installations (§3.4). */
export function tabbed(rng: Rng, id: string): string {
  return id !== '' && rng.chance(0.8) ? `\t${id}` : id;
}

/** A decimal with exactly `places` decimals in [min, max]. */
export function decimalBetween(rng: Rng, min: number, max: number, places: number): string {
  const scale = 10 ** places;
  return new Decimal(rng.int(min * scale, max * scale)).dividedBy(scale).toFixed(places);
}

export function roundHalfUp(value: Decimal, places: number): Decimal {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

export { Decimal };
