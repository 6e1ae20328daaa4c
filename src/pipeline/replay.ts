import { withTransaction, type Db } from '../db/pool';
import { listOpenQuarantine, maxQuarantineId, type QuarantineFilter } from '../db/queries/quarantine-list';
import { lockStream } from '../db/queries/advisory-locks';
import { newestRevisions } from '../db/queries/source-records';
import type { AdapterInstance } from '../runtime/instances';
import { processRevisions } from './process';
import { resolveReferences } from './references';
import { merge } from './stage';
import { emptyCounts, type PipelineDeps, type ProcessCounts } from './types';

export interface ReplayResult extends ProcessCounts {
  entries: number;
}

/**
 * Re-maps the newest stored revision of every source key with an open quarantine entry matching the
 * filter (never a new request to the source), in chunks, each in one transaction.
 */
export async function replayQuarantine(
  db: Db,
  instanceOf: (adapterId: string) => AdapterInstance | undefined,
  filter: QuarantineFilter,
  deps: PipelineDeps,
  opts: { chunk?: number; onProgress?: (done: number) => void; signal?: AbortSignal } = {},
): Promise<ReplayResult> {
  const result: ReplayResult = { ...emptyCounts(), entries: 0 };
  const chunk = opts.chunk ?? 500;
  let afterId = 0;
  const bounded: QuarantineFilter = { ...filter, upToId: await maxQuarantineId(db) };
  for (;;) {
    const rows = await listOpenQuarantine(db, bounded, afterId, chunk);
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]!.id;
    result.entries += rows.length;
    const groups = new Map<string, { adapterId: string; stream: string; keys: Set<string> }>();
    for (const r of rows) {
      const g = groups.get(`${r.adapterId}\u0000${r.stream}`) ?? { adapterId: r.adapterId, stream: r.stream, keys: new Set<string>() };
      g.keys.add(r.sourceKey);
      groups.set(`${r.adapterId}\u0000${r.stream}`, g);
    }
    for (const g of groups.values()) {
      const inst = instanceOf(g.adapterId);
      const rt = inst?.runtime(g.stream);
      if (!inst || !rt) continue;
      // Under the stream's lock: the newest revisions and their references as they stand now.
      const counts = await withTransaction(db, async (tx) => {
        await lockStream(tx, g.adapterId, g.stream);
        const current = await newestRevisions(tx, g.adapterId, g.stream, [...g.keys]);
        const refs = await resolveReferences(
          tx,
          g.adapterId,
          rt.mapping,
          current.map((r) => r.payload),
          undefined,
          opts.signal ?? new AbortController().signal,
        );
        return processRevisions(tx, rt, current, refs.resolve, deps, 'replayed');
      });
      merge(result, counts);
    }
    opts.onProgress?.(result.entries);
    if (rows.length < chunk) break;
  }
  return result;
}
