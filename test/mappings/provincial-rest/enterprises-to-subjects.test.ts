import { describe, expect, it } from 'vitest';
import { enterprisesToSubjects } from '../../../src/mappings/provincial-rest';
import { contextWith, validateMapped } from './support';

const base = {
  qyid: '1699204518370328577',
  qymc: '兰州榆中陇源蔬菜种植有限公司',
  tyshxydm: '91620123MA72K4D128',
  sfzh: null,
  ztlx: '企业',
  xzqhdm: '620123',
  dz: '甘肃省兰州市榆中县定远镇东古城村',
  fddbr: '张建国',
  lxdh: '13909316528',
  zcrq: '2018-04-26',
  gxsj: '2024-06-12 08:01:15',
  sfsc: '0',
};

const map = (patch: Record<string, unknown>) => enterprisesToSubjects.map({ ...base, ...patch }, contextWith());

describe('enterprisesToSubjects', () => {
  it('maps a complete enterprise to a valid subject', () => {
    const r = map({});
    expect(r).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'gs-provincial:enterprises:1699204518370328577',
        regionCode: '620123',
        sourceSystem: 'gs-provincial',
        subjectCode: '91620123MA72K4D128',
        subjectIdType: 'CREDIT_CODE',
        name: '兰州榆中陇源蔬菜种植有限公司',
        subjectType: 'ENTERPRISE',
        address: '甘肃省兰州市榆中县定远镇东古城村',
        legalRepresentative: '张建国',
        contactPhone: '13909316528',
        registeredOn: '2018-04-26',
      },
    });
    if (r.ok) expect(validateMapped('subjects', r.record)).toEqual([]);
  });

  it.each([
    ['credit code wins over a resident ID', { sfzh: '622924197803152315' }, '91620123MA72K4D128', 'CREDIT_CODE'],
    [
      'resident ID without credit code',
      { tyshxydm: '', sfzh: '622924197803152315', ztlx: '种植养殖户' },
      '622924197803152315',
      'RESIDENT_ID',
    ],
    ['trimmed and upper-cased', { tyshxydm: null, sfzh: ' 62292419780315231x\t' }, '62292419780315231X', 'RESIDENT_ID'],
    ['whitespace-only credit code is absent', { tyshxydm: '   ', sfzh: '622924197803152315' }, '622924197803152315', 'RESIDENT_ID'],
  ])('identifier: %s', (_name, patch, code, type) => {
    const r = map(patch);
    expect(r.ok && r.record.subjectCode).toBe(code);
    expect(r.ok && r.record.subjectIdType).toBe(type);
  });

  it('omits subjectCode and subjectIdType when neither identifier is present (E4002)', () => {
    const r = map({ tyshxydm: null, sfzh: '' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record).not.toHaveProperty('subjectCode');
    expect(r.record).not.toHaveProperty('subjectIdType');
    expect(validateMapped('subjects', r.record)).toContainEqual(expect.objectContaining({ code: 'E4002', path: '/subjectCode' }));
  });

  it.each([
    ['企业', 'ENTERPRISE'],
    ['农民专业合作社', 'COOPERATIVE'],
    [' 家庭 农场 ', 'FAMILY_FARM'],
    ['种植养殖户', 'INDIVIDUAL_FARMER'],
  ])('ztlx %s → %s', (ztlx, code) => {
    const r = map({ ztlx });
    expect(r.ok && r.record.subjectType).toBe(code);
  });

  it('an unknown ztlx is UNKNOWN_CODE naming the table', () => {
    const r = map({ ztlx: '其他' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        expect.objectContaining({
          code: 'UNKNOWN_CODE',
          field: 'ztlx',
          value: '其他',
          message: expect.stringContaining('subject-type-labels'),
        }),
      ]);
  });

  it.each([
    ['139 1930 4562', '13919304562'],
    ['13893125678/0931-5261234', '13893125678'],
    ['+86 139 0931 6528', '13909316528'],
    ['0931-52612;0932-8261105', '0932-8261105'],
  ])('lxdh %s → contactPhone %s', (lxdh, phone) => {
    const r = map({ lxdh });
    expect(r.ok && r.record.contactPhone).toBe(phone);
    expect(r.warnings).toEqual([]);
  });

  it('an lxdh without a valid number is dropped with OPTIONAL_FIELD_DROPPED', () => {
    const r = map({ lxdh: '0931-52612' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.record).not.toHaveProperty('contactPhone');
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'OPTIONAL_FIELD_DROPPED', field: 'lxdh' })]);
  });

  it('an absent lxdh is simply absent, without warning', () => {
    const r = map({ lxdh: '  ' });
    expect(r.ok && r.record.contactPhone).toBeUndefined();
    expect(r.warnings).toEqual([]);
  });

  it.each([
    ['620123', '620123'],
    ['620826104201', '620826'],
    ['620503104', '620503'],
  ])('xzqhdm %s → regionCode %s', (xzqhdm, region) => {
    const r = map({ xzqhdm });
    expect(r.ok && r.record.regionCode).toBe(region);
  });

  it.each(['62012', '6201231', 'abc123'])('xzqhdm %s is UNPARSEABLE_VALUE', (xzqhdm) => {
    const r = map({ xzqhdm });
    expect(!r.ok && r.errors).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: 'xzqhdm' })]);
  });

  it.each([
    ['2020-04-17 00:00:00', '2020-04-17'],
    ['2020-04-17 13:45:00', '2020-04-17'],
  ])('zcrq %s keeps its date', (zcrq, date) => {
    const r = map({ zcrq });
    expect(r.ok && r.record.registeredOn).toBe(date);
  });

  it.each(['2019年3月', '2024-02-30', '2024/06/12'])('zcrq %s is UNPARSEABLE_VALUE', (zcrq) => {
    const r = map({ zcrq });
    expect(!r.ok && r.errors).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: 'zcrq', value: zcrq })]);
  });

  it('reports every problem of a record at once', () => {
    const r = map({ ztlx: '其他', zcrq: 'bad', xzqhdm: '1' });
    expect(!r.ok && r.errors.map((e) => e.field).sort()).toEqual(['xzqhdm', 'zcrq', 'ztlx']);
  });

  it('a resident ID typed 家庭农场 is mapped as found and fails validation with E4005', () => {
    const r = map({ tyshxydm: null, sfzh: '620123198507122149', ztlx: '家庭农场' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(validateMapped('subjects', r.record)).toEqual([expect.objectContaining({ code: 'E4005', path: '/subjectType' })]);
  });

  it('trims names and keeps their full-width punctuation', () => {
    const r = map({ qymc: '  兰州（榆中）蔬菜公司 ' });
    expect(r.ok && r.record.name).toBe('兰州（榆中）蔬菜公司');
  });
});
