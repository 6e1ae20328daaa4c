import { replayAndBatch, type ReplayAndBatchDeps } from '../pipeline/replay-and-batch';
import { recordEvent } from '../db/queries/events';
import { countOpenQuarantine, type QuarantineFilter } from '../db/queries/quarantine-list';
import { markReplayDone, markReplayFailed, markReplayRunning, noteReplayProgress, replayRequester } from '../db/queries/replay-requests';
import type { Logger } from '../log';
import type { QueuePayloads } from '../queues/payloads';

/**
 * The `replay` queue's handler: re-maps every open quarantine entry matching the filter, then batches
 * what now passes. A replay asked through the API (`requestId`) keeps its state and progress in
 * replay_requests, and its audit event names the token that asked.
 */
export function createReplayHandler(deps: ReplayAndBatchDeps & { log: Logger }) {
  return async (d: QueuePayloads['replay']): Promise<void> => {
    const filter = d.filter as QuarantineFilter;
    const id = d.requestId;
    if (id === undefined) {
      const r = await replayAndBatch(deps, filter);
      deps.log.info('replay done', {
        event: 'replay:done',
        requestedBy: d.requestedBy,
        filter: d.filter,
        entries: r.entries,
        mapped: r.mapped,
        quarantined: r.quarantined,
      });
      return;
    }
    try {
      await markReplayRunning(deps.db, id, await countOpenQuarantine(deps.db, filter));
      const outcome = await replayAndBatch(deps, filter, {
        onProgress: (entries) => void noteReplayProgress(deps.db, id, entries).catch(() => undefined),
      });
      await markReplayDone(deps.db, id, { ...outcome });
      await recordEvent(deps.db, {
        actor: (await replayRequester(deps.db, id)) ?? 'system',
        action: 'quarantine:replayed',
        subject: `replay:${id}`,
        details: { requestId: id, filter: d.filter, outcome },
      });
      deps.log.info('replay done', {
        event: 'replay:done',
        requestId: id,
        requestedBy: d.requestedBy,
        entries: outcome.entries,
        mapped: outcome.mapped,
        quarantined: outcome.quarantined,
      });
    } catch (err) {
      await markReplayFailed(deps.db, id, (err as Error).message).catch(() => undefined);
      throw err;
    }
  };
}
