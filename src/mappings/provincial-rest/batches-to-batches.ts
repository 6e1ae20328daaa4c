import { recordIdFor } from '../../common/record-id';
import { text } from '../common/normalize';
import { Outcome } from '../common/outcome';
import type { Mapping, MapResult, MappingContext } from '../types';
import { translate } from '../common/translate';
import { asRecord, dateOf, regionOf } from './fields';
import { producerReference, resolveProducer } from './producer';
import { quantityOf } from './quantity';

/** §2.8: provincial batch → national `batches`; the producer comes from the enterprise `qyid` (§2.5). */
export const batchesToBatches: Mapping = {
  from: { kind: 'provincial-rest', stream: 'batches' },
  to: 'batches',
  tables: ['provincial-categories', 'unit-labels'],
  references: (src: unknown) => producerReference(asRecord(src)),
  map(input: unknown, ctx: MappingContext): MapResult {
    const src = asRecord(input);
    const out = new Outcome();
    const producer = resolveProducer(src, ctx, out);
    const cplb = text(src.cplb);
    const { quantity, unit } = quantityOf(src, ctx.tables, out);
    return out.finish({
      recordId: recordIdFor(ctx.instance.sourceSystem, 'batches', text(src.pcid) ?? ''),
      regionCode: producer?.regionCode,
      sourceSystem: ctx.instance.sourceSystem,
      traceCode: text(src.zsm),
      subjectCode: producer?.subjectCode,
      productCode: cplb === undefined ? undefined : translate(ctx.tables, 'provincial-categories', cplb, 'cplb', out)?.target,
      productName: text(src.cpmc),
      quantity,
      unit,
      producedOn: dateOf(src.scrq, 'scrq', out),
      originRegionCode: regionOf(src.cdxzqh, 'cdxzqh', out),
      baseName: text(src.jdmc),
    });
  },
};
