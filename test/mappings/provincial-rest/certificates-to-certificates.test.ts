import { describe, expect, it } from 'vitest';
import { certificatesToCertificates } from '../../../src/mappings/provincial-rest';
import { buildTable } from '../../../src/mappings/tables';
import { contextWith, tables, validateMapped } from './support';

const issuer = { qyid: '1699204518370328577', tyshxydm: '91620123MA72K4D128', ztlx: '企业', xzqhdm: '620123', sfsc: '0' };
const ctx = contextWith(new Map([[issuer.qyid, issuer]]));
const ALL = ['NO_BANNED_DRUGS', 'NO_ILLEGAL_ADDITIVES', 'OBSERVE_INTERVALS', 'MEETS_RESIDUE_STANDARDS'];
const base = {
  hgzid: '1800426221707329537',
  hgzbh: 'HG620123240611000012',
  zsm: '62012301240611000122',
  qyid: '1699204518370328577',
  cpmc: '娃娃菜',
  cplb: '01010002',
  sl: '12000',
  dw: '公斤',
  kjrq: '2024-06-11',
  cnnr: '不使用禁限用农药兽药、不使用非法添加物、遵守农药安全间隔期、兽药休药期规定、销售的食用农产品符合农药兽药残留食品安全国家强制性标准',
  kjyj: '自检合格',
  jcbh: 'KJ6201232406110007',
  gxsj: '2024-06-11 19:35:40',
  sfsc: '0',
};
const map = (patch: Record<string, unknown>) => certificatesToCertificates.map({ ...base, ...patch }, ctx);

describe('certificatesToCertificates', () => {
  it('maps a certificate with its issuer to a valid national certificate', () => {
    const r = map({});
    expect(r).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'gs-provincial:certificates:1800426221707329537',
        regionCode: '620123',
        sourceSystem: 'gs-provincial',
        certificateNo: 'HG620123240611000012',
        traceCode: '62012301240611000122',
        subjectCode: '91620123MA72K4D128',
        productCode: 'VEG_LEAFY',
        quantity: 12000,
        unit: 'KG',
        issuedOn: '2024-06-11',
        commitments: ALL,
        basis: 'SELF_TEST',
        inspectionNo: 'KJ6201232406110007',
      },
    });
    if (r.ok) expect(validateMapped('certificates', r.record)).toEqual([]);
  });

  it('declares its issuer as a reference and needs it', () => {
    expect(certificatesToCertificates.references!(base)).toEqual([{ stream: 'enterprises', sourceKey: issuer.qyid }]);
    expect(map({ qyid: '1800999999999999999' })).toMatchObject({ ok: false, errors: [{ code: 'UNRESOLVED_REFERENCE', field: 'qyid' }] });
  });

  it.each([
    ['the third text contains 、', base.cnnr, ALL],
    ['full-width commas, source order ignored', '遵守农药安全间隔期规定，不使用禁限用农药兽药，不使用非法添加物', ALL.slice(0, 3)],
    [
      'tick marks and spaces',
      '☑不使用禁限用农药兽药 ☑不使用非法添加物 ☑遵守农药安全间隔期、兽药休药期规定 ☑销售的食用农产品符合农药兽药残留食品安全国家强制性标准',
      ALL,
    ],
    [
      'semicolons and line breaks',
      '不使用禁限用农药兽药;\n不使用非法添加物；\r\n销售的食用农产品符合农药兽药残留食品安全国家强制性标准',
      [ALL[0], ALL[1], ALL[3]],
    ],
    ['√ and □ marks', '√不使用禁限用农药兽药□不使用非法添加物', ALL.slice(0, 2)],
    ['variants of one commitment count once', '不使用禁限用农药、兽药、不使用禁用农药兽药', ['NO_BANNED_DRUGS']],
    ['longest match wins over a shorter prefix', '不使用禁限用农药兽药', ['NO_BANNED_DRUGS']],
    ['intervals written with 和', '遵守农药安全间隔期和兽药休药期规定。', ['OBSERVE_INTERVALS']],
  ])('cnnr: %s', (_name, cnnr, codes) => {
    expect(map({ cnnr })).toMatchObject({ ok: true, record: { commitments: codes } });
  });

  it('an unknown commitment text is UNKNOWN_CODE on cnnr, naming the text', () => {
    const r = map({ cnnr: '不使用禁限用农药兽药、保证产品新鲜' });
    expect(!r.ok && r.errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_CODE', field: 'cnnr', value: '保证产品新鲜' })]);
  });

  it('a cnnr of separators only gives no commitments: the field is omitted (E4002), never []', () => {
    const r = map({ cnnr: '☑ 、' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record).not.toHaveProperty('commitments');
    expect(validateMapped('certificates', r.record)).toContainEqual(expect.objectContaining({ code: 'E4002', path: '/commitments' }));
  });

  it('tokenises against the table given in the context (a table edit applies on replay)', () => {
    const extended = buildTable({
      name: 'commitment-texts',
      version: '2',
      lookup: 'label',
      separators: ['、'],
      entries: [...tables['commitment-texts']!.entries, { source: '保证产品新鲜', target: 'MEETS_RESIDUE_STANDARDS' }],
    });
    const r = certificatesToCertificates.map(
      { ...base, cnnr: '不使用禁限用农药兽药、保证产品新鲜' },
      { ...ctx, tables: { ...tables, 'commitment-texts': extended } },
    );
    expect(r).toMatchObject({ ok: true, record: { commitments: ['NO_BANNED_DRUGS', 'MEETS_RESIDUE_STANDARDS'] } });
  });

  it.each([
    ['自检合格', 'SELF_TEST'],
    ['委托检测合格', 'COMMISSIONED_TEST'],
    ['内部质量控制合格', 'INTERNAL_CONTROL'],
    ['自我承诺', 'INTERNAL_CONTROL'],
    ['动物检疫合格', 'QUARANTINE'],
  ])('kjyj %s → basis %s', (kjyj, basis) => {
    expect(map({ kjyj })).toMatchObject({ ok: true, record: { basis } });
  });

  it('an unknown kjyj is UNKNOWN_CODE', () => {
    expect(map({ kjyj: '其他' })).toMatchObject({ ok: false, errors: [{ code: 'UNKNOWN_CODE', field: 'kjyj' }] });
  });

  it('SELF_TEST without jcbh is mapped and refused nationally at /inspectionNo (E4002)', () => {
    const r = map({ jcbh: '' });
    expect(r.ok && 'inspectionNo' in r.record).toBe(false);
    if (r.ok)
      expect(validateMapped('certificates', r.record)).toContainEqual(expect.objectContaining({ code: 'E4002', path: '/inspectionNo' }));
  });

  it('quantity and unit follow the batch rule; kjrq keeps its date', () => {
    expect(map({ sl: '2400', dw: '斤', kjrq: '2024-06-11 00:00:00' })).toMatchObject({
      ok: true,
      record: { quantity: 1200, unit: 'KG', issuedOn: '2024-06-11' },
    });
    expect(map({ sl: 'x', dw: '担', kjrq: '6/11' })).toMatchObject({ ok: false });
    const r = map({ sl: 'x', dw: '担', kjrq: '6/11' });
    expect(!r.ok && r.errors.map((e) => `${e.code}:${e.field}`).sort()).toEqual([
      'UNKNOWN_CODE:dw',
      'UNPARSEABLE_VALUE:kjrq',
      'UNPARSEABLE_VALUE:sl',
    ]);
  });
});
