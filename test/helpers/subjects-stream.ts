import { Outcome } from '../../src/mappings/common/outcome';
import { recordIdFor } from '../../src/common/record-id';
import type { Mapping } from '../../src/mappings/types';
import type { Page, RawRecord } from '../../src/adapters/types';
import type { StreamRuntime } from '../../src/pipeline/types';

/** A minimal source stream of subjects, so the pipeline and delivery are tested apart from the real adapters. */
export interface PersonSrc {
  id: string;
  name: string;
  code: string;
  gx: string;
  del?: boolean;
}

export const VALID_CREDIT_CODE = '91620123MA72K4D128';
export const WRONG_CHECK_CREDIT_CODE = '91620123MA72K4D129';

export const subjectsMapping: Mapping<PersonSrc> = {
  from: { kind: 'test-kind', stream: 'people' },
  to: 'subjects',
  tables: [],
  map(src, ctx) {
    const out = new Outcome();
    if (src.name === '?') out.error('UNKNOWN_CODE', 'name', 'name "?" is not known', '?');
    return out.finish({
      recordId: recordIdFor(ctx.instance.sourceSystem, 'people', src.id),
      regionCode: '620123',
      sourceSystem: ctx.instance.sourceSystem,
      subjectCode: src.code,
      subjectIdType: 'CREDIT_CODE',
      name: src.name,
      subjectType: 'ENTERPRISE',
      registeredOn: '2018-04-26',
    });
  },
};

export function peopleRuntime(adapterId = 'test-a'): StreamRuntime {
  return {
    adapterId,
    kind: 'test-kind',
    stream: 'people',
    mapping: subjectsMapping,
    instance: { adapterId, regionCode: '620000', sourceSystem: 'test-src', params: {} },
  };
}

export const rawPerson = (s: PersonSrc): RawRecord => ({ sourceKey: s.id, payload: s, orderingKey: s.gx, deleted: s.del });
export const peoplePage = (records: PersonSrc[], seq: number): Page => ({
  stream: 'people',
  records: records.map(rawPerson),
  cursor: { seq },
});
