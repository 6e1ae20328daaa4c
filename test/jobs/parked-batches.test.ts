import { beforeEach, describe, expect, it } from 'vitest';
import { parkBatch } from '../../src/db/queries/batches';
import { setPaused } from '../../src/db/queries/national-state';
import { withTransaction } from '../../src/db/pool';
import { requeueParkedBatches } from '../../src/jobs/parked-batches';
import { useTestDatabaseWithBoss } from '../helpers/boss';
import { untilWaitingOnLock } from '../helpers/lock-wait';

const APP_KEY = 'k-parked';

describe('batches parked while delivery is paused', () => {
  const env = useTestDatabaseWithBoss();
  let seq = 0;

  /** A batch row in the given state; delivery state lives on the batch, members do not matter here. */
  async function batch(state: string, nextAttemptAt: Date | null = null): Promise<string> {
    const id = `b-park-${++seq}`;
    await env.t.db.query(
      `INSERT INTO batches (batch_id, interface, state, record_count, body_bytes, next_attempt_at) VALUES ($1, 'subjects', $2, 1, 100, $3)`,
      [id, state, nextAttemptAt],
    );
    return id;
  }
  const parkedAt = async (id: string) =>
    (await env.t.db.query('SELECT parked_at FROM batches WHERE batch_id = $1', [id])).rows[0].parked_at;
  const deliverJobs = async () =>
    (
      await env.t.db.query(
        `SELECT data->>'batchId' AS batch_id, start_after > now() + interval '1 minute' AS later
           FROM ${env.t.bossSchema}.job WHERE name = 'deliver' ORDER BY data->>'batchId'`,
      )
    ).rows;
  const requeue = () => withTransaction(env.t.db, (tx) => requeueParkedBatches(tx, env.boss, APP_KEY));

  beforeEach(async () => {
    await env.t.db.query(`DELETE FROM ${env.t.bossSchema}.job WHERE name = 'deliver'`);
    await env.t.db.query('DELETE FROM batches');
  });

  it('parks only a sendable batch, and only while the credential is paused', async () => {
    const queued = await batch('queued');
    const blocked = await batch('blocked');
    expect(await parkBatch(env.t.db, queued, APP_KEY)).toBe(false); // no pause recorded at all
    await setPaused(env.t.db, APP_KEY, true, 'E2001: signature');
    expect(await parkBatch(env.t.db, blocked, APP_KEY)).toBe(false);
    expect(await parkBatch(env.t.db, queued, APP_KEY)).toBe(true);
    expect(await parkedAt(queued)).toBeInstanceOf(Date);
    expect(await parkedAt(blocked)).toBeNull();
    await setPaused(env.t.db, APP_KEY, false, null);
    expect(await parkBatch(env.t.db, await batch('queued'), APP_KEY)).toBe(false);
  });

  it('gives each parked batch its job back once resumed, a retry delay kept; nothing while still paused', async () => {
    await setPaused(env.t.db, APP_KEY, true, 'E2001: signature');
    const queued = await batch('queued');
    const failing = await batch('failing', new Date(Date.now() + 3_600_000));
    const notParked = await batch('queued');
    for (const id of [queued, failing]) expect(await parkBatch(env.t.db, id, APP_KEY)).toBe(true);
    expect(await requeue()).toBe(0);
    expect(await deliverJobs()).toEqual([]);

    await setPaused(env.t.db, APP_KEY, false, null);
    expect(await requeue()).toBe(2);
    expect(await deliverJobs()).toEqual([
      { batch_id: queued, later: false },
      { batch_id: failing, later: true },
    ]);
    expect([await parkedAt(queued), await parkedAt(failing), await parkedAt(notParked)]).toEqual([null, null, null]);
    expect(await requeue()).toBe(0);
  });

  it('a batch parked while a resume is under way is not parked: the resume is waited for and seen', async () => {
    await setPaused(env.t.db, APP_KEY, true, 'E2001: signature');
    const id = await batch('queued');
    const resume = await env.t.db.connect();
    try {
      await resume.query('BEGIN');
      await setPaused(resume, APP_KEY, false, null);
      const parking = parkBatch(env.t.db, id, APP_KEY);
      // The parking statement waits for the resume's lock on the credential's row.
      await untilWaitingOnLock(env.t.db, { queryLike: ['UPDATE batches SET parked_at%'] });
      await resume.query('COMMIT');
      expect(await parking).toBe(false);
    } finally {
      resume.release();
    }
    expect(await parkedAt(id)).toBeNull();
  });
});
