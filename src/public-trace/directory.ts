import type { TranslationTables } from '../mappings/tables';

/** A party as a directory the province keeps describes it: enough for publicNameOf(). */
export type DirectoryParty = { subjectCode: string; subjectType?: string; name: string };

const byTables = new WeakMap<TranslationTables, ReadonlyMap<string, DirectoryParty>>();

/**
 * The parties of the meat-and-vegetable node directory (translation table `mvts-nodes`) by credit code.
 * Nodes (slaughterhouses, markets, supermarkets, carriers) are named there but often never registered as
 * national `subjects` records, so the public page names them from the directory when no accepted
 * registration is held. Built once per loaded set of tables.
 */
export function directoryParties(tables: TranslationTables): ReadonlyMap<string, DirectoryParty> {
  const known = byTables.get(tables);
  if (known) return known;
  const out = new Map<string, DirectoryParty>();
  for (const e of tables['mvts-nodes']?.entries ?? []) {
    if (typeof e.creditCode === 'string' && typeof e.name === 'string' && e.name.trim() !== '') {
      out.set(e.creditCode, { subjectCode: e.creditCode, subjectType: typeof e.subjectType === 'string' ? e.subjectType : undefined, name: e.name });
    }
  }
  byTables.set(tables, out);
  return out;
}
