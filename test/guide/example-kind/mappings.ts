import type { KindMappings } from '../../../src/mappings/types';
import { farmsToSubjects } from './farms-to-subjects';

/** The mappings of kind `jsonl-feed`: its one stream feeds national subjects. */
export const jsonlFeedMappings: KindMappings = { mappings: [farmsToSubjects] };
