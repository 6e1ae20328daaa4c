import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckChar,
  isCreditCodeShaped,
  isRegionCodeShaped,
  isResidentIdShaped,
  isValidCreditCode,
  isValidResidentId,
  isValidTraceCode,
  maskPersonalId,
  residentIdCheckChar,
  traceCodeCheckDigit,
  traceCodeProblem,
} from '../../src/national/check-characters';

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('unified social credit code (§6.2)', () => {
  it('accepts the spec example and refuses it with any other check character', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    for (const c of CREDIT_ALPHABET.replace('3', '')) {
      expect(isValidCreditCode(`91350100M000100Y4${c}`)).toBe(false);
    }
  });

  it('accepts the credit codes of the samples', () => {
    for (const code of ['91620123MA72K4D128', '93620123MA73B8W240', '92621102MA72Q6N308', '12620000438002713Y', '91620105MA72R6G15D']) {
      expect(isValidCreditCode(code)).toBe(true);
    }
  });

  it('maps a computed 31 to the character 0', () => {
    // Find a body whose weighted sum is 0 mod 31: then 31 - 0 = 31 → '0'.
    const body = '00000000000000000';
    expect(creditCodeCheckChar(body)).toBe('0');
    expect(isValidCreditCode(`${body}0`)).toBe(true);
  });

  it('knows the shape: 18 characters over the alphabet, no I O S V Z', () => {
    expect(isCreditCodeShaped('91350100M000100Y44')).toBe(true);
    expect(isCreditCodeShaped('622924197803152315')).toBe(true);
    for (const letter of 'IOSVZ') expect(isCreditCodeShaped(`91350100M000100Y4${letter}`)).toBe(false);
    expect(isCreditCodeShaped('91350100m000100Y43')).toBe(false);
    expect(isCreditCodeShaped('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y433')).toBe(false);
  });

  it('refuses a body of the wrong length or alphabet', () => {
    expect(() => creditCodeCheckChar('9135')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100I4')).toThrow(RangeError);
  });
});

describe('resident ID number (§6.3)', () => {
  it('accepts a valid number and refuses a wrong check character', () => {
    expect(isValidResidentId('622924197803152315')).toBe(true);
    expect(residentIdCheckChar('62292419780315231')).toBe('5');
    expect(isValidResidentId('622924197803152316')).toBe(false);
    expect(isValidResidentId('62292419780315231X')).toBe(false);
  });

  it('accepts X as the check character where MOD 11-2 gives 10', () => {
    expect(residentIdCheckChar('62010219820627100')).toBe('X');
    expect(isValidResidentId('62010219820627100X')).toBe(true);
    expect(isValidResidentId('62010219820627100x')).toBe(false);
  });

  it('checks only the pattern and the check character, not the birth date', () => {
    const body = '62292419781345231'; // month 13
    expect(isValidResidentId(body + residentIdCheckChar(body))).toBe(true);
  });

  it('knows the shape', () => {
    expect(isResidentIdShaped('622924197803152316')).toBe(true);
    expect(isResidentIdShaped('62292419780315231X')).toBe(true);
    expect(isResidentIdShaped('62292419780315231A')).toBe(false);
    expect(isResidentIdShaped('62292419780315231')).toBe(false);
  });
});

describe('trace code (§6.4, §7.17)', () => {
  it('computes the GS1 mod-10 digit from the right, weight 3 first', () => {
    expect(traceCodeCheckDigit('6201230124061100012')).toBe('2');
    expect(traceCodeCheckDigit('0000000000000000001')).toBe('7'); // 1×3 → 10 − 3
    expect(traceCodeCheckDigit('0000000000000000010')).toBe('9'); // 1×1 → 10 − 1
    expect(traceCodeCheckDigit('0000000000000000000')).toBe('0');
    expect(isValidTraceCode('62012301240611000122')).toBe(true);
    expect(isValidTraceCode('62012301240611000123')).toBe(false);
  });

  const withCheck = (first19: string): string => first19 + traceCodeCheckDigit(first19);
  const provinces = (code: string): boolean => code === '62';

  it('names what is wrong, in the order format, province, check', () => {
    expect(traceCodeProblem(withCheck('6201230124061100012'), provinces)).toBeUndefined();
    expect(traceCodeProblem('6201230124061100012', provinces)).toBe('format');
    expect(traceCodeProblem(withCheck('6200230124061100012'), provinces)).toBe('format'); // city 00, county 23
    expect(traceCodeProblem(withCheck('6200000124061100012'), provinces)).toBeUndefined(); // the province itself
    expect(traceCodeProblem(withCheck('6201230024061100012'), provinces)).toBe('format'); // link 00
    expect(traceCodeProblem(withCheck('6201231024061100012'), provinces)).toBe('format'); // link 10
    expect(traceCodeProblem(withCheck('6201230924061100012'), provinces)).toBeUndefined(); // link 09
    expect(traceCodeProblem(withCheck('6201230124023000012'), provinces)).toBe('format'); // 2024-02-30
    expect(traceCodeProblem(withCheck('6201230124022900012'), provinces)).toBeUndefined(); // 2024-02-29
    expect(traceCodeProblem(withCheck('6201230123022900012'), provinces)).toBe('format'); // 2023-02-29
    expect(traceCodeProblem(withCheck('6201230100022900012'), provinces)).toBeUndefined(); // 2000 is a leap year
    expect(traceCodeProblem(withCheck('6201230124130100012'), provinces)).toBe('format'); // month 13
    expect(traceCodeProblem(withCheck('9901230124061100012'), provinces)).toBe('province');
    expect(traceCodeProblem('99012301240611000120', provinces)).toBe('province'); // before the check digit
    expect(traceCodeProblem('62012301240611000123', provinces)).toBe('check');
  });
});

describe('region code structure (§7.17)', () => {
  it('requires 6 digits and a county part 00 under a city part 00', () => {
    expect(isRegionCodeShaped('620123')).toBe(true);
    expect(isRegionCodeShaped('620100')).toBe(true);
    expect(isRegionCodeShaped('620000')).toBe(true);
    expect(isRegionCodeShaped('620001')).toBe(false);
    expect(isRegionCodeShaped('62012')).toBe(false);
    expect(isRegionCodeShaped('62012A')).toBe(false);
  });
});

describe('maskPersonalId', () => {
  it('keeps the first 4 and the last 4 characters', () => {
    expect(maskPersonalId('622924197803152315')).toBe('6229**********2315');
    expect(maskPersonalId('62010219820627100X')).toBe('6201**********100X');
    expect(maskPersonalId('123456789')).toBe('1234*6789');
  });

  it('masks a short value whole', () => {
    expect(maskPersonalId('12345678')).toBe('********');
    expect(maskPersonalId('')).toBe('');
  });
});
