import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction, type Db } from '../../src/db/pool';
import { copyNationalRecords, latestVersions } from '../../src/db/queries/national-records';
import { chainCandidates } from '../../src/db/queries/notice-chain';
import { subjectsWithCodes, tradesFromParents, transportsCarrying } from '../../src/db/queries/trace';
import { traceLinks } from '../../src/pipeline/trace-links';
import { insertVersionWithoutLinks, schemaBefore, type SchemaBefore } from '../helpers/schema-before';

const BATCH = '62012301260105000018';
const TICKET = '62012305260105000021';
const CREDIT = '91620102MA73F00001';

/**
 * A database written before migration 0131 (trace links read out of record bodies by expression
 * indexes) migrates forward with every link in its column, found by the same lookups as before.
 */
describe('migration 0131: trace links in columns', () => {
  let old: SchemaBefore;
  let db: Db;

  beforeAll(async () => {
    old = await schemaBefore('0131');
    db = old.db;

    await insertVersionWithoutLinks(db, 'subjects', 'S1', { subjectCode: CREDIT, name: '兰州百合种植专业合作社' });
    await insertVersionWithoutLinks(db, 'batches', 'B1', { traceCode: BATCH, subjectCode: CREDIT });
    await insertVersionWithoutLinks(db, 'trades', 'T1', { traceCode: TICKET, parentTraceCode: BATCH });
    await insertVersionWithoutLinks(db, 'transports', 'W1', { traceCodes: [BATCH, TICKET] });
    await insertVersionWithoutLinks(db, 'transports', 'W2', { traceCodes: [] });

    await old.migrateForward();
  });

  afterAll(async () => {
    await old?.drop();
  });

  it('fills each link from the body of the versions already stored, and only where a lookup asks for it', async () => {
    const rows = (
      await db.query(`SELECT record_id, subject_code, parent_trace_code, carried_trace_codes FROM national_records ORDER BY record_id`)
    ).rows;
    expect(rows).toEqual([
      { record_id: 'B1', subject_code: null, parent_trace_code: null, carried_trace_codes: null },
      { record_id: 'S1', subject_code: CREDIT, parent_trace_code: null, carried_trace_codes: null },
      { record_id: 'T1', subject_code: null, parent_trace_code: BATCH, carried_trace_codes: null },
      { record_id: 'W1', subject_code: null, parent_trace_code: null, carried_trace_codes: [BATCH, TICKET] },
      { record_id: 'W2', subject_code: null, parent_trace_code: null, carried_trace_codes: [] },
    ]);
  });

  it('finds the old versions by the same lookups, and no index parses a body any more', async () => {
    expect((await subjectsWithCodes(db, [CREDIT], 10)).map((r) => r.recordId)).toEqual(['S1']);
    expect((await tradesFromParents(db, [BATCH], 10)).map((r) => r.recordId)).toEqual(['T1']);
    expect((await transportsCarrying(db, [TICKET], 10)).map((r) => r.recordId)).toEqual(['W1']);
    expect(await chainCandidates(db, [BATCH], [])).toEqual([
      { interface: 'batches', recordId: 'B1' },
      { interface: 'trades', recordId: 'T1' },
      { interface: 'transports', recordId: 'W1' },
    ]);
    const indexes = (
      await db.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'national_records'`, [old.schema])
    ).rows;
    expect(indexes.filter((i) => /jsonb/.test(i.indexdef))).toEqual([]);
  });

  it('finds versions written after it by COPY with their links', async () => {
    const body = { recordId: 'W3', version: 1, traceCodes: [BATCH, 'odd "code", {with} \\ text'] };
    await withTransaction(db, async (tx) => {
      const { ids } = await latestVersions(tx, 'transports', ['W3'], 1);
      await copyNationalRecords(tx, 'transports', 'a', [
        {
          id: ids[0]!,
          recordId: 'W3',
          version: 1,
          body: JSON.stringify(body),
          contentHash: 'w3',
          links: traceLinks('transports', body),
          sourceRecordId: 1,
        },
      ]);
    });
    expect((await transportsCarrying(db, ['odd "code", {with} \\ text'], 10)).map((r) => r.recordId)).toEqual(['W3']);
    expect((await transportsCarrying(db, [BATCH], 10)).map((r) => r.recordId)).toEqual(['W1', 'W3']);
  });
});
