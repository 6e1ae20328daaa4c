import { describe, expect, it } from 'vitest';
import { tzToSlaughter } from '../../../src/mappings/mvts-xml';
import { ctx, nationalErrors } from './helpers';

const base = {
  SlaughterNo: 'TZ6201112406120015',
  TraceCode: '62011103240612000155',
  NodeCode: '620111010001',
  AnimalType: '1',
  OwnerName: '李红军',
  HeadCount: '42',
  CarcassWeight: '3654.80',
  QuarantineNo: '620123100356',
  OriginCode: '620123',
  OriginName: '甘肃省兰州市榆中县',
  SlaughterTime: '20240612033000',
  UploadTime: '20240612041502',
};

const map = (over: Record<string, unknown> = {}) => tzToSlaughter.map({ ...base, ...over }, ctx);

describe('tzToSlaughter', () => {
  it('maps a complete record to a valid slaughter record', () => {
    const result = map();
    expect(result).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'gs-mvts:TZ:620111010001-TZ6201112406120015',
        regionCode: '620111',
        sourceSystem: 'gs-mvts',
        traceCode: '62011103240612000155',
        slaughterhouseCode: '91620111MA73J5M26Q',
        animalType: 'PIG',
        headCount: 42,
        carcassWeightKg: 3654.8,
        quarantineCertNo: '620123100356',
        originRegionCode: '620123',
        slaughteredAt: '2024-06-12T03:30:00+08:00',
      },
    });
    expect(nationalErrors('slaughter', result)).toEqual([]);
  });

  it.each([
    ['1', 'PIG'],
    ['2', 'CATTLE'],
    ['3', 'SHEEP'],
    [' 4 ', 'POULTRY'],
  ])('AnimalType %j → %s', (value, expected) => {
    const r = map({ AnimalType: value });
    expect(r.ok && r.record.animalType).toBe(expected);
  });

  it.each([
    [{ AnimalType: '5' }, 'UNKNOWN_CODE', 'AnimalType'],
    [{ AnimalType: '9' }, 'UNKNOWN_CODE', 'AnimalType'],
    [{ NodeCode: '620121010009' }, 'UNKNOWN_NODE', 'NodeCode'],
    [{ NodeCode: '' }, 'UNPARSEABLE_VALUE', 'NodeCode'],
    [{ SlaughterNo: '  ' }, 'UNPARSEABLE_VALUE', 'SlaughterNo'],
    [{ HeadCount: '42.0' }, 'UNPARSEABLE_VALUE', 'HeadCount'],
    [{ HeadCount: '4 2' }, 'UNPARSEABLE_VALUE', 'HeadCount'],
    [{ HeadCount: '-3' }, 'UNPARSEABLE_VALUE', 'HeadCount'],
    [{ HeadCount: '99999999999999999999' }, 'UNPARSEABLE_VALUE', 'HeadCount'],
    [{ CarcassWeight: '3,654.8' }, 'UNPARSEABLE_VALUE', 'CarcassWeight'],
    [{ CarcassWeight: '500公斤' }, 'UNPARSEABLE_VALUE', 'CarcassWeight'],
    [{ CarcassWeight: '1.2.5' }, 'UNPARSEABLE_VALUE', 'CarcassWeight'],
    [{ CarcassWeight: '-12' }, 'UNPARSEABLE_VALUE', 'CarcassWeight'],
    [{ OriginCode: '6201' }, 'UNPARSEABLE_VALUE', 'OriginCode'],
    [{ SlaughterTime: '20240230120000' }, 'UNPARSEABLE_VALUE', 'SlaughterTime'],
    [{ SlaughterTime: '2024-06-12 03:30:00' }, 'UNPARSEABLE_VALUE', 'SlaughterTime'],
  ])('%j → %s on %s', (over, code, field) => {
    const r = map(over);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual(expect.objectContaining({ code, field }));
  });

  it.each([
    [{ HeadCount: ' 42 ' }, '/headCount', 42],
    [{ HeadCount: '007' }, '/headCount', 7],
    [{ CarcassWeight: ' 3 654.8\n' }, '/carcassWeightKg', 3654.8],
    [{ CarcassWeight: '1.2345' }, '/carcassWeightKg', 1.235],
    [{ CarcassWeight: '1.2344' }, '/carcassWeightKg', 1.234],
    [{ OriginCode: '620123104201' }, '/originRegionCode', '620123'],
    [{ OriginCode: '620123104' }, '/originRegionCode', '620123'],
    [{ QuarantineNo: ' 620123100356\t' }, '/quarantineCertNo', '620123100356'],
    [{ TraceCode: ' 62011103240612000155 ' }, '/traceCode', '62011103240612000155'],
  ])('%j gives %s = %j', (over, ptr, value) => {
    const r = map(over);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.record[ptr.slice(1)]).toEqual(value);
  });

  it('reports every error of a record at once', () => {
    const r = map({ AnimalType: '5', HeadCount: 'x', CarcassWeight: 'y', SlaughterTime: 'z' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field).sort()).toEqual(['AnimalType', 'CarcassWeight', 'HeadCount', 'SlaughterTime']);
  });

  it('sends values as found for national validation to judge', () => {
    const zero = map({ HeadCount: '0', CarcassWeight: '0.00' });
    expect(nationalErrors('slaughter', zero)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'E4001', path: '/headCount' }),
        expect.objectContaining({ code: 'E4001', path: '/carcassWeightKg' }),
      ]),
    );
    expect(nationalErrors('slaughter', map({ QuarantineNo: 'dq-6201-0458' }))).toContainEqual(
      expect.objectContaining({ code: 'E4001', path: '/quarantineCertNo' }),
    );
    expect(nationalErrors('slaughter', map({ TraceCode: '62011103240612000156' }))).toContainEqual(
      expect.objectContaining({ code: 'E4004', path: '/traceCode' }),
    );
    const missing = map({ TraceCode: '', QuarantineNo: undefined });
    expect(missing.ok).toBe(true);
    expect(nationalErrors('slaughter', missing)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'E4002', path: '/traceCode' }),
        expect.objectContaining({ code: 'E4002', path: '/quarantineCertNo' }),
      ]),
    );
  });

  it('hashes a source key outside [A-Za-z0-9_.-] into the recordId', () => {
    const r = map({ SlaughterNo: 'TZ/2024 01' });
    expect(r.ok && r.record.recordId).toMatch(/^gs-mvts:TZ:h:[0-9a-f]{32}$/);
  });

  it('takes the region from the directory, not from the node code', () => {
    const r = map({ NodeCode: '622924010001' });
    expect(r.ok && [r.record.regionCode, r.record.slaughterhouseCode]).toEqual(['622924', '91622924MA71W6B36D']);
  });
});
