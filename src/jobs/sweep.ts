import type PgBoss from 'pg-boss';
import { connectionLossLimiter } from '../db/connection-loss';
import { withTransaction, type Db } from '../db/pool';
import type { Logger } from '../log';
import type { TranslationTableSource } from '../mappings/table-watch';
import type { CodeListStore } from '../national/codelist-store';
import { NATIONAL_INTERFACES } from '../national/types';
import { formBatchesFor, type BatchLimits } from '../pipeline/batch';
import { send } from '../queues/send';
import { requeueParkedBatches } from './parked-batches';

export interface SweepDeps {
  db: Db;
  boss: PgBoss;
  limits: BatchLimits;
  /** The national credential, whose parked batches are requeued once it is no longer paused. */
  appKey: string;
  /** Wakes the delivery workers once new batches exist. */
  notifyDeliver?(count?: number): void;
  codeLists: Pick<CodeListStore, 'syncFromDb'>;
  tables: Pick<TranslationTableSource, 'reloadIfChanged'>;
  log: Logger;
}

/**
 * One sweep: batches pending versions left by a crash between staging and batching (or held back
 * behind an earlier version), requeues batches parked while delivery was paused should the
 * credential have been resumed without requeuing them (by hand in the database), takes up code lists
 * refreshed by another process, and reloads edited translation tables; a reload replays the records
 * quarantined for unknown codes and nodes.
 */
export async function sweepOnce(deps: SweepDeps): Promise<void> {
  const { boss, log } = deps;
  await formBatchesFor(deps.db, boss, NATIONAL_INTERFACES, deps.limits, deps.notifyDeliver);
  const requeued = await withTransaction(deps.db, (tx) => requeueParkedBatches(tx, boss, deps.appKey));
  if (requeued > 0) {
    log.warn('batches parked while delivery was paused are queued again', { event: 'batches:unparked', batches: requeued });
    deps.notifyDeliver?.(requeued);
  }
  await deps.codeLists.syncFromDb();
  const reloaded = deps.tables.reloadIfChanged();
  if (reloaded === 'reloaded') {
    log.info('translation tables reloaded; replaying records quarantined for unknown codes and nodes', { event: 'tables:reloaded' });
    for (const reason of ['UNKNOWN_NODE', 'UNKNOWN_CODE']) {
      await send(
        boss,
        'replay',
        { filter: { reason }, requestedBy: 'system:tables-changed' },
        { singletonKey: `tables:${reason}`, singletonSeconds: 30 },
      );
    }
  } else if (reloaded !== 'unchanged') {
    log.error('a translation table could not be loaded; the previous tables stay in force', {
      event: 'tables:invalid',
      error: reloaded.error,
    });
  }
}

/** Sweeps every `everySeconds` in this process; the returned function stops it. */
export function startSweep(deps: SweepDeps, everySeconds: number): () => Promise<void> {
  // While the database is away every sweep fails: one line per half minute says so.
  const sweepErrors = connectionLossLimiter();
  const timer = setInterval(() => {
    sweepOnce(deps).catch((err) =>
      sweepErrors(err, (suppressed) =>
        deps.log.warn('periodic sweep failed', { event: 'sweep:failed', error: String(err), ...(suppressed ? { suppressed } : {}) }),
      ),
    );
  }, everySeconds * 1000);
  return async () => clearInterval(timer);
}
