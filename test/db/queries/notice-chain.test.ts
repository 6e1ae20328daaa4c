import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainCandidates } from '../../../src/db/queries/notice-chain';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { planRecorder } from '../../helpers/query-plans';
import { insertNationalRecord } from '../../notices/support';

const CERTIFICATE = 'HGZ-2026-0001';

describe('chainCandidates', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await insertNationalRecord(t.db, 'entries', 'e1', { traceCode: '62010205260105000031', originCertificateNo: CERTIFICATE });
    await insertNationalRecord(t.db, 'certificates', 'c1', { traceCode: '62010201260105000015', certificateNo: CERTIFICATE });
    await t.db.query(
      `INSERT INTO national_records (interface, record_id, version, body, content_hash, adapter_id, source_record_id, origin_certificate_no)
       SELECT 'entries', 'filler:' || g, 1, json_build_object('remark', repeat('备注', 200))::text, 'f' || g, 'fx', 0, 'HGZ-' || g
         FROM generate_series(1, 5000) g`,
    );
    await t.db.query('ANALYZE national_records');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('finds the entries naming a certificate (§8.6 rule 4), and nothing for no certificate', async () => {
    expect(await chainCandidates(t.db, [], [CERTIFICATE])).toEqual([{ interface: 'entries', recordId: 'e1' }]);
    expect(await chainCandidates(t.db, [], [])).toEqual([]);
  });

  it('searches entries by certificate through their index, without reading every body', async () => {
    const { db: explain, plans } = planRecorder(t.db);
    await chainCandidates(explain, [], [CERTIFICATE]);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain('national_records_origin_certificate');
    expect(plans[0]).not.toMatch(/Seq Scan on national_records/);
  });
});
