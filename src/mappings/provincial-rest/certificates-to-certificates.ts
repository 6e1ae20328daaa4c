import { recordIdFor } from '../../common/record-id';
import { text } from '../common/normalize';
import { Outcome } from '../common/outcome';
import type { Mapping, MapResult, MappingContext } from '../types';
import { translate } from '../common/translate';
import { commitmentsOf } from './commitments';
import { asRecord, dateOf } from './fields';
import { producerReference, resolveProducer } from './producer';
import { quantityOf } from './quantity';

/** §2.10: provincial certificate of conformity → national `certificates`; the issuer from `qyid` (§2.5). */
export const certificatesToCertificates: Mapping = {
  from: { kind: 'provincial-rest', stream: 'certificates' },
  to: 'certificates',
  tables: ['provincial-categories', 'unit-labels', 'commitment-texts', 'basis-labels'],
  references: (src: unknown) => producerReference(asRecord(src)),
  map(input: unknown, ctx: MappingContext): MapResult {
    const src = asRecord(input);
    const out = new Outcome();
    const issuer = resolveProducer(src, ctx, out);
    const cplb = text(src.cplb);
    const cnnr = text(src.cnnr);
    const kjyj = text(src.kjyj);
    const { quantity, unit } = quantityOf(src, ctx.tables, out);
    return out.finish({
      recordId: recordIdFor(ctx.instance.sourceSystem, 'certificates', text(src.hgzid) ?? ''),
      regionCode: issuer?.regionCode,
      sourceSystem: ctx.instance.sourceSystem,
      certificateNo: text(src.hgzbh),
      traceCode: text(src.zsm),
      subjectCode: issuer?.subjectCode,
      productCode: cplb === undefined ? undefined : translate(ctx.tables, 'provincial-categories', cplb, 'cplb', out)?.target,
      quantity,
      unit,
      issuedOn: dateOf(src.kjrq, 'kjrq', out),
      commitments: cnnr === undefined ? undefined : commitmentsOf(cnnr, ctx.tables, out),
      basis: kjyj === undefined ? undefined : translate(ctx.tables, 'basis-labels', kjyj, 'kjyj', out)?.target,
      inspectionNo: text(src.jcbh),
    });
  },
};
