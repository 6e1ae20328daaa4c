import { describe, expect, it } from 'vitest';
import { sleep } from '../../../src/adapters/toolkit/sleep';

describe('sleep', () => {
  it('rejects at once with TG_SOURCE_ABORTED when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(600_000, controller.signal)).rejects.toMatchObject({ code: 'TG_SOURCE_ABORTED', failure: 'transient' });
  });

  it('is cut short by an abort during the wait', async () => {
    const controller = new AbortController();
    const waiting = sleep(600_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'TG_SOURCE_ABORTED' });
  });

  it('resolves at once for no wait', async () => {
    await expect(sleep(0)).resolves.toBeUndefined();
    await expect(sleep(-5, new AbortController().signal)).resolves.toBeUndefined();
  });
});
