import { describe, expect, it } from 'vitest';
import { inspectionsToInspections } from '../../../src/mappings/provincial-rest';
import { contextWith, validateMapped } from './support';

const ctx = contextWith();
const item = (patch: Record<string, unknown> = {}) => ({ xmmc: '毒死蜱', jcz: '0.006', xdz: '0.02', dw: 'mg/kg', jl: '合格', ...patch });
const base = {
  jcid: '1800433590076534785',
  jcbh: 'LZNJ-2024-W-03125',
  zsm: '62012301240611000276',
  jcff: '实验室',
  jcjg: '兰州市农产品质量安全检测中心',
  jcsj: '2024-06-11 15:20:00',
  jcxm: [item()],
  jcjl: '合格',
  gxsj: '2024-06-11 20:25:37',
  sfsc: '0',
};
const map = (patch: Record<string, unknown>) => inspectionsToInspections.map({ ...base, ...patch }, ctx);
const firstItem = (patch: Record<string, unknown>) => {
  const r = map({ jcxm: [item(patch)] });
  return r.ok ? { item: (r.record.items as Record<string, unknown>[])[0], warnings: r.warnings } : { errors: r.errors };
};

describe('inspectionsToInspections', () => {
  it('maps a laboratory inspection to a valid national inspection', () => {
    const r = map({});
    expect(r).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'gs-provincial:inspections:1800433590076534785',
        regionCode: '620123',
        sourceSystem: 'gs-provincial',
        inspectionNo: 'LZNJ-2024-W-03125',
        traceCode: '62012301240611000276',
        method: 'LAB',
        agency: '兰州市农产品质量安全检测中心',
        testedAt: '2024-06-11T15:20:00+08:00',
        items: [{ itemCode: 'CHLORPYRIFOS', value: 0.006, limit: 0.02, unit: 'mg/kg', result: 'PASS' }],
        conclusion: 'PASS',
      },
    });
    if (r.ok) expect(validateMapped('inspections', r.record)).toEqual([]);
  });

  it.each([
    ['快检', 'RAPID'],
    ['快速检测', 'RAPID'],
    ['实验室', 'LAB'],
    [' 实验室检测 ', 'LAB'],
  ])('jcff %s → %s', (jcff, method) => {
    expect(map({ jcff })).toMatchObject({ ok: true, record: { method } });
  });

  it.each([
    ['jcff', { jcff: '抽检' }],
    ['jcjl', { jcjl: '基本合格' }],
    ['jcxm[0].jl', { jcxm: [item({ jl: '待定' })] }],
    ['jcxm[0].xmmc', { jcxm: [item({ xmmc: '苏丹红' })] }],
    ['jcxm[0].dw', { jcxm: [item({ dw: 'mg/L' })] }],
  ])('an unknown %s is UNKNOWN_CODE', (field, patch) => {
    expect(map(patch)).toMatchObject({ ok: false, errors: [{ code: 'UNKNOWN_CODE', field }] });
  });

  it.each([
    ['未检出', 0],
    ['ND', 0],
    ['nd', 0],
    ['<0.005', 0],
    ['＜0.005', 0],
    ['0.0035', 0.0035],
    [' 1 2.4 ', 12.4],
  ])('jcz %j → value %d', (jcz, value) => {
    expect(firstItem({ jcz }).item).toMatchObject({ value });
  });

  it.each(['阳性', '-0.1', '0.1mg', '<', '1,5'])('jcz %j is UNPARSEABLE_VALUE', (jcz) => {
    expect(firstItem({ jcz }).errors).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: 'jcxm[0].jcz' })]);
  });

  it('converts μg/kg (any spelling of the micro sign) to mg/kg for value and limit, 6 decimals half up', () => {
    expect(firstItem({ jcz: '35.2', xdz: '100', dw: 'μg/kg' }).item).toEqual({
      itemCode: 'CHLORPYRIFOS',
      value: 0.0352,
      limit: 0.1,
      unit: 'mg/kg',
      result: 'PASS',
    });
    expect(firstItem({ jcz: '35.2', xdz: '100', dw: 'µg/kg' }).item).toMatchObject({ value: 0.0352, unit: 'mg/kg' });
    expect(firstItem({ jcz: '0.0015', xdz: '10', dw: 'ug/kg' }).item).toMatchObject({ value: 0.000002 });
    expect(firstItem({ jcz: '0.0003', xdz: '10', dw: 'ppb' }).item).toMatchObject({ value: 0 });
  });

  it.each([[''], [null], ['0'], ['0.0'], ['0.00'], ['不得检出']])('xdz %j: no limit and no warning', (xdz) => {
    const { item: mapped, warnings } = firstItem({ xdz, jcz: '未检出' });
    expect(mapped).not.toHaveProperty('limit');
    expect(warnings).toEqual([]);
  });

  it('a converted limit that rounds to 0 is omitted with PRECISION_LOSS', () => {
    const { item: mapped, warnings } = firstItem({ xdz: '0.0004', jcz: '未检出', dw: 'μg/kg' });
    expect(mapped).not.toHaveProperty('limit');
    expect(warnings).toEqual([expect.objectContaining({ code: 'PRECISION_LOSS', field: 'jcxm[0].xdz' })]);
  });

  it('an unparseable xdz is UNPARSEABLE_VALUE', () => {
    expect(firstItem({ xdz: '≤0.02' }).errors).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: 'jcxm[0].xdz' })]);
  });

  it('a source % on an inhibition item is inhibition%, on another item %', () => {
    expect(firstItem({ xmmc: '有机磷和氨基甲酸酯类农药', jcz: '12.4', xdz: '50', dw: '%' }).item).toMatchObject({
      itemCode: 'OP_CARBAMATE_INHIBITION',
      unit: 'inhibition%',
    });
    expect(firstItem({ xmmc: '磺胺类', jcz: '0.01', xdz: '0.1', dw: '%' }).item).toMatchObject({ itemCode: 'SULFONAMIDES', unit: '%' });
    expect(firstItem({ xmmc: '酶抑制率', jcz: '12.4', xdz: '50', dw: '抑制率(%)' }).item).toMatchObject({ unit: 'inhibition%' });
  });

  it('normalises item names (full-width parentheses)', () => {
    expect(firstItem({ xmmc: '瘦肉精（克伦特罗）', jcz: '未检出', xdz: '', dw: 'μg/kg' }).item).toMatchObject({ itemCode: 'CLENBUTEROL' });
  });

  it('does not recompute results: an exceeded limit marked 合格 fails validation with E4005', () => {
    const r = map({ jcxm: [item({ jcz: '0.035' })] });
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(validateMapped('inspections', r.record)).toContainEqual(expect.objectContaining({ code: 'E4005', path: '/items/0/result' }));
  });

  it('names the failing item by position', () => {
    const r = map({ jcxm: [item(), item({ xmmc: '苏丹红' }), item({ jcz: '阳性' })] });
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual(['jcxm[1].xmmc', 'jcxm[2].jcz']);
  });

  it('jcsj not in YYYY-MM-DD HH:mm:ss is UNPARSEABLE_VALUE', () => {
    expect(map({ jcsj: '2024/06/12 10:20' })).toMatchObject({ ok: false, errors: [{ code: 'UNPARSEABLE_VALUE', field: 'jcsj' }] });
    expect(map({ jcsj: '2024-06-31 10:20:00' })).toMatchObject({ ok: false, errors: [{ code: 'UNPARSEABLE_VALUE', field: 'jcsj' }] });
  });

  it('jcxm that is not a list is UNPARSEABLE_VALUE; a non-object item too', () => {
    expect(map({ jcxm: '毒死蜱' })).toMatchObject({ ok: false, errors: [{ code: 'UNPARSEABLE_VALUE', field: 'jcxm' }] });
    expect(map({ jcxm: ['x'] })).toMatchObject({ ok: false, errors: [{ code: 'UNPARSEABLE_VALUE', field: 'jcxm[0]' }] });
  });

  it('more than 50 items are mapped as found and refused nationally (E4001)', () => {
    const r = map({ jcxm: Array.from({ length: 51 }, () => item()) });
    expect(r.ok).toBe(true);
    if (r.ok) expect(validateMapped('inspections', r.record)).toContainEqual(expect.objectContaining({ code: 'E4001', path: '/items' }));
  });

  it('regionCode is the trace code region', () => {
    expect(map({ zsm: '62292402240611000034' })).toMatchObject({ ok: true, record: { regionCode: '622924' } });
  });
});
