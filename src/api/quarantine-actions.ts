import { withTransaction } from '../db/pool';
import { lockStream } from '../db/queries/advisory-locks';
import { recordEvent, type Actor } from '../db/queries/events';
import { getQuarantineEntry } from '../db/queries/quarantine-admin';
import type { QuarantineFilter } from '../db/queries/quarantine-list';
import { insertSourceRowsWithOutcome, revisionKey, storedRevisions } from '../db/queries/source-records';
import { GatewayError } from '../errors';
import { contentHash } from '../pipeline/canonical';
import { replayAndBatch, type ReplayAndBatchDeps, type ReplayOutcome } from '../pipeline/replay-and-batch';
import { restoreMasked } from './mask';

/** What the operator's quarantine actions need: those of a replay. */
export type QuarantineActionDeps = ReplayAndBatchDeps;

export async function replayForOperator(
  deps: QuarantineActionDeps,
  req: { ids?: number[]; filter?: Omit<QuarantineFilter, 'ids' | 'upToId'> },
  actor: Actor,
): Promise<ReplayOutcome> {
  const filter: QuarantineFilter = req.ids ? { ids: req.ids } : { ...req.filter };
  const outcome = await replayAndBatch(deps, filter);
  await recordEvent(deps.db, {
    actor,
    action: 'quarantine:replayed',
    subject: req.ids ? `ids:${req.ids.length}` : 'filter',
    details: { request: req, outcome },
  });
  return outcome;
}

/**
 * Stores the operator's corrected payload as a new revision of the quarantined source record (same
 * adapter, stream, source key and ordering key, so it is the newest revision) and replays that key.
 * A later revision from the source, with a greater ordering key, replaces the edit as usual.
 */
export async function editQuarantinedRecord(
  deps: QuarantineActionDeps,
  id: number,
  edit: { payload: Record<string, unknown>; comment?: string },
  actor: Actor,
): Promise<ReplayOutcome & { revisionId: number }> {
  const entry = await getQuarantineEntry(deps.db, id);
  if (!entry) throw new GatewayError('TG_NOT_FOUND', `quarantine entry ${id} is not known`);
  if (entry.resolvedAt)
    throw new GatewayError(
      'TG_CONFLICT',
      `quarantine entry ${id} was already resolved (${entry.resolution}); edit the open entry of this record`,
    );
  if (!deps.instances.get(entry.adapterId))
    throw new GatewayError('TG_CONFLICT', `adapter ${entry.adapterId} is not running in this gateway (disabled or removed)`);
  const payload = restoreMasked(edit.payload, entry.payload);
  const revisionId = await withTransaction(deps.db, async (tx) => {
    await lockStream(tx, entry.adapterId, entry.stream);
    const revision = {
      sourceKey: entry.sourceKey,
      contentHash: contentHash(payload),
      orderingKey: entry.orderingKey,
      payload,
      rawText: null,
      deleted: false,
      warnings: [{ code: 'OPERATOR_EDIT', message: `corrected by ${actor.name} from quarantine entry ${id}` }],
    };
    const known = await storedRevisions(tx, entry.adapterId, entry.stream, [revision]);
    if (known.stored.has(revisionKey(revision.sourceKey, revision.contentHash))) {
      throw new GatewayError('TG_CONFLICT', 'this payload is already stored as a revision of the record; change it before saving');
    }
    const inserted = { id: known.ids[0]! };
    // Staged as it is; the replay below maps it and stores its outcome.
    await insertSourceRowsWithOutcome(tx, entry.adapterId, entry.stream, null, [
      { ...revision, id: inserted.id, outcome: 'staged', nationalRecordId: null },
    ]);
    await recordEvent(tx, {
      actor,
      action: 'quarantine:record-edited',
      subject: `${entry.adapterId}/${entry.stream}/${entry.sourceKey}`,
      details: { quarantineId: id, revisionId: inserted.id, comment: edit.comment ?? null },
    });
    return inserted.id;
  });
  const outcome = await replayAndBatch(deps, { ids: [id] });
  return { ...outcome, revisionId };
}
