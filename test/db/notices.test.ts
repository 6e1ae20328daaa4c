import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { openNoticesCovering, storeNoticeRevision, type NoticeRevisionInput } from '../../src/db/queries/notices';

const CODE_A = '62012301260105000011';
const CODE_B = '62012305260105000028';
const CODE_C = '62012305260105000035';

function notice(over: Partial<NoticeRevisionInput> & { noticeId: string }): NoticeRevisionInput {
  return {
    revision: 1,
    kind: 'PROBLEM_PRODUCT',
    severity: 'HIGH',
    issuedAt: '2026-12-01T08:00:00+08:00',
    issuerRegion: '330100',
    targetRegions: ['62'],
    traceCodes: [CODE_A],
    productCode: 'VEG_LEAFY',
    hazard: 'pesticide residue above limit',
    actionsRequired: ['TRACE'],
    respondBy: '2026-12-04T08:00:00+08:00',
    ...over,
  };
}

describe('notice storage', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('keeps every revision, the highest one wins whatever the order, and a repeat changes nothing', async () => {
    const r2 = await storeNoticeRevision(
      t.db,
      notice({ noticeId: 'NT20261201000001', revision: 2, traceCodes: [CODE_A, CODE_B], hazard: 'amended' }),
      'received',
    );
    expect(r2).toMatchObject({ isNew: true, isLatest: true, repeated: false });
    const r1 = await storeNoticeRevision(t.db, notice({ noticeId: 'NT20261201000001', revision: 1 }), 'received');
    expect(r1).toMatchObject({ isNew: false, isLatest: false, repeated: false });
    const again = await storeNoticeRevision(
      t.db,
      notice({ noticeId: 'NT20261201000001', revision: 2, traceCodes: [CODE_A, CODE_B], hazard: 'amended' }),
      'received',
    );
    expect(again).toMatchObject({ isNew: false, isLatest: false, repeated: true });
    const revisions = await t.db.query(`SELECT revision FROM notice_revisions WHERE notice_id = 'NT20261201000001' ORDER BY revision`);
    expect(revisions.rows.map((r) => r.revision)).toEqual([1, 2]);
    const covering = await openNoticesCovering(t.db, [CODE_B]);
    expect(covering).toEqual([
      {
        noticeId: 'NT20261201000001',
        revision: 2,
        kind: 'PROBLEM_PRODUCT',
        severity: 'HIGH',
        hazard: 'amended',
        issuedAt: '2026-12-01T08:00:00+08:00',
        actionsRequired: ['TRACE'],
        traceCodes: [CODE_A, CODE_B],
      },
    ]);
  });

  it('finds open notices by any of their codes, newest first, and never a withdrawn one', async () => {
    await storeNoticeRevision(
      t.db,
      notice({
        noticeId: 'NT20261202000002',
        kind: 'RECALL',
        issuedAt: '2026-12-02T08:00:00+08:00',
        traceCodes: [CODE_C, CODE_A],
        actionsRequired: ['TRACE', 'RECALL'],
      }),
      'received',
    );
    await storeNoticeRevision(
      t.db,
      notice({ noticeId: 'NT20261202000003', issuedAt: '2026-12-02T09:00:00+08:00', traceCodes: [CODE_C] }),
      'raised',
    );
    expect((await openNoticesCovering(t.db, [CODE_C])).map((n) => n.noticeId)).toEqual(['NT20261202000003', 'NT20261202000002']);
    expect((await openNoticesCovering(t.db, [CODE_A])).map((n) => n.noticeId)).toEqual(['NT20261202000002', 'NT20261201000001']);
    expect(await openNoticesCovering(t.db, ['62012301260105999999'])).toEqual([]);
    expect(await openNoticesCovering(t.db, [])).toEqual([]);

    const w = await storeNoticeRevision(
      t.db,
      notice({
        noticeId: 'NT20261203000004',
        kind: 'WITHDRAWN',
        supersedes: 'NT20261202000002',
        issuedAt: '2026-12-03T08:00:00+08:00',
        traceCodes: [CODE_C, CODE_A],
      }),
      'received',
    );
    expect(w.withdrew).toBe('NT20261202000002');
    // The WITHDRAWN notice itself is not a notice in force either.
    expect((await openNoticesCovering(t.db, [CODE_C])).map((n) => n.noticeId)).toEqual(['NT20261202000003']);
    const c = await t.db.query(
      `SELECT notice_id, case_state FROM notices WHERE notice_id IN ('NT20261202000002', 'NT20261203000004', 'NT20261202000003') ORDER BY notice_id`,
    );
    expect(c.rows).toEqual([
      { notice_id: 'NT20261202000002', case_state: 'withdrawn' },
      { notice_id: 'NT20261202000003', case_state: 'none' },
      { notice_id: 'NT20261203000004', case_state: 'none' },
    ]);
  });

  it('a withdrawal seen before the notice it withdraws still withdraws it', async () => {
    await storeNoticeRevision(
      t.db,
      notice({ noticeId: 'NT20261204000006', kind: 'WITHDRAWN', supersedes: 'NT20261204000005', traceCodes: [CODE_B] }),
      'received',
    );
    await storeNoticeRevision(t.db, notice({ noticeId: 'NT20261204000005', traceCodes: [CODE_B] }), 'received');
    expect((await openNoticesCovering(t.db, [CODE_B])).map((n) => n.noticeId)).toEqual(['NT20261201000001']);
    const c = await t.db.query(`SELECT case_state, withdrawn_by FROM notices WHERE notice_id = 'NT20261204000005'`);
    expect(c.rows[0]).toEqual({ case_state: 'withdrawn', withdrawn_by: 'NT20261204000006' });
  });
});
