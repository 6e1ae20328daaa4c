import type { ConformanceCase } from '../types';
import { batchCases } from './batch-cases';
import { noticeCases } from './notice-cases';
import { receiptAndRecordCases } from './query-cases';
import { rateCases } from './rate-cases';
import { recordCases } from './record-cases';
import { codelistCases, statsCases } from './stats-codelist-cases';
import { transportCases } from './transport-cases';
import { uploadCases } from './upload-cases';

/** The whole catalogue, in run order; the rate-limit bursts come last so they disturb nothing else. */
export function allCases(): ConformanceCase[] {
  const cases = [
    ...uploadCases(),
    ...recordCases(),
    ...batchCases(),
    ...transportCases(),
    ...receiptAndRecordCases(),
    ...statsCases(),
    ...codelistCases(),
    ...noticeCases(),
    ...rateCases(),
  ];
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`duplicate conformance case id ${c.id}`);
    seen.add(c.id);
  }
  return cases;
}
