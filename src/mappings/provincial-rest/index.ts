import type { KindMappings } from '../types';
import { batchesToBatches } from './batches-to-batches';
import { certificatesToCertificates } from './certificates-to-certificates';
import { enterprisesToSubjects } from './enterprises-to-subjects';
import { inspectionsToInspections } from './inspections-to-inspections';

export { batchesToBatches, certificatesToCertificates, enterprisesToSubjects, inspectionsToInspections };
export { subjectIdentifier, type SubjectIdentifier } from './subject-identifier';

/** The four provincial streams and the national interface each maps to (source-subsystems §2). */
export const provincialRestMappings: KindMappings = {
  mappings: [enterprisesToSubjects, batchesToBatches, inspectionsToInspections, certificatesToCertificates],
};
