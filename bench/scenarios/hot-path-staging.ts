/**
 * Scenario 5b: stagePage (raw rows, map, validate, version, quarantine, cursor in one transaction
 * per page) against its baseline, a plain multi-row INSERT of the same raw rows, one transaction
 * per page, into a table of the same schema.
 */
import { createPool, withTransaction, type Db } from '../../src/db/pool';
import { migrate } from '../../src/db/migrate';
import { loadTranslationTables } from '../../src/mappings/tables';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { stagePage } from '../../src/pipeline/stage';
import type { PipelineDeps } from '../../src/pipeline/types';
import type { Logger } from '../../src/log';
import type { CollectedStream } from '../lib/world';

export interface StagingFigures {
  rows: number;
  pages: number;
  stageSeconds: number;
  stageRowsPerSecond: number;
  insertSeconds: number;
  insertRowsPerSecond: number;
  mapped: number;
  quarantined: number;
}

const PLAIN_TABLE = `CREATE TABLE plain_source_rows (
  id bigserial PRIMARY KEY, adapter_id text NOT NULL, stream text NOT NULL, source_key text NOT NULL,
  ordering_key text NOT NULL, payload jsonb NOT NULL, raw_text text)`;

async function plainInsert(db: Db, streams: CollectedStream[]): Promise<number> {
  const started = performance.now();
  for (const s of streams) {
    for (const page of s.pages) {
      if (page.records.length === 0) continue;
      await withTransaction(db, async (tx) => {
        const values: unknown[] = [];
        const rows: string[] = [];
        for (const r of page.records) {
          const i = values.length;
          rows.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5}, $${i + 6})`);
          values.push(s.adapterId, s.runtime.stream, r.sourceKey, r.orderingKey, JSON.stringify(r.payload), r.rawText ?? null);
        }
        await tx.query(
          `INSERT INTO plain_source_rows (adapter_id, stream, source_key, ordering_key, payload, raw_text) VALUES ${rows.join(',')}`,
          values,
        );
      });
    }
  }
  return (performance.now() - started) / 1000;
}

/**
 * Stages every collected page into the (already migrated) schema behind `db`, streams in the
 * kind's order (referenced streams first), as the pull handler does. Leaves pending national records.
 */
async function stageAll(
  db: Db,
  streams: CollectedStream[],
  deps: PipelineDeps,
): Promise<{ seconds: number; mapped: number; quarantined: number }> {
  let mapped = 0;
  let quarantined = 0;
  const byAdapter = new Map<string, CollectedStream[]>();
  for (const s of streams) byAdapter.set(s.adapterId, [...(byAdapter.get(s.adapterId) ?? []), s]);
  const started = performance.now();
  for (const group of byAdapter.values()) {
    const runtimeOf = (stream: string) => group.find((g) => g.runtime.stream === stream)?.runtime;
    for (const s of group) {
      for (const page of s.pages) {
        const res = await stagePage(db, s.runtime, page, deps, { storeCursor: true, runtimeOf });
        mapped += res.mapped;
        quarantined += res.quarantined;
      }
    }
  }
  return { seconds: (performance.now() - started) / 1000, mapped, quarantined };
}

export function pipelineDeps(log: Logger): PipelineDeps {
  const tables = loadTranslationTables();
  const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });
  return { tables: () => tables, validator: () => validator, now: () => Date.now(), log };
}

/** Runs the baseline, then staging, in `schema` (created and migrated here). */
export async function measureStaging(
  url: string,
  schema: string,
  streams: CollectedStream[],
  log: Logger,
): Promise<{ figures: StagingFigures; db: Db }> {
  const db = createPool({ url, schema, max: 10 });
  await migrate(db, { schema });
  await db.query(PLAIN_TABLE);
  const rows = streams.reduce((n, s) => n + s.pages.reduce((m, p) => m + p.records.length, 0), 0);
  const pages = streams.reduce((n, s) => n + s.pages.filter((p) => p.records.length > 0).length, 0);
  const insertSeconds = await plainInsert(db, streams);
  const staged = await stageAll(db, streams, pipelineDeps(log));
  return {
    db,
    figures: {
      rows,
      pages,
      stageSeconds: staged.seconds,
      stageRowsPerSecond: rows / staged.seconds,
      insertSeconds,
      insertRowsPerSecond: rows / insertSeconds,
      mapped: staged.mapped,
      quarantined: staged.quarantined,
    },
  };
}
