import { createKindRegistry, type KindRegistration } from './kind-registry';
import { marketCsv } from './adapters/market-csv';
import { mvtsXml } from './adapters/mvts-xml';
import { provincialRest } from './adapters/provincial-rest';
import { marketCsvMappings } from './mappings/market-csv';
import { mvtsXmlMappings } from './mappings/mvts-xml';
import { provincialRestMappings } from './mappings/provincial-rest';

/** Every kind the gateway knows. A new kind is its two folders, its documentation page and one line here. */
export const KINDS: readonly KindRegistration[] = [
  { adapter: provincialRest, mapping: provincialRestMappings },
  { adapter: marketCsv, mapping: marketCsvMappings },
  { adapter: mvtsXml, mapping: mvtsXmlMappings },
];

export const kindRegistry = createKindRegistry(KINDS);
