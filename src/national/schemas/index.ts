import type { NationalInterface } from '../types';
import { batchesSchema } from './batches';
import { certificatesSchema } from './certificates';
import type { JsonSchema } from './common';
import { entriesSchema } from './entries';
import { inspectionsSchema } from './inspections';
import { slaughterSchema } from './slaughter';
import { subjectsSchema } from './subjects';
import { tradesSchema } from './trades';
import { transportsSchema } from './transports';

export type { JsonSchema } from './common';

/** The record schema of every national interface (§5). */
export const nationalSchemas: Readonly<Record<NationalInterface, JsonSchema>> = {
  subjects: subjectsSchema,
  batches: batchesSchema,
  inspections: inspectionsSchema,
  certificates: certificatesSchema,
  slaughter: slaughterSchema,
  entries: entriesSchema,
  trades: tradesSchema,
  transports: transportsSchema,
};
