import { describe, expect, it } from 'vitest';
import { batchesToBatches, subjectIdentifier } from '../../../src/mappings/provincial-rest';
import { contextWith, validateMapped } from './support';

const producer = { qyid: '1699204518370328577', tyshxydm: '91620123MA72K4D128', sfzh: null, ztlx: '企业', xzqhdm: '620123', sfsc: '0' };
const farmer = {
  qyid: '1725448019833794562',
  tyshxydm: null,
  sfzh: '622924197803152315',
  ztlx: '种植养殖户',
  xzqhdm: '622924000000',
  sfsc: '1',
};
const ctx = contextWith(
  new Map<string, unknown>([
    [producer.qyid, producer],
    [farmer.qyid, farmer],
  ]),
);

const base = {
  pcid: '1800412764306591745',
  zsm: '62012301240611000122',
  qyid: '1699204518370328577',
  cpmc: '娃娃菜',
  cplb: '01010002',
  sl: '12000',
  dw: '公斤',
  scrq: '2024-06-11',
  cdxzqh: '620123',
  jdmc: '定远镇高原夏菜种植基地',
  gxsj: '2024-06-11 18:20:05',
  sfsc: '0',
};

const map = (patch: Record<string, unknown>) => batchesToBatches.map({ ...base, ...patch }, ctx);

describe('batchesToBatches', () => {
  it('maps a batch with its producer to a valid national batch', () => {
    const r = map({});
    expect(r).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'gs-provincial:batches:1800412764306591745',
        regionCode: '620123',
        sourceSystem: 'gs-provincial',
        traceCode: '62012301240611000122',
        subjectCode: '91620123MA72K4D128',
        productCode: 'VEG_LEAFY',
        productName: '娃娃菜',
        quantity: 12000,
        unit: 'KG',
        producedOn: '2024-06-11',
        originRegionCode: '620123',
        baseName: '定远镇高原夏菜种植基地',
      },
    });
    if (r.ok) expect(validateMapped('batches', r.record)).toEqual([]);
  });

  it('declares its producer as a reference', () => {
    expect(batchesToBatches.references!({ ...base, qyid: ' 1699204518370328577 ' })).toEqual([
      { stream: 'enterprises', sourceKey: '1699204518370328577' },
    ]);
    expect(batchesToBatches.references!({ ...base, qyid: null })).toEqual([]);
  });

  it('takes a resident ID producer and its region, even when the enterprise is soft-deleted', () => {
    const r = map({ qyid: farmer.qyid, zsm: '62292402240611000034' });
    expect(r.ok && r.record.subjectCode).toBe(subjectIdentifier(farmer)!.subjectCode);
    expect(r.ok && r.record.regionCode).toBe('622924');
  });

  it('an enterprise neither staged nor found is UNRESOLVED_REFERENCE on qyid', () => {
    const r = map({ qyid: '1800999999999999999' });
    expect(!r.ok && r.errors).toEqual([
      expect.objectContaining({ code: 'UNRESOLVED_REFERENCE', field: 'qyid', value: '1800999999999999999' }),
    ]);
  });

  it('a producer without identifier leaves subjectCode absent (E4002)', () => {
    const r = batchesToBatches.map(base, contextWith(new Map([[producer.qyid, { ...producer, tyshxydm: '' }]])));
    expect(r.ok).toBe(true);
    if (r.ok) expect(validateMapped('batches', r.record)).toContainEqual(expect.objectContaining({ code: 'E4002', path: '/subjectCode' }));
  });

  it.each([
    ['12000', '公斤', 12000, 'KG'],
    [' 8 500 ', '公斤', 8500, 'KG'],
    ['2400', '斤', 1200, 'KG'],
    ['2401', '斤', 1200.5, 'KG'],
    ['3.3335', '公斤', 3.334, 'KG'],
    ['1.0005', '斤', 0.5, 'KG'],
    ['7', '两', 0.35, 'KG'],
    ['30', '吨', 30, 'T'],
    ['56', '头', 56, 'HEAD'],
    ['1500.5', 'KG', 1500.5, 'KG'],
  ])('sl %j %s → %d %s', (sl, dw, quantity, unit) => {
    const r = map({ sl, dw });
    expect(r.ok && [r.record.quantity, r.record.unit]).toEqual([quantity, unit]);
  });

  it.each(['约500', '3,654.8', '500公斤', '1.2.5', '-5', 'abc'])('sl %j is UNPARSEABLE_VALUE', (sl) => {
    const r = map({ sl });
    expect(!r.ok && r.errors).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: 'sl' })]);
  });

  it('a zero quantity is sent and refused nationally (E4001)', () => {
    const r = map({ sl: '0' });
    expect(r.ok && r.record.quantity).toBe(0);
    if (r.ok) expect(validateMapped('batches', r.record)).toContainEqual(expect.objectContaining({ code: 'E4001', path: '/quantity' }));
  });

  it.each([
    ['dw', { dw: '担' }],
    ['cplb', { cplb: '01010099' }],
  ])('an unknown %s is UNKNOWN_CODE', (field, patch) => {
    const r = map(patch);
    expect(!r.ok && r.errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_CODE', field })]);
  });

  it('cplb is a code lookup: trimmed, not normalised', () => {
    expect(map({ cplb: ' 01010002 ' }).ok).toBe(true);
    expect(map({ cplb: '１０１０００２' }).ok).toBe(false);
  });

  it('a 12-digit cdxzqh gives its county; a malformed one is UNPARSEABLE_VALUE', () => {
    expect(map({ cdxzqh: '620503104201' })).toMatchObject({ ok: true, record: { originRegionCode: '620503' } });
    expect(map({ cdxzqh: '6205031' })).toMatchObject({ ok: false, errors: [{ code: 'UNPARSEABLE_VALUE', field: 'cdxzqh' }] });
  });

  it('scrq with a time part keeps its date; a bad one is UNPARSEABLE_VALUE', () => {
    expect(map({ scrq: '2024-06-11 00:00:00' })).toMatchObject({ ok: true, record: { producedOn: '2024-06-11' } });
    expect(map({ scrq: '2024-13-01' })).toMatchObject({ ok: false, errors: [{ code: 'UNPARSEABLE_VALUE', field: 'scrq' }] });
  });

  it('empty jdmc leaves baseName absent', () => {
    const r = map({ jdmc: '' });
    expect(r.ok && 'baseName' in r.record).toBe(false);
  });

  it('a trace code with a wrong check digit is sent as found and refused nationally (E4004)', () => {
    const r = map({ zsm: '62012301240612000162' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(validateMapped('batches', r.record)).toEqual([expect.objectContaining({ code: 'E4004', path: '/traceCode' })]);
  });

  it('an unusable producer region is UNPARSEABLE_VALUE on qyid', () => {
    const r = batchesToBatches.map(base, contextWith(new Map([[producer.qyid, { ...producer, xzqhdm: '62-0123' }]])));
    expect(!r.ok && r.errors).toEqual([expect.objectContaining({ code: 'UNPARSEABLE_VALUE', field: 'qyid' })]);
  });
});
