import { Outcome } from '../common/outcome';
import type { MapResult, Mapping, MappingContext } from '../types';
import { KIND, decimal, goods, ownNode, party, recordIdOf, str, time, type MvtsPayload } from './common';

/** mvts `JC` → national `entries` (source-subsystems §4.9). */
export const jcToEntries: Mapping<MvtsPayload> = {
  from: { kind: KIND, stream: 'JC' },
  to: 'entries',
  tables: ['mvts-nodes', 'mvts-goods'],
  map(src: MvtsPayload, ctx: MappingContext): MapResult {
    const out = new Outcome();
    const node = ownNode(ctx, src, 'NodeCode', out);
    const recordId = recordIdOf(ctx, 'JC', src, 'NodeCode', 'EntryNo', out);
    return out.finish({
      recordId,
      regionCode: node?.regionCode,
      sourceSystem: ctx.instance.sourceSystem,
      entryNo: str(src, 'EntryNo'),
      marketCode: node?.creditCode,
      vendorCode: party(ctx, src, 'SellerNodeOrId', true, out),
      supplierCode: party(ctx, src, 'SupplierNodeOrId', false, out),
      traceCode: str(src, 'TraceCode'),
      productCode: goods(ctx, src, out),
      quantity: decimal(src, 'Weight', 3, out),
      unit: 'KG',
      enteredAt: time(src, 'EntryTime', out),
      originCertificateNo: str(src, 'OriginCertNo'),
      quarantineCertNo: str(src, 'QuarantineNo'),
    });
  },
};
