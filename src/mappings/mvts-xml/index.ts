import type { Mapping } from '../types';
import { jcToEntries } from './jc-to-entries';
import { jyToTrades } from './jy-to-trades';
import { psToTransports } from './ps-to-transports';
import { tzToSlaughter } from './tz-to-slaughter';

export { tzToSlaughter, jcToEntries, jyToTrades, psToTransports };

/** The mappings of kind `mvts-xml`, one per record type. */
export const mvtsXmlMappings: Mapping[] = [tzToSlaughter, jcToEntries, jyToTrades, psToTransports];
