import type { NationalInterface } from '../../national/types';
import { batchesMutations } from './batches';
import { certificatesMutations } from './certificates';
import { commonInDepth, everyInterface } from './common';
import { entriesMutations } from './entries';
import { inspectionsMutations } from './inspections';
import { lexicalMutations } from './lexical';
import type { RecordMutation } from './mutation';
import { slaughterMutations } from './slaughter';
import { subjectsMutations } from './subjects';
import { tradesMutations } from './trades';
import { transportsMutations } from './transports';

const OWN: Readonly<Record<NationalInterface, readonly RecordMutation[]>> = {
  subjects: [...commonInDepth, ...subjectsMutations],
  batches: batchesMutations,
  inspections: inspectionsMutations,
  certificates: certificatesMutations,
  slaughter: slaughterMutations,
  entries: entriesMutations,
  trades: tradesMutations,
  transports: transportsMutations,
};

/** Every record mutation of an interface: the common ones, then its own, then those of §7.20–§7.26. */
export function mutationsOf(iface: NationalInterface): readonly RecordMutation[] {
  return [...everyInterface, ...OWN[iface], ...(lexicalMutations[iface] ?? [])];
}

export type { RecordMutation } from './mutation';
