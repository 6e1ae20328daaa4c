import { describe, expect, it } from 'vitest';
import { vendorsToSubjects } from '../../../src/mappings/market-csv';
import type { MarketRow } from '../../../src/mappings/market-csv/fields';
import { contextWith, validateMapped } from './support';

const base: MarketRow = {
  同步序号: '1001',
  经营户编号: 'SH000118',
  摊位号: 'A-03',
  经营者名称: '王秀兰',
  证件类型: '身份证',
  证件号码: '620102196804123323',
  联系电话: '13919234567',
  登记日期: '2019-03-12',
};
const ctx = contextWith();
const map = (change: Partial<Record<string, string>>) => vendorsToSubjects.map({ ...base, ...change }, ctx);

describe('vendorsToSubjects', () => {
  it('maps a vendor to a national VENDOR subject of the instance region', () => {
    const result = vendorsToSubjects.map(base, ctx);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'lz-jc-market:vendors:SH000118',
        regionCode: '620102',
        sourceSystem: 'lz-jc-market',
        subjectCode: '620102196804123323',
        subjectIdType: 'RESIDENT_ID',
        name: '王秀兰',
        subjectType: 'VENDOR',
        contactPhone: '13919234567',
        registeredOn: '2019-03-12',
      },
    });
    if (result.ok) expect(validateMapped('subjects', result.record)).toEqual([]);
    expect(vendorsToSubjects.references).toBeUndefined();
  });

  it.each([
    ['身份证', 'RESIDENT_ID'],
    [' 身份证 ', 'RESIDENT_ID'],
    ['营业执照', 'CREDIT_CODE'],
    ['统一社会信用代码', 'CREDIT_CODE'],
  ])('证件类型 %j → %s', (label, type) => {
    const result = map({ 证件类型: label });
    expect(result.ok && result.record.subjectIdType).toBe(type);
  });

  it.each(['护照', '军官证', '身份'])('证件类型 %j is UNKNOWN_CODE', (label) => {
    const result = map({ 证件类型: label });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_CODE', field: '证件类型', value: label })]);
  });

  it.each([
    ['\t62010219820627100x', '62010219820627100X'],
    [' 92620102ma71c3k95b ', '92620102MA71C3K95B'],
    ['620102600123456', '620102600123456'],
  ])('证件号码 %j is sent trimmed and upper-cased as %s', (raw, code) => {
    const result = map({ 证件号码: raw });
    expect(result.ok && result.record.subjectCode).toBe(code);
  });

  it('sends a wrong document number as found, for national validation to judge', () => {
    const result = map({ 证件类型: '营业执照', 证件号码: '620102600123456' });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(validateMapped('subjects', result.record)).toContainEqual(expect.objectContaining({ code: 'E4001', path: '/subjectCode' }));
  });

  it.each([
    ['139 1930 4562', '13919304562'],
    ['13893125678/0931-5261234', '13893125678'],
    ['+86 139 1930 4562', '13919304562'],
    ['0931-8456721', '0931-8456721'],
    ['无、0931-8456721', '0931-8456721'],
  ])('联系电话 %j → contactPhone %s', (raw, phone) => {
    const result = map({ 联系电话: raw });
    expect(result.ok && result.record.contactPhone).toBe(phone);
    expect(result.warnings).toEqual([]);
  });

  it('drops a phone without any valid number, with OPTIONAL_FIELD_DROPPED', () => {
    const result = map({ 联系电话: '0931-52612' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.record).not.toHaveProperty('contactPhone');
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'OPTIONAL_FIELD_DROPPED', field: '联系电话' })]);
  });

  it('omits an absent phone without a warning', () => {
    const result = map({ 联系电话: '' });
    expect(result.ok && 'contactPhone' in result.record).toBe(false);
    expect(result.warnings).toEqual([]);
  });

  it.each([
    ['2019-03-12 00:00:00', '2019-03-12'],
    ['2019-03-12 9:5', '2019-03-12'],
  ])('登记日期 %j keeps its date %s', (raw, date) => {
    const result = map({ 登记日期: raw });
    expect(result.ok && result.record.registeredOn).toBe(date);
  });

  it.each(['2019年3月', '2024-02-30', '2019/03/12'])('登记日期 %j is UNPARSEABLE_VALUE', (raw) => {
    const result = map({ 登记日期: raw });
    expect(!result.ok && result.errors).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: '登记日期' })]);
  });

  it('reports every problem of a row at once', () => {
    const result = map({ 证件类型: '护照', 登记日期: 'x' });
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['证件类型', '登记日期']);
  });

  it('quarantines a row without its source key', () => {
    const result = map({ 经营户编号: '' });
    expect(!result.ok && result.errors).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: '经营户编号' })]);
  });

  it('leaves absent required fields absent for national validation (E4002)', () => {
    const result = map({ 经营者名称: '', 证件号码: '' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(validateMapped('subjects', result.record).map((e) => [e.code, e.path])).toEqual(
      expect.arrayContaining([
        ['E4002', '/subjectCode'],
        ['E4002', '/name'],
      ]),
    );
  });
});
