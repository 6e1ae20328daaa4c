import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWorkers, type WorkerSet } from '../../src/jobs/workers';
import { silentLogger } from '../../src/log';
import { send } from '../../src/queues/send';
import { useTestDatabaseWithBoss } from '../helpers/boss';

const env = useTestDatabaseWithBoss();

describe('waking the delivery workers', () => {
  let workers: WorkerSet | null = null;
  afterEach(async () => {
    vi.restoreAllMocks();
    await workers?.stop();
    workers = null;
  });

  it('wakes one idle worker per formed batch, each in turn, and none that is busy', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    workers = await startWorkers(
      env.boss,
      silentLogger(),
      {
        deliver: async () => {
          started();
          await held;
        },
      },
      { deliverWorkers: 3 },
    );
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
