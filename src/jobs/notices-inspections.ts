import type PgBoss from 'pg-boss';
import { bossDb, type Db } from '../db/pool';
import type { Logger } from '../log';
import { proposeFromInspections, type RaiseMode } from '../notices/raise';
import type { QueuePayloads } from '../queues/payloads';
import { send } from '../queues/send';
import type { DeliverDeps } from './deliver';

/**
 * The `notices-inspections` queue's handler: each accepted inspection with a FAIL conclusion proposes a
 * notice (`propose`) or raises one (`auto`, sent by a notices round asked for at once).
 */
export function createInspectionNoticesHandler(deps: {
  db: Db;
  mode: RaiseMode;
  regionScope: string;
  log: Logger;
  requestRound(): Promise<void>;
}) {
  return async (d: QueuePayloads['notices-inspections']): Promise<void> => {
    const raised = await proposeFromInspections(deps.db, d.nationalRecordIds, {
      mode: deps.mode,
      regionScope: deps.regionScope,
      log: deps.log,
    });
    if (raised.length > 0 && deps.mode === 'auto') await deps.requestRound();
  };
}

/** Delivery's hook in a receipt's transaction: accepted inspections are looked at in a job enqueued with the receipt (none while raising is off). */
export function enqueueInspectionNotices(boss: PgBoss, mode: RaiseMode): NonNullable<DeliverDeps['afterReceipt']> {
  return (iface, ids) =>
    iface === 'inspections' && mode !== 'off'
      ? async (tx) => void (await send(boss, 'notices-inspections', { nationalRecordIds: ids }, { db: bossDb(tx) }))
      : undefined;
}
