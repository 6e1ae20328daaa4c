import type { KindMappings } from '../types';
import { entriesToEntries } from './entries-to-entries';
import { salesToTrades } from './sales-to-trades';
import { vendorsToSubjects } from './vendors-to-subjects';

/** The mappings of kind `market-csv`, one per stream (source-subsystems §3.6–§3.8). */
export const marketCsvMappings: KindMappings = { mappings: [vendorsToSubjects, entriesToEntries, salesToTrades] };

export { vendorsToSubjects, entriesToEntries, salesToTrades };
