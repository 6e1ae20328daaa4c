import { partyDirectories } from '../mappings/registry';
import type { TranslationTables } from '../mappings/tables';

/** A party as a directory the province keeps describes it: enough for publicNameOf(). */
export type DirectoryParty = { subjectCode: string; subjectType?: string; name: string };

const cache = new WeakMap<readonly string[], WeakMap<TranslationTables, ReadonlyMap<string, DirectoryParty>>>();

/**
 * The parties of the directories the registered kinds keep in translation tables (the meat-and-vegetable
 * node directory `mvts-nodes`), by credit code. Nodes (slaughterhouses, markets, supermarkets, carriers)
 * are named there but often never registered as national `subjects` records, so the public page names
 * them from the directory when no accepted registration is held. Built once per loaded set of tables.
 */
export function directoryParties(
  tables: TranslationTables,
  directories: readonly string[] = partyDirectories,
): ReadonlyMap<string, DirectoryParty> {
  let byTables = cache.get(directories);
  if (!byTables) cache.set(directories, (byTables = new WeakMap()));
  const known = byTables.get(tables);
  if (known) return known;
  const out = new Map<string, DirectoryParty>();
  for (const name of directories) {
    for (const e of tables[name]?.entries ?? []) {
      if (typeof e.creditCode === 'string' && typeof e.name === 'string' && e.name.trim() !== '' && !out.has(e.creditCode)) {
        out.set(e.creditCode, {
          subjectCode: e.creditCode,
          subjectType: typeof e.subjectType === 'string' ? e.subjectType : undefined,
          name: e.name,
        });
      }
    }
  }
  byTables.set(tables, out);
  return out;
}
