import { Outcome } from '../common/outcome';
import type { MapResult, Mapping, MappingContext } from '../types';
import { KIND, decimal, ownNode, party, recordIdOf, str, time, type MvtsPayload } from './common';
import { normalizePlate, traceCodeList } from './trace-codes';

/** mvts `PS` → national `transports` (source-subsystems §4.11); the carrier node gives the region. */
export const psToTransports: Mapping<MvtsPayload> = {
  from: { kind: KIND, stream: 'PS' },
  to: 'transports',
  tables: ['mvts-nodes'],
  map(src: MvtsPayload, ctx: MappingContext): MapResult {
    const out = new Outcome();
    const carrier = ownNode(ctx, src, 'CarrierNodeCode', out);
    const recordId = recordIdOf(ctx, 'PS', src, 'CarrierNodeCode', 'WaybillNo', out);
    const plate = str(src, 'PlateNo');
    return out.finish({
      recordId,
      regionCode: carrier?.regionCode,
      sourceSystem: ctx.instance.sourceSystem,
      waybillNo: str(src, 'WaybillNo'),
      carrierCode: carrier?.creditCode,
      vehiclePlate: plate === undefined ? undefined : normalizePlate(plate),
      fromCode: party(ctx, src, 'FromCode', true, out),
      toCode: party(ctx, src, 'ToCode', true, out),
      traceCodes: traceCodeList(src.TraceCodes),
      departedAt: time(src, 'DepartTime', out),
      arrivedAt: time(src, 'ArriveTime', out),
      temperatureMinC: decimal(src, 'TempMin', 3, out, true),
      temperatureMaxC: decimal(src, 'TempMax', 3, out, true),
    });
  },
};
