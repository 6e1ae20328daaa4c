import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobLoop } from '../../src/jobs/job-loop';
import { startWorkers, STILL_RUNNING_AT_STOP, STOPPED_BEFORE_START, type WorkerSet } from '../../src/jobs/workers';
import { silentLogger } from '../../src/log';
import { send } from '../../src/queues/send';
import { useTestDatabaseWithBoss } from '../helpers/boss';
import { untilWaitingOnLock } from '../helpers/lock-wait';

const env = useTestDatabaseWithBoss();

/** Workers whose handler of `queue` holds each job until released; `running` resolves once one has started. */
async function workersHoldingJobs(queue: 'deliver' | 'replay', deliverWorkers: number, opts: { stopWaitMs?: number } = {}) {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const handler = async () => {
    started();
    await held;
  };
  const workers = startWorkers(env.boss, silentLogger(), { [queue]: handler }, { deliverWorkers, ...opts });
  return { workers, release, running };
}

/** Counts pg-boss's statements on the test boss's connection for the deliver queue whose text matches `pattern`. */
function countStatements(pattern: RegExp): { readonly n: number; settled(): Promise<void>; restore(): void } {
  const db = env.boss.getDb() as { executeSql(text: string, values?: unknown[]): Promise<unknown> };
  const spy = vi.spyOn(db, 'executeSql');
  return {
    get n() {
      return spy.mock.calls.filter(([text, values]) => pattern.test(text) && values?.[0] === 'deliver').length;
    },
    /** Once every statement sent so far has answered, and what awaited the answers has run. */
    async settled() {
      await Promise.allSettled(spy.mock.results.map((r) => r.value));
      await new Promise((r) => setImmediate(r));
    },
    restore: () => spy.mockRestore(),
  };
}

const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not within ten seconds: ${what}`);
};

const deliverJob = (batchId: string) => send(env.boss, 'deliver', { batchId, interface: 'enterprises' } as never);

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
    const woken = vi.spyOn(JobLoop.prototype, 'notify');

    workers.notifyDeliver();
    workers.notifyDeliver();
    workers.notifyDeliver();
    workers.notifyDeliver();
    const loops = woken.mock.contexts;
    expect(loops).toHaveLength(4);
    expect(new Set(loops.slice(0, 3)).size).toBe(3);
    expect(loops[3]).toBe(loops[0]);

    // One worker takes a job and holds it: the next wakes go to the two others only.
    await deliverJob('B-1');
    workers.notifyDeliver();
    await running;
    woken.mockClear();
    for (let i = 0; i < 4; i++) workers.notifyDeliver();
    const idle = new Set(woken.mock.contexts);
    expect(idle.size).toBe(2);
    expect(woken).toHaveBeenCalledTimes(4);
    // Announced together, two batches wake two workers.
    woken.mockClear();
    workers.notifyDeliver(2);
    expect(new Set(woken.mock.contexts).size).toBe(2);
    release();
  });

  /** One delivery worker noting the batches it delivers, polling an hour apart: every job it takes below is taken because it looked again at once. */
  async function oneDeliveryWorker() {
    const ran: string[] = [];
    const started = startWorkers(
      env.boss,
      silentLogger(),
      { deliver: async (d) => void ran.push(d.batchId) },
      {
        deliverWorkers: 1,
        pollSeconds: { deliver: 3600 },
      },
    );
    workers = started;
    return { started, ran };
  }

  it('looks for the next job at once while announced batches are left, and completes each job once', async () => {
    const { ran, started } = await oneDeliveryWorker();
    const completions = countStatements(/state = 'completed'/);
    for (const id of ['B-a1', 'B-a2', 'B-a3']) await deliverJob(id);
    started.notifyDeliver(3);
    await until(() => ran.length === 3, 'three announced jobs run');
    await until(async () => (await env.boss.getQueueSize('deliver', { before: 'completed' })) === 0, 'all completed');
    expect(ran).toEqual(['B-a1', 'B-a2', 'B-a3']);
    expect(completions.n).toBe(3);
  });

  it('after a job nobody announced, looks again at once: more may be waiting', async () => {
    const { ran, started } = await oneDeliveryWorker();
    for (const id of ['B-u1', 'B-u2', 'B-u3']) await deliverJob(id);
    // Woken as a poll would wake it, with nothing announced (another process's batches, say).
    started.notifyQueue('deliver');
    await until(() => ran.length === 3, 'three unannounced jobs run');
  });

  it('after the last announced job, waits for the next announcement instead of looking again', async () => {
    const fetches = countStatements(/FOR UPDATE SKIP LOCKED/);
    const { ran, started } = await oneDeliveryWorker();
    // The worker looks once as it starts, finds nothing and sleeps; after that, only the announcement may make it look again.
    await until(() => fetches.n === 1, 'the look at start');
    await fetches.settled();
    await deliverJob('B-l1');
    started.notifyDeliver();
    await until(() => ran.length === 1, 'the announced job runs');
    await until(async () => (await env.boss.getQueueSize('deliver', { before: 'completed' })) === 0, 'completed');
    await new Promise((r) => setTimeout(r, 300));
    expect(fetches.n).toBe(2);
  });
});

describe('stopping the workers', () => {
  const jobState = async (id: string) =>
    (await env.t.db.query(`SELECT state, output FROM ${env.t.bossSchema}.job WHERE id = $1`, [id])).rows[0] as {
      state: string;
      output: unknown;
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

  it('waits for a look under way, and leaves the job it fetched to a retry, without running it', async () => {
    let ran = 0;
    const id = (await send(env.boss, 'deliver', { batchId: 'B-stop', interface: 'enterprises' } as never))!;
    // The job table locked: the worker's fetch waits in the database while the workers stop.
    const locker = new pg.Client({ connectionString: env.t.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${env.t.bossSchema}.job IN ACCESS EXCLUSIVE MODE`);
      // Started only once the table is locked, so no poll can take the job before: their first fetch waits.
      const workers = startWorkers(
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
      let stopped = false;
      const stopping = workers.stop().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 200));
      expect(stopped).toBe(false);
      await locker.query('COMMIT');
      await stopping;
    } finally {
      await locker.end();
    }
    // Settled before stop returned: a job sent afterwards could not be taken by the stopped workers.
    const job = await jobState(id);
    expect(ran).toBe(0);
    expect(job.state).toBe('retry');
    expect(JSON.stringify(job.output)).toContain(STOPPED_BEFORE_START);
  });

  it('leaves a job still running when the wait ends to a retry', async () => {
    const { workers, release, running } = await workersHoldingJobs('replay', 1, { stopWaitMs: 100 });
    const id = (await send(env.boss, 'replay', { filter: {}, requestedBy: 'test' } as never))!;
    workers.notifyQueue('replay');
    await running;
    await workers.stop();
    const job = await jobState(id);
    expect(job.state).toBe('retry');
    expect(JSON.stringify(job.output)).toContain(STILL_RUNNING_AT_STOP);
    release();
  });
});
