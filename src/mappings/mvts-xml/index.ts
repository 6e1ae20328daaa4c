import type { KindMappings } from '../types';
import { jcToEntries } from './jc-to-entries';
import { jyToTrades } from './jy-to-trades';
import { psToTransports } from './ps-to-transports';
import { tzToSlaughter } from './tz-to-slaughter';

export { tzToSlaughter, jcToEntries, jyToTrades, psToTransports };

/**
 * The mappings of kind `mvts-xml`, one per record type. The node directory names slaughterhouses,
 * markets and carriers that seldom register as national subjects.
 */
export const mvtsXmlMappings: KindMappings = {
  mappings: [tzToSlaughter, jcToEntries, jyToTrades, psToTransports],
  partyDirectories: ['mvts-nodes'],
};
