import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { noticeConditions } from '../../src/alerts/notice-conditions';
import { insertNoticeResponse, storeNoticeRevision } from '../../src/db/queries/notices';
import { notice, traceCode } from './support';

describe('notice alerts', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  const kinds = async (now: number) => (await noticeConditions(t.db, 60, now)).map((c) => c.key).sort();

  it('raises one incident per notice and kind: arrival, acknowledgement and final answer due soon, then late; none once answered or withdrawn', async () => {
    const respondBy = Date.now() + 48 * 3600_000;
    await storeNoticeRevision(
      t.db,
      notice({ noticeId: 'NT20261205000001', traceCodes: [traceCode('01', 1)], respondBy: new Date(respondBy).toISOString() }),
      'received',
    );
    await storeNoticeRevision(
      t.db,
      notice({ noticeId: 'NT20261205000002', traceCodes: [traceCode('01', 2)], respondBy: new Date(respondBy).toISOString() }),
      'received',
    );
    const now = Date.now();
    expect(await kinds(now)).toEqual(['notice-received:NT20261205000001', 'notice-received:NT20261205000002']);
    expect(await kinds(now + 90 * 60_000)).toContain('notice-ack-due:NT20261205000001');
    expect(await kinds(now + 3 * 3600_000)).toContain('notice-ack-late:NT20261205000001');

    await insertNoticeResponse(t.db, {
      responseId: 'NT20261205000001-ACK',
      noticeId: 'NT20261205000001',
      status: 'ACKNOWLEDGED',
      body: '{}',
      createdBy: 'system',
    });
    await t.db.query(`UPDATE notice_responses SET outcome = 'sent' WHERE response_id = 'NT20261205000001-ACK'`);
    const late = await kinds(respondBy + 60_000);
    expect(late).toContain('notice-answer-late:NT20261205000001');
    expect(late).not.toContain('notice-ack-late:NT20261205000001');
    expect(await kinds(respondBy - 30 * 60_000)).toContain('notice-answer-due:NT20261205000001');

    await insertNoticeResponse(t.db, {
      responseId: 'NT20261205000001-FINAL',
      noticeId: 'NT20261205000001',
      status: 'COMPLETED',
      body: '{}',
      createdBy: 'system',
    });
    await t.db.query(`UPDATE notice_responses SET outcome = 'sent' WHERE response_id = 'NT20261205000001-FINAL'`);
    await storeNoticeRevision(
      t.db,
      notice({ noticeId: 'NT20261205000003', kind: 'WITHDRAWN', supersedes: 'NT20261205000002', traceCodes: [traceCode('01', 2)] }),
      'received',
    );
    expect(await kinds(respondBy + 60_000)).toEqual([]);
  });
});
