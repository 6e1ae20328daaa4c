import type PgBoss from 'pg-boss';
import type { Db } from '../db/pool';
import type { QuarantineFilter } from '../db/queries/quarantine-list';
import type { NationalInterface } from '../national/types';
import type { AdapterInstances } from '../runtime/instances';
import { formBatchesFor, type BatchLimits } from './batch';
import { replayQuarantine } from './replay';
import type { PipelineDeps } from './types';

export interface ReplayAndBatchDeps {
  db: Db;
  boss: PgBoss;
  instances: AdapterInstances;
  pipeline: PipelineDeps;
  limits: BatchLimits;
  /** Wakes the delivery workers once new batches exist. */
  notifyDeliver?(): void;
}

export interface ReplayOutcome {
  entries: number;
  mapped: number;
  unchanged: number;
  quarantined: number;
  deleted: number;
  stale: number;
  interfaces: NationalInterface[];
  batchedRecords: number;
}

/** Re-maps the open entries matching the filter, then batches what now passes, at once. */
export async function replayAndBatch(
  deps: ReplayAndBatchDeps,
  filter: QuarantineFilter,
  opts: { onProgress?: (entries: number) => void } = {},
): Promise<ReplayOutcome> {
  const r = await replayQuarantine(deps.db, (id) => deps.instances.get(id), filter, deps.pipeline, { onProgress: opts.onProgress });
  const batchedRecords = await formBatchesFor(deps.db, deps.boss, r.interfaces, deps.limits, deps.notifyDeliver);
  return {
    entries: r.entries,
    mapped: r.mapped,
    unchanged: r.unchanged,
    quarantined: r.quarantined,
    deleted: r.deleted,
    stale: r.stale,
    interfaces: [...r.interfaces],
    batchedRecords,
  };
}
