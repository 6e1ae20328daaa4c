import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Every filter a list endpoint offers (src/api/openapi/operations.ts) is served by an index that
 * starts with the filtered column, so a page costs an index search however large the table.
 * national_records is left out: its storage is being reworked (see docs/operations.md, "Security").
 */
const FILTERS: Array<{ endpoint: string; table: string; filter: string; column: string }> = [
  ...[
    ['adapterId', 'adapter_id'],
    ['stream', 'stream'],
    ['interface', 'interface'],
    ['reason', 'reasons'],
    ['stage', 'stage'],
    ['since', 'created_at'],
    ['until', 'created_at'],
  ].map(([filter, column]) => ({ endpoint: 'GET /api/quarantine', table: 'quarantine', filter: filter!, column: column! })),
  ...[
    ['actor', 'actor'],
    ['action', 'action'],
    ['subject', 'subject'],
    ['since', 'at'],
  ].map(([filter, column]) => ({ endpoint: 'GET /api/events', table: 'events', filter: filter!, column: column! })),
  { endpoint: 'GET /api/batches (oldest first)', table: 'batches', filter: 'order', column: 'created_at' },
  { endpoint: 'GET /api/batches', table: 'batches', filter: 'state', column: 'state' },
];

describe('list endpoints are indexed for every filter they offer', () => {
  let t: TestDatabase;
  let leading: Array<{ table: string; index: string; column: string }>;
  beforeAll(async () => {
    t = await createTestDatabase();
    const r = await t.db.query(
      `SELECT tc.relname AS table, ic.relname AS index, a.attname AS column
         FROM pg_index x
         JOIN pg_class ic ON ic.oid = x.indexrelid
         JOIN pg_class tc ON tc.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = tc.relnamespace AND n.nspname = $1
         JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = x.indkey[0]`,
      [t.schema],
    );
    leading = r.rows;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.each(FILTERS)('$endpoint ?$filter= has an index on $table starting with $column', ({ table, column }) => {
    expect(leading.filter((l) => l.table === table && l.column === column).map((l) => l.index)).not.toEqual([]);
  });
});
