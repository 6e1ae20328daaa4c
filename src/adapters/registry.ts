import type { AdapterKind } from './types';
import { provincialRest } from './provincial-rest';
import { marketCsv } from './market-csv';
import { mvtsXml } from './mvts-xml';

/** Every adapter kind the gateway knows. A province adding a protocol adds one line here. */
export const adapterKinds: Readonly<Record<string, AdapterKind>> = Object.freeze({
  [provincialRest.kind]: provincialRest,
  [marketCsv.kind]: marketCsv,
  [mvtsXml.kind]: mvtsXml,
});

export function adapterKind(kind: string): AdapterKind | undefined {
  return adapterKinds[kind];
}
