import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWorkers, STOPPED_BEFORE_START, type WorkerSet } from '../../src/jobs/workers';
import { silentLogger } from '../../src/log';
import { send } from '../../src/queues/send';
import { useTestDatabaseWithBoss } from '../helpers/boss';
import { untilWaitingOnLock } from '../helpers/lock-wait';

const env = useTestDatabaseWithBoss();

/** Workers whose handler of `queue` holds each job until released; `running` resolves once one has started. */
async function workersHoldingJobs(queue: 'deliver' | 'replay', deliverWorkers: number) {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const handler = async () => {
    started();
    await held;
  };
  const workers = await startWorkers(env.boss, silentLogger(), { [queue]: handler }, { deliverWorkers });
  return { workers, release, running };
}

describe('waking the delivery workers', () => {
  let workers: WorkerSet | null = null;
  afterEach(async () => {
    vi.restoreAllMocks();
    await workers?.stop();
    workers = null;
  });

  it('wakes one idle worker per formed batch, each in turn, and none that is busy', async () => {
    const holding = await workersHoldingJobs('deliver', 3);
    const { release, running } = holding;
    workers = holding.workers;
    const woken = vi.spyOn(env.boss, 'notifyWorker');

    workers.notifyDeliver();
    workers.notifyDeliver();
    workers.notifyDeliver();
    workers.notifyDeliver();
    const ids = woken.mock.calls.map(([id]) => id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids.slice(0, 3)).size).toBe(3);
    expect(ids[3]).toBe(ids[0]);

    // One worker takes a job and holds it: the next wakes go to the two others only.
    await send(env.boss, 'deliver', { batchId: 'B-1', interface: 'enterprises' } as never);
    workers.notifyDeliver();
    await running;
    woken.mockClear();
    for (let i = 0; i < 4; i++) workers.notifyDeliver();
    const idle = new Set(woken.mock.calls.map(([id]) => id));
    expect(idle.size).toBe(2);
    expect(woken).toHaveBeenCalledTimes(4);
    release();
  });
});

describe('stopping the workers', () => {
  const jobState = async (id: string) =>
    (await env.t.db.query(`SELECT state, output FROM ${env.t.bossSchema}.job WHERE id = $1`, [id])).rows[0] as {
      state: string;
      output: unknown;
    };
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 500 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('waits for the job in hand before it returns', async () => {
    const { workers, release, running } = await workersHoldingJobs('replay', 1);
    const id = (await send(env.boss, 'replay', { filter: {}, requestedBy: 'test' } as never))!;
    workers.notifyQueue('replay');
    await running;
    let stopped = false;
    const stopping = workers.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect((await jobState(id)).state).toBe('completed');
  });

  it('leaves a job fetched while it stops to a retry, without running it', async () => {
    let ran = 0;
    const id = (await send(env.boss, 'deliver', { batchId: 'B-stop', interface: 'enterprises' } as never))!;
    // The job table locked: the worker's fetch waits in the database while the workers stop.
    const locker = new pg.Client({ connectionString: env.t.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${env.t.bossSchema}.job IN ACCESS EXCLUSIVE MODE`);
      // Started only once the table is locked, so no poll can take the job before: their first fetch waits.
      const workers = await startWorkers(
        env.boss,
        silentLogger(),
        {
          deliver: async () => {
            ran++;
          },
        },
        { deliverWorkers: 1 },
      );
      await untilWaitingOnLock(env.t.db, { queryLike: ['%FOR UPDATE SKIP LOCKED%', `%${env.t.bossSchema}.job%`] });
      await workers.stop();
    } finally {
      await locker.query('COMMIT');
      await locker.end();
    }
    // One read per look: two reads could see 'created' and then 'active', the fetch's own step.
    await until(async () => !['created', 'active'].includes((await jobState(id)).state));
    const job = await jobState(id);
    expect(ran).toBe(0);
    expect(job.state).toBe('retry');
    expect(JSON.stringify(job.output)).toContain(STOPPED_BEFORE_START);
  });
});
