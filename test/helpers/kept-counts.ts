import type { Queryable } from '../../src/db/pool';
import { openQuarantineTotals, recordCountTotals, sourceCountTotals } from '../../src/db/queries/counters';

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

/**
 * The kept counts next to the same counts taken from the tables; equal unless a write path forgot to
 * count. Only for data no retention has touched (retention does not take counts back).
 */
export async function keptAndCountedAgain(db: Queryable) {
  // One query at a time: `db` may be a single client.
  const records = await db.query(`SELECT adapter_id, interface, state, count(*)::int AS n FROM national_record_states GROUP BY 1, 2, 3`);
  const sources = await db.query(`SELECT adapter_id, stream, outcome, count(*)::int AS n FROM source_records GROUP BY 1, 2, 3`);
  const quarantine = await db.query(`SELECT adapter_id, stream, interface, stage, count(*)::int AS n FROM quarantine WHERE resolved_at IS NULL GROUP BY 1, 2, 3, 4`);
  return {
    kept: {
      records: sorted(await recordCountTotals(db)),
      sources: sorted(await sourceCountTotals(db)),
      quarantine: sorted(await openQuarantineTotals(db)),
    },
    counted: {
      records: sorted(records.rows.map((r) => ({ adapterId: r.adapter_id, interface: r.interface, state: r.state, n: r.n }))),
      sources: sorted(sources.rows.map((r) => ({ adapterId: r.adapter_id, stream: r.stream, outcome: r.outcome, n: r.n }))),
      quarantine: sorted(quarantine.rows.map((r) => ({ adapterId: r.adapter_id, stream: r.stream, interface: r.interface, stage: r.stage, n: r.n }))),
    },
  };
}
