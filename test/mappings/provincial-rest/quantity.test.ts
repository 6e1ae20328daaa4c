import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/demo/common/random';
import { Decimal, roundHalfUp } from '../../../src/mappings/common/number';
import { factorOf, scaled } from '../../../src/mappings/provincial-rest/quantity';

/** §5.3 by definition: the decimal times the factor in decimal arithmetic, rounded half up. */
const reference = (decimal: string, factor: number, places: number): number =>
  roundHalfUp(new Decimal(decimal).times(new Decimal(String(factor))), places);

function randomDecimal(rng: Rng): string {
  const whole = String(rng.int(0, 10 ** rng.int(0, 9)));
  const places = rng.int(0, 7);
  if (places === 0) return whole;
  let fraction = '';
  for (let i = 0; i < places; i++) fraction += String(rng.int(0, 9));
  return `${whole}.${fraction}`;
}

describe('scaled quantities (§5.3)', () => {
  it('gives the decimal product rounded half up, for the table factors and others', () => {
    const rng = new Rng(53);
    for (const factor of [0.5, 0.05, 1, 2, 0.001, 1.25, 500, 0.3333]) {
      const f = factorOf({ source: 'x', target: 'KG', factor });
      for (let i = 0; i < 3000; i++) {
        const decimal = randomDecimal(rng);
        for (const places of [0, 2, 3])
          expect([decimal, factor, places, scaled(decimal, f, places)]).toEqual([
            decimal,
            factor,
            places,
            reference(decimal, factor, places),
          ]);
      }
    }
  });

  it('rounds a half up, and keeps the digits of long values', () => {
    const half = factorOf({ source: '斤', target: 'KG', factor: 0.5 });
    const twentieth = factorOf({ source: 'x', target: 'KG', factor: 0.05 });
    expect(scaled('0.001', half, 3)).toBe(0.001);
    expect(scaled('0.003', half, 3)).toBe(0.002);
    expect(scaled('12.345', twentieth, 3)).toBe(0.617);
    expect(scaled('0.01', twentieth, 3)).toBe(0.001);
    expect(scaled('0.009', twentieth, 3)).toBe(0);
    expect(scaled('123456789012345678.9', half, 3)).toBe(reference('123456789012345678.9', 0.5, 3));
    expect(scaled('999999999999999', twentieth, 3)).toBe(reference('999999999999999', 0.05, 3));
  });
});
