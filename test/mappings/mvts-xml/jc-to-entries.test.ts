import { describe, expect, it } from 'vitest';
import { jcToEntries } from '../../../src/mappings/mvts-xml';
import { ctx, nationalErrors } from './helpers';

const base = {
  EntryNo: 'JC6201022406120088',
  NodeCode: '620102020001',
  SellerNodeOrId: '620111197909234151',
  SellerName: '马建华',
  SupplierNodeOrId: '620111010001',
  GoodsCode: '1010101',
  GoodsName: '白条猪（带皮）',
  Weight: '1820.40',
  TraceCode: '62011103240612000155',
  QuarantineNo: '620111200458',
  OriginCertNo: '',
  EntryTime: '20240612051230',
  UploadTime: '20240612052001',
};

const map = (over: Record<string, unknown> = {}) => jcToEntries.map({ ...base, ...over }, ctx);

describe('jcToEntries', () => {
  it('maps a meat entry with a node-code supplier', () => {
    const r = map();
    expect(r).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'gs-mvts:JC:620102020001-JC6201022406120088',
        regionCode: '620102',
        sourceSystem: 'gs-mvts',
        entryNo: 'JC6201022406120088',
        marketCode: '91620102MA72N4H732',
        vendorCode: '620111197909234151',
        supplierCode: '91620111MA73J5M26Q',
        traceCode: '62011103240612000155',
        productCode: 'MEAT_PORK',
        quantity: 1820.4,
        unit: 'KG',
        enteredAt: '2024-06-12T05:12:30+08:00',
        quarantineCertNo: '620111200458',
      },
    });
    expect(nationalErrors('entries', r)).toEqual([]);
  });

  it.each([
    ['62010319751108451x', '62010319751108451X'],
    [' 91620123ma72k4d128 ', '91620123MA72K4D128'],
    ['620104020001', '91620104MA73Y2C696'],
  ])('vendor %j → %s', (value, expected) => {
    const r = map({ SellerNodeOrId: value });
    expect(r.ok && r.record.vendorCode).toBe(expected);
  });

  it('sends a bad required vendor as found (national validation refuses it)', () => {
    const r = map({ SellerNodeOrId: '620111197909234152' });
    expect(r.ok && r.record.vendorCode).toBe('620111197909234152');
    expect(nationalErrors('entries', r)).toContainEqual(expect.objectContaining({ code: 'E4004', path: '/vendorCode' }));
  });

  it.each([
    [{ SellerNodeOrId: '620199020009' }, 'UNKNOWN_NODE', 'SellerNodeOrId'],
    [{ SupplierNodeOrId: '620199010009' }, 'UNKNOWN_NODE', 'SupplierNodeOrId'],
    [{ GoodsCode: '1990101' }, 'UNKNOWN_CODE', 'GoodsCode'],
    [{ Weight: '1,820.40' }, 'UNPARSEABLE_VALUE', 'Weight'],
    [{ EntryTime: '202406120512' }, 'UNPARSEABLE_VALUE', 'EntryTime'],
    [{ NodeCode: '620102020009' }, 'UNKNOWN_NODE', 'NodeCode'],
  ])('%j → %s on %s', (over, code, field) => {
    const r = map(over);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual(expect.objectContaining({ code, field }));
  });

  it('drops an invalid optional supplier with a masked warning', () => {
    const r = map({ SupplierNodeOrId: '620111197909234152' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.supplierCode).toBeUndefined();
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'OPTIONAL_FIELD_DROPPED', field: 'SupplierNodeOrId' })]);
    expect(r.warnings[0]!.message).not.toContain('620111197909234152');
    expect(r.warnings[0]!.message).toContain('6201**********4152');
  });

  it('keeps a valid identifier as optional supplier and omits an absent one silently', () => {
    const a = map({ SupplierNodeOrId: '91620123MA72K4D128' });
    expect(a.ok && a.record.supplierCode).toBe('91620123MA72K4D128');
    const b = map({ SupplierNodeOrId: '   ' });
    expect(b.ok && [b.record.supplierCode, b.warnings]).toEqual([undefined, []]);
  });

  it('maps vegetables without quarantine number and with an origin certificate', () => {
    const r = map({ GoodsCode: ' 2010002 ', QuarantineNo: '', OriginCertNo: ' HG620123240611000012 ', TraceCode: '62012301240611000122' });
    expect(r.ok && [r.record.productCode, r.record.quarantineCertNo, r.record.originCertificateNo]).toEqual([
      'VEG_LEAFY',
      undefined,
      'HG620123240611000012',
    ]);
    expect(nationalErrors('entries', r)).toEqual([]);
  });

  it('leaves a meat entry without quarantine number to national validation (E4002)', () => {
    expect(nationalErrors('entries', map({ QuarantineNo: '' }))).toContainEqual(
      expect.objectContaining({ code: 'E4002', path: '/quarantineCertNo' }),
    );
  });

  it('rounds the weight half up to 3 decimals', () => {
    const r = map({ Weight: '10.0005' });
    expect(r.ok && r.record.quantity).toBe(10.001);
  });
});
