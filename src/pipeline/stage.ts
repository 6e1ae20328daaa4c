import type { Db, Tx } from '../db/pool';
import { withTransaction } from '../db/pool';
import { advanceCursor } from '../db/queries/cursors';
import { addSourceWarning, insertSourcePage, insertSourceRecords, newestOrderingKeys, setSourceOutcomes, type NewSourceRecord, type StagedRevision } from '../db/queries/source-records';
import type { Page, RawRecord, SourceAdapter } from '../adapters/types';
import type { MappingContext } from '../mappings/types';
import { contentHash } from './canonical';
import { processRevisions } from './process';
import { resolveReferences } from './references';
import { emptyCounts, type PipelineDeps, type ProcessCounts, type StreamRuntime } from './types';

export interface StageResult extends ProcessCounts {
  received: number;
  newRevisions: number;
}

function toNewRows(records: readonly RawRecord[]): NewSourceRecord[] {
  return records.map((r) => ({
    sourceKey: r.sourceKey,
    contentHash: contentHash(r.payload),
    orderingKey: r.orderingKey,
    payload: r.payload,
    rawText: r.rawText ?? null,
    deleted: Boolean(r.deleted),
    warnings: r.warnings && r.warnings.length ? [...r.warnings] : null,
  }));
}

/**
 * Stores new revisions and returns the ones to map: per source key the newest new revision, unless an
 * already staged revision has a greater ordering key (then it is stale: kept for audit, not mapped).
 */
async function storeRevisions(
  tx: Tx,
  adapterId: string,
  stream: string,
  pageId: number | null,
  records: readonly RawRecord[],
  correctionField?: string,
): Promise<{ fresh: StagedRevision[]; stale: number; inserted: number }> {
  const inserted = await insertSourceRecords(tx, adapterId, stream, pageId, toNewRows(records));
  const keys = [...new Set(inserted.map((r) => r.sourceKey))];
  const existing = await newestOrderingKeys(tx, adapterId, stream, keys, inserted.map((r) => r.id));
  const newestByKey = new Map<string, StagedRevision>();
  for (const rev of inserted) {
    const cur = newestByKey.get(rev.sourceKey);
    if (!cur || rev.orderingKey >= cur.orderingKey) newestByKey.set(rev.sourceKey, rev);
  }
  const fresh: StagedRevision[] = [];
  const staleIds: number[] = [];
  for (const rev of inserted) {
    const top = newestByKey.get(rev.sourceKey)!;
    const older = existing.get(rev.sourceKey);
    if (rev === top && (older === undefined || rev.orderingKey >= older)) fresh.push(rev);
    else staleIds.push(rev.id);
  }
  await setSourceOutcomes(tx, staleIds.map((id) => ({ id, outcome: 'stale', nationalRecordId: null, warnings: null })));
  if (correctionField) {
    const unflagged = fresh.filter((r) => existing.has(r.sourceKey) && (r.payload as Record<string, unknown>)?.[correctionField] !== '1');
    await addSourceWarning(tx, unflagged.map((r) => r.id), { code: 'UNFLAGGED_REVISION', message: `a later revision of this key without ${correctionField} = 1` });
  }
  return { fresh, stale: staleIds.length, inserted: inserted.length };
}

export interface StageOptions {
  /** False for backfills: the live cursor does not move. */
  storeCursor: boolean;
  adapter?: SourceAdapter;
  /** Runtime of other streams of the same adapter, for records fetched by reference lookups. */
  runtimeOf?: (stream: string) => StreamRuntime | undefined;
  signal?: AbortSignal;
}

/**
 * One page → one transaction: raw revisions, their mapping outcome (national versions or quarantine)
 * and the advanced cursor. The cursor never moves past a record that is not durably stored.
 */
export async function stagePage(db: Db, rt: StreamRuntime, page: Page, deps: PipelineDeps, opts: StageOptions): Promise<StageResult> {
  const signal = opts.signal ?? new AbortController().signal;
  const refs = await resolveReferences(db, rt.adapterId, rt.mapping, page.records.map((r) => r.payload), opts.adapter, signal);
  return withTransaction(db, async (tx) => {
    await lockStream(tx, rt.adapterId, rt.stream);
    const result: StageResult = { ...emptyCounts(), received: page.records.length, newRevisions: 0 };
    for (const [stream, records] of refs.fetched) {
      const other = opts.runtimeOf?.(stream);
      await lockStream(tx, rt.adapterId, stream);
      const stored = await storeRevisions(tx, rt.adapterId, stream, null, records);
      if (other) merge(result, await processRevisions(tx, other, stored.fresh, noReferences, deps));
    }
    const pageId = page.records.length > 0 || page.meta ? await insertSourcePage(tx, { adapterId: rt.adapterId, stream: rt.stream, meta: page.meta, warnings: page.warnings }) : null;
    const stored = await storeRevisions(tx, rt.adapterId, rt.stream, pageId, page.records, rt.correctionField);
    result.newRevisions = stored.inserted;
    result.stale += stored.stale;
    merge(result, await processRevisions(tx, rt, stored.fresh, refs.resolve, deps));
    if (opts.storeCursor) await advanceCursor(tx, rt.adapterId, rt.stream, page.cursor);
    return result;
  });
}

/**
 * Serialises staging of one stream (live pull, backfill, replay, several processes): versions are
 * computed from the latest stored one, so two writers of the same key must not interleave.
 */
export async function lockStream(tx: Tx, adapterId: string, stream: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`trace-gateway:stage:${adapterId}:${stream}`]);
}

const noReferences: MappingContext['references'] = () => undefined;

export function merge(into: ProcessCounts, add: ProcessCounts): void {
  into.mapped += add.mapped;
  into.unchanged += add.unchanged;
  into.quarantined += add.quarantined;
  into.deleted += add.deleted;
  into.stale += add.stale;
  for (const i of add.interfaces) into.interfaces.add(i);
}
