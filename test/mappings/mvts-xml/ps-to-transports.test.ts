import { describe, expect, it } from 'vitest';
import { psToTransports } from '../../../src/mappings/mvts-xml';
import { normalizePlate, traceCodeList } from '../../../src/mappings/mvts-xml/trace-codes';
import { ctx, nationalErrors } from './helpers';

const base = {
  WaybillNo: 'PS6201052406120012',
  CarrierNodeCode: '620105060001',
  PlateNo: '甘A·D7835',
  FromCode: '620111010001',
  ToCode: '620102020001',
  TraceCodes: '62011103240612000155,62011103240612000162',
  DepartTime: '20240612043000',
  ArriveTime: '20240612051000',
  TempMin: '0.5',
  TempMax: '4.0',
  UploadTime: '20240612051630',
};

const map = (over: Record<string, unknown> = {}) => psToTransports.map({ ...base, ...over }, ctx);

describe('psToTransports', () => {
  it('maps a delivery', () => {
    const r = map();
    expect(r).toEqual({
      ok: true,
      warnings: [],
      record: {
        recordId: 'gs-mvts:PS:620105060001-PS6201052406120012',
        regionCode: '620105',
        sourceSystem: 'gs-mvts',
        waybillNo: 'PS6201052406120012',
        carrierCode: '91620105MA72R6G15D',
        vehiclePlate: '甘AD7835',
        fromCode: '91620111MA73J5M26Q',
        toCode: '91620102MA72N4H732',
        traceCodes: ['62011103240612000155', '62011103240612000162'],
        departedAt: '2024-06-12T04:30:00+08:00',
        arrivedAt: '2024-06-12T05:10:00+08:00',
        temperatureMinC: 0.5,
        temperatureMaxC: 4,
      },
    });
    expect(nationalErrors('transports', r)).toEqual([]);
  });

  it.each([
    ['62011103240612000155，62011103240612000162', ['62011103240612000155', '62011103240612000162']],
    [
      ' 62011103240612000155 ; 62011103240612000162；\n62010204240612003027 ',
      ['62011103240612000155', '62011103240612000162', '62010204240612003027'],
    ],
    ['62011103240612000155 62011103240612000155,62011103240612000162', ['62011103240612000155', '62011103240612000162']],
    ['６２０１１１０３２４０６１２０００１５５,,', ['62011103240612000155']],
    [
      { TraceCode: ['62010204240612003027', '62010204240612003027', '62010204240612003010'] },
      ['62010204240612003027', '62010204240612003010'],
    ],
    [{ TraceCode: [' 62010204240612003027 ,62010204240612003010'] }, ['62010204240612003027', '62010204240612003010']],
    [{ TraceCode: '62010204240612003027' }, ['62010204240612003027']],
  ])('TraceCodes %j → %j', (value, expected) => {
    expect(traceCodeList(value)).toEqual(expected);
    const r = map({ TraceCodes: value });
    expect(r.ok && r.record.traceCodes).toEqual(expected);
  });

  it.each([[''], [' , ;'], [{}], [{ TraceCode: [] }], [undefined]])('TraceCodes %j is absent (E4002)', (value) => {
    const r = map({ TraceCodes: value });
    expect(r.ok && r.record.traceCodes).toBeUndefined();
    expect(nationalErrors('transports', r)).toContainEqual(expect.objectContaining({ code: 'E4002', path: '/traceCodes' }));
  });

  it.each([
    ['甘A·D7835', '甘AD7835'],
    ['甘a-d 7835', '甘AD7835'],
    ['甘A•D7835', '甘AD7835'],
    [' 甘A3K29X ', '甘A3K29X'],
    ['甘A1234挂', '甘A1234挂'],
  ])('plate %j → %s', (value, expected) => {
    expect(normalizePlate(value.trim())).toBe(expected);
    const r = map({ PlateNo: value });
    expect(r.ok && r.record.vehiclePlate).toBe(expected);
  });

  it('leaves a trailer plate, a reversed trip and reversed temperatures to national validation', () => {
    expect(nationalErrors('transports', map({ PlateNo: '甘A1234挂' }))).toContainEqual(
      expect.objectContaining({ code: 'E4001', path: '/vehiclePlate' }),
    );
    expect(nationalErrors('transports', map({ ArriveTime: '20240612040000' }))).toContainEqual(
      expect.objectContaining({ code: 'E4005', path: '/arrivedAt' }),
    );
    expect(nationalErrors('transports', map({ TempMin: '4.0', TempMax: '-2.0' }))).toContainEqual(
      expect.objectContaining({ code: 'E4005', path: '/temperatureMaxC' }),
    );
  });

  it.each([
    [{ TempMin: '-18.5', TempMax: ' - 15 ' }, [-18.5, -15]],
    [{ TempMin: '', TempMax: '  ' }, [undefined, undefined]],
    [{ TempMin: '0.0005', TempMax: '-0.0005' }, [0.001, -0.001]],
  ])('temperatures %j → %j', (over, expected) => {
    const r = map(over);
    expect(r.ok && [r.record.temperatureMinC, r.record.temperatureMaxC]).toEqual(expected);
  });

  it.each([
    [{ TempMin: '−2' }, 'UNPARSEABLE_VALUE', 'TempMin'],
    [{ TempMax: '4℃' }, 'UNPARSEABLE_VALUE', 'TempMax'],
    [{ ArriveTime: '2024061205' }, 'UNPARSEABLE_VALUE', 'ArriveTime'],
    [{ CarrierNodeCode: '620105060009' }, 'UNKNOWN_NODE', 'CarrierNodeCode'],
    [{ ToCode: '620199030009' }, 'UNKNOWN_NODE', 'ToCode'],
    [{ FromCode: '620199030009' }, 'UNKNOWN_NODE', 'FromCode'],
    [{ WaybillNo: '' }, 'UNPARSEABLE_VALUE', 'WaybillNo'],
  ])('%j → %s on %s', (over, code, field) => {
    const r = map(over);
    expect(!r.ok && r.errors).toContainEqual(expect.objectContaining({ code, field }));
  });

  it('omits an absent arrival (in transit) and accepts identifiers as parties', () => {
    const r = map({ ArriveTime: '', ToCode: '62010319751108451x', FromCode: '91620123MA72K4D128' });
    expect(r.ok && [r.record.arrivedAt, r.record.toCode, r.record.fromCode]).toEqual([
      undefined,
      '62010319751108451X',
      '91620123MA72K4D128',
    ]);
    expect(nationalErrors('transports', r)).toEqual([]);
  });
});
