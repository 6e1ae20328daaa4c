import { text } from '../../../src/mappings/common/normalize';
import { Outcome } from '../../../src/mappings/common/outcome';
import { recordIdFor } from '../../../src/common/record-id';
import { translate } from '../../../src/mappings/common/translate';
import type { Mapping, MapResult, MappingContext } from '../../../src/mappings/types';

/**
 * jsonl-feed `farms` → national `subjects`. Pure: no I/O, no clock. A missing required value is sent
 * as absent and national validation names it (E4002); an unknown label is a mapping error.
 */
export const farmsToSubjects: Mapping = {
  from: { kind: 'jsonl-feed', stream: 'farms' },
  to: 'subjects',
  tables: ['subject-type-labels'],
  map(input: unknown, ctx: MappingContext): MapResult {
    const src = (input ?? {}) as Record<string, unknown>;
    const out = new Outcome();
    const label = text(src.type);
    return out.finish({
      recordId: recordIdFor(ctx.instance.sourceSystem, 'farms', String(src.id)),
      regionCode: text(src.region) ?? ctx.instance.regionCode,
      sourceSystem: ctx.instance.sourceSystem,
      subjectCode: text(src.creditCode)?.toUpperCase(),
      subjectIdType: 'CREDIT_CODE',
      name: text(src.name),
      subjectType: label === undefined ? undefined : translate(ctx.tables, 'subject-type-labels', label, 'type', out)?.target,
      address: text(src.address),
      registeredOn: text(src.registeredOn),
    });
  },
};
