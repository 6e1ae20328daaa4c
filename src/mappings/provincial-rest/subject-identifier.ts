import { normalizeId } from '../common/identifiers';
import { text } from '../common/normalize';
import type { ProvincialRecord } from './fields';

export interface SubjectIdentifier {
  subjectCode: string;
  subjectIdType: 'CREDIT_CODE' | 'RESIDENT_ID';
}

/**
 * §2.7: the credit code `tyshxydm` when present, else the resident ID `sfzh`, trimmed and upper-cased
 * and otherwise as found; undefined when the enterprise has neither. Enterprises, and the batches and
 * certificates that name them as producer or issuer, all use this one rule.
 */
export function subjectIdentifier(enterprise: ProvincialRecord): SubjectIdentifier | undefined {
  const credit = text(enterprise.tyshxydm);
  if (credit !== undefined) return { subjectCode: normalizeId(credit), subjectIdType: 'CREDIT_CODE' };
  const resident = text(enterprise.sfzh);
  if (resident !== undefined) return { subjectCode: normalizeId(resident), subjectIdType: 'RESIDENT_ID' };
  return undefined;
}
