import { recordIdFor } from '../../common/record-id';
import { text } from '../common/normalize';
import { Outcome } from '../common/outcome';
import { pickPhone } from '../common/phone';
import type { Mapping, MapResult, MappingContext } from '../types';
import { translate } from '../common/translate';
import { asRecord, dateOf, regionOf } from './fields';
import { subjectIdentifier } from './subject-identifier';

/** §2.7: provincial enterprise → national `subjects`. */
export const enterprisesToSubjects: Mapping = {
  from: { kind: 'provincial-rest', stream: 'enterprises' },
  to: 'subjects',
  tables: ['subject-type-labels'],
  map(input: unknown, ctx: MappingContext): MapResult {
    const src = asRecord(input);
    const out = new Outcome();
    const qyid = text(src.qyid) ?? '';
    const id = subjectIdentifier(src);
    const ztlx = text(src.ztlx);
    const lxdh = text(src.lxdh);
    let contactPhone: string | undefined;
    if (lxdh !== undefined) {
      contactPhone = pickPhone(lxdh);
      if (contactPhone === undefined) {
        out.warn('OPTIONAL_FIELD_DROPPED', 'lxdh', `lxdh "${lxdh}" holds no valid mobile or landline number; contactPhone omitted`);
      }
    }
    return out.finish({
      recordId: recordIdFor(ctx.instance.sourceSystem, 'enterprises', qyid),
      regionCode: regionOf(src.xzqhdm, 'xzqhdm', out),
      sourceSystem: ctx.instance.sourceSystem,
      subjectCode: id?.subjectCode,
      subjectIdType: id?.subjectIdType,
      name: text(src.qymc),
      subjectType: ztlx === undefined ? undefined : translate(ctx.tables, 'subject-type-labels', ztlx, 'ztlx', out)?.target,
      address: text(src.dz),
      legalRepresentative: text(src.fddbr),
      contactPhone,
      registeredOn: dateOf(src.zcrq, 'zcrq', out),
    });
  },
};
