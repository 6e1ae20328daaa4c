import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../src/adapters/toolkit/pacer';

/** A clock that only moves when told to, or when the pacer sleeps. */
function fakeTime(start = 1000) {
  const t = { now: start, waits: [] as number[] };
  const wait = async (ms: number) => {
    t.waits.push(ms);
    t.now += ms;
  };
  return { t, wait, clock: () => t.now };
}

describe('createPacer', () => {
  it('spaces request starts 1000/rate ms apart on its clock', async () => {
    const { t, wait, clock } = fakeTime();
    const pace = createPacer(5, wait, clock);
    await pace();
    await pace();
    t.now += 50;
    await pace();
    t.now += 1000;
    await pace();
    expect(t.waits).toEqual([200, 150]);
  });

  it('queues concurrent callers one gap apart', async () => {
    const waits: number[] = [];
    const pace = createPacer(
      10,
      async (ms) => void waits.push(ms),
      () => 0,
    );
    await Promise.all([pace(), pace(), pace()]);
    expect(waits).toEqual([100, 200]);
  });

  it('leaves requests unpaced at 0 requests per second', async () => {
    const { t, wait, clock } = fakeTime();
    const pace = createPacer(0, wait, clock);
    await pace();
    await pace();
    expect(t.waits).toEqual([]);
  });

  it('refuses to start a request for a cancelled read', async () => {
    const { wait, clock } = fakeTime();
    const controller = new AbortController();
    controller.abort();
    await expect(createPacer(5, wait, clock)(controller.signal)).rejects.toMatchObject({ code: 'TG_SOURCE_ABORTED' });
  });
});
