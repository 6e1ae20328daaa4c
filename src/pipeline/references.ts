import { mapBounded } from '../common/bounded';
import type { Queryable } from '../db/pool';
import { newestRevisions } from '../db/queries/source-records';
import type { RawRecord, SourceAdapter } from '../adapters/types';
import type { Mapping, ReferenceResolver } from '../mappings/types';

/** Lookups under way at once for a page; the adapter's pacer still spaces their starts. */
const LOOKUPS_AT_ONCE = 4;

export interface ResolvedReferences {
  resolve: ReferenceResolver;
  /** Records fetched from the source because they were not staged yet; staged with the page. */
  fetched: Map<string, RawRecord[]>;
}

/**
 * Loads the newest staged revision of every record the page's records refer to; what is not staged
 * is looked up at the source when the adapter can (provincial enterprise lookup, §2.5), a few at once.
 */
export async function resolveReferences(
  db: Queryable,
  adapterId: string,
  mapping: Mapping | undefined,
  payloads: readonly unknown[],
  adapter: SourceAdapter | undefined,
  signal: AbortSignal,
): Promise<ResolvedReferences> {
  // By stream, then source key: a lookup reads two maps instead of building a joined key for each.
  const found = new Map<string, Map<string, unknown>>();
  const fetched = new Map<string, RawRecord[]>();
  if (!mapping?.references) return { resolve: () => undefined, fetched };
  const wanted = new Map<string, Set<string>>();
  for (const p of payloads) {
    for (const ref of mapping.references(p)) {
      if (!ref.sourceKey) continue;
      let keys = wanted.get(ref.stream);
      if (!keys) wanted.set(ref.stream, (keys = new Set()));
      keys.add(ref.sourceKey);
    }
  }
  for (const [stream, keys] of wanted) {
    const inStream = new Map<string, unknown>();
    found.set(stream, inStream);
    const staged = await newestRevisions(db, adapterId, stream, [...keys]);
    for (const s of staged) inStream.set(s.sourceKey, s.payload);
    const lookup = adapter?.lookup?.bind(adapter);
    if (!lookup) continue;
    const missing = [...keys].filter((key) => !inStream.has(key));
    const answers = await mapBounded(missing, LOOKUPS_AT_ONCE, (key) => lookup({ stream, sourceKey: key }, signal));
    missing.forEach((key, i) => {
      const rec = answers[i];
      if (!rec) return;
      inStream.set(key, rec.payload);
      if (!fetched.has(stream)) fetched.set(stream, []);
      fetched.get(stream)!.push(rec);
    });
  }
  return { resolve: (stream, key) => found.get(stream)?.get(key), fetched };
}
