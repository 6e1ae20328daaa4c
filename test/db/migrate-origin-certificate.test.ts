import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction, type Db } from '../../src/db/pool';
import { copyNationalRecords, latestVersions } from '../../src/db/queries/national-records';
import { chainCandidates } from '../../src/db/queries/notice-chain';
import { traceLinks } from '../../src/pipeline/trace-links';
import { insertVersionWithoutLinks, schemaBefore, type SchemaBefore } from '../helpers/schema-before';

const ENTRY = '62010205260105000031';
const CERTIFICATE = 'HGZ-2026-0001';

/**
 * A database written before migration 0132 (rule 4 of the notice chain read each entry's certificate
 * number out of its body) migrates forward with the number in its column, where the chain finds it.
 */
describe('migration 0132: the certificate an entry names in a column', () => {
  let old: SchemaBefore;
  let db: Db;

  beforeAll(async () => {
    old = await schemaBefore('0132');
    db = old.db;

    await insertVersionWithoutLinks(db, 'entries', 'E1', { traceCode: ENTRY, originCertificateNo: CERTIFICATE });
    await insertVersionWithoutLinks(db, 'entries', 'E2', { traceCode: ENTRY });
    await insertVersionWithoutLinks(db, 'entries', 'E3', { traceCode: ENTRY, originCertificateNo: 2026 });
    await insertVersionWithoutLinks(db, 'certificates', 'C1', {
      traceCode: ENTRY,
      certificateNo: CERTIFICATE,
      originCertificateNo: CERTIFICATE,
    });

    await old.migrateForward();
  });

  afterAll(async () => {
    await old?.drop();
  });

  it('fills the column from the entries already stored, where the body names a certificate as text', async () => {
    const rows = (await db.query(`SELECT record_id, origin_certificate_no FROM national_records ORDER BY record_id`)).rows;
    expect(rows).toEqual([
      { record_id: 'C1', origin_certificate_no: null },
      { record_id: 'E1', origin_certificate_no: CERTIFICATE },
      { record_id: 'E2', origin_certificate_no: null },
      { record_id: 'E3', origin_certificate_no: null },
    ]);
    expect(await chainCandidates(db, [], [CERTIFICATE])).toEqual([{ interface: 'entries', recordId: 'E1' }]);
  });

  it('finds an entry written after it by COPY', async () => {
    const body = { recordId: 'E4', version: 1, traceCode: ENTRY, originCertificateNo: 'HGZ "2026", {0002} \\ 合格证' };
    await withTransaction(db, async (tx) => {
      const { ids } = await latestVersions(tx, 'entries', ['E4'], 1);
      await copyNationalRecords(tx, 'entries', 'a', [
        {
          id: ids[0]!,
          recordId: 'E4',
          version: 1,
          body: JSON.stringify(body),
          contentHash: 'e4',
          links: traceLinks('entries', body),
          sourceRecordId: 1,
        },
      ]);
    });
    expect(await chainCandidates(db, [], [body.originCertificateNo, CERTIFICATE])).toEqual([
      { interface: 'entries', recordId: 'E1' },
      { interface: 'entries', recordId: 'E4' },
    ]);
  });
});
