import { describe, expect, it, vi } from 'vitest';
import { bossDb, withTransaction } from '../../src/db/pool';
import { send, sendAll } from '../../src/queues/send';
import { useTestDatabaseWithBoss } from '../helpers/boss';

const env = useTestDatabaseWithBoss();

/** The settings a job row takes from its queue and pg-boss's defaults (not its id, data or times). */
async function jobSettings(batchId: string) {
  const r = await env.t.db.query(
    `SELECT name, state, priority, retry_limit, retry_delay, retry_backoff, expire_in, policy, dead_letter,
            keep_until - created_on > interval '13 days' AS kept_for_two_weeks, start_after <= now() AS startable
       FROM ${env.t.bossSchema}.job WHERE data->>'batchId' = $1`,
    [batchId],
  );
  expect(r.rows).toHaveLength(1);
  return r.rows[0];
}

describe('sendAll', () => {
  it("writes the same jobs as send, all in one statement of the caller's transaction", async () => {
    await send(env.boss, 'deliver', { batchId: 'B-send', interface: 'subjects' });
    const statements = await withTransaction(env.t.db, async (tx) => {
      const db = bossDb(tx);
      const executed = vi.spyOn(db, 'executeSql');
      await sendAll(
        env.boss,
        'deliver',
        [
          { batchId: 'B-all-1', interface: 'subjects' },
          { batchId: 'B-all-2', interface: 'batches' },
        ],
        { db },
      );
      return executed.mock.calls.length;
    });
    expect(statements).toBe(1);
    const sent = await jobSettings('B-send');
    expect(sent).toMatchObject({ name: 'deliver', state: 'created', retry_limit: 1_000_000, retry_backoff: true, startable: true });
    expect(await jobSettings('B-all-1')).toEqual(sent);
    expect(await jobSettings('B-all-2')).toEqual(sent);
  });

  it('rolls back with the transaction, and sends nothing for no data', async () => {
    await expect(
      withTransaction(env.t.db, async (tx) => {
        await sendAll(env.boss, 'deliver', [{ batchId: 'B-rolled', interface: 'subjects' }], { db: bossDb(tx) });
        throw new Error('page failed');
      }),
    ).rejects.toThrow('page failed');
    await sendAll(env.boss, 'deliver', []);
    const r = await env.t.db.query(`SELECT count(*)::int AS n FROM ${env.t.bossSchema}.job WHERE data->>'batchId' = 'B-rolled'`);
    expect(r.rows[0].n).toBe(0);
  });
});
