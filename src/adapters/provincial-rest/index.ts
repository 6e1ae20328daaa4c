import type { AdapterKind } from '../types';
import { createProvincialAdapter } from './adapter';
import { provincialOptionsSchema, type ProvincialOptions } from './options';

export type { ProvincialOptions } from './options';
export { createProvincialAdapter, type ProvincialTuning } from './adapter';

/** The provincial agricultural-product traceability platform (source-subsystems §2). */
export const provincialRest: AdapterKind<ProvincialOptions> = {
  kind: 'provincial-rest',
  // Batches and certificates name their enterprise: a pull stages enterprises before them.
  streams: {
    enterprises: { orderedByCursor: true, interface: 'subjects', referenced: true },
    batches: { orderedByCursor: true, interface: 'batches' },
    inspections: { orderedByCursor: true, interface: 'inspections' },
    certificates: { orderedByCursor: true, interface: 'certificates' },
  },
  backfillWindow: { unit: 'time', holds: 'records whose gxsj is at or after from and before until' },
  optionsSchema: provincialOptionsSchema,
  credentialFields: ['appId', 'appSecret'],
  create: (decl, deps) => createProvincialAdapter(decl, deps),
};
