import type { RawRecord, ReferenceRequest, SourceAdapter } from '../../src/adapters/types';

/**
 * A source that looks up references (§2.5): it knows the keys starting with "e" (payload `{ qyid }`),
 * answers after a few turns of the event loop, fails the key "broken", and counts its lookups under way.
 */
export function slowLookupSource() {
  const asked: string[] = [];
  let running = 0;
  let most = 0;
  const adapter = {
    async lookup(ref: ReferenceRequest): Promise<RawRecord | null> {
      asked.push(ref.sourceKey);
      most = Math.max(most, ++running);
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      running--;
      if (ref.sourceKey === 'broken') throw new Error('source answered 500');
      return ref.sourceKey.startsWith('e') ? { sourceKey: ref.sourceKey, orderingKey: '1', payload: { qyid: ref.sourceKey } } : null;
    },
  } as unknown as SourceAdapter;
  return { adapter, asked, most: () => most };
}
