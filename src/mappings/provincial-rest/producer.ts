import { text } from '../common/normalize';
import { regionPrefix } from '../common/identifiers';
import type { Outcome } from '../common/outcome';
import type { MappingContext } from '../types';
import { asRecord, type ProvincialRecord } from './fields';
import { subjectIdentifier } from './subject-identifier';

export const ENTERPRISES = 'enterprises';

/** The enterprise a batch or certificate names by `qyid` (§2.5), as a reference request. */
export function producerReference(src: ProvincialRecord): Array<{ stream: string; sourceKey: string }> {
  const qyid = text(src.qyid);
  return qyid === undefined ? [] : [{ stream: ENTERPRISES, sourceKey: qyid }];
}

export interface Producer {
  /** Absent when the enterprise has neither credit code nor resident ID (national validation: E4002). */
  subjectCode?: string;
  regionCode?: string;
}

/**
 * The producer's identifier (§2.7 rule) and region (first six digits of its `xzqhdm`) from the newest
 * staged revision of the enterprise, soft-deleted or not (§2.5). Not staged and not found by the
 * lookup → UNRESOLVED_REFERENCE.
 */
export function resolveProducer(src: ProvincialRecord, ctx: MappingContext, out: Outcome): Producer | undefined {
  const qyid = text(src.qyid);
  if (qyid === undefined) return out.error('UNRESOLVED_REFERENCE', 'qyid', 'qyid is absent: the producer cannot be resolved');
  const found = ctx.references(ENTERPRISES, qyid);
  if (found === undefined || found === null) {
    return out.error('UNRESOLVED_REFERENCE', 'qyid', `enterprise ${qyid} is neither staged nor known to the source`, qyid);
  }
  const enterprise = asRecord(found);
  const region = text(enterprise.xzqhdm);
  const regionCode = region === undefined ? undefined : regionPrefix(region);
  if (regionCode === null) {
    return out.error(
      'UNPARSEABLE_VALUE',
      'qyid',
      `enterprise ${qyid} has xzqhdm "${region}", not a 6-, 9- or 12-digit region code`,
      region,
    );
  }
  return { subjectCode: subjectIdentifier(enterprise)?.subjectCode, regionCode };
}
