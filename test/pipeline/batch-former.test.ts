import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBatchFormer } from '../../src/pipeline/batch-former';
import { silentLogger } from '../../src/log';
import type { NationalInterface } from '../../src/national/types';

describe('batch former', () => {
  afterEach(() => vi.useRealTimers());

  const recorder = (formed: (iface: NationalInterface, fullOnly: boolean) => number) => {
    const calls: Array<[NationalInterface[], boolean]> = [];
    const form = async (interfaces: readonly NationalInterface[], o: { fullOnly: boolean }) => {
      calls.push([[...interfaces], o.fullOnly]);
      return interfaces.reduce((n, i) => n + formed(i, o.fullOnly), 0);
    };
    return { calls, form };
  };

  it('forms full batches in the background while the pull goes on, then everything at the end', async () => {
    const { calls, form } = recorder(() => 500);
    const former = createBatchFormer(form, silentLogger());
    former.request(['subjects']);
    former.request(['batches']);
    expect(await former.flush(['subjects', 'batches', 'subjects'])).toBe(1000);
    expect(calls[0]).toEqual([['subjects'], true]);
    expect(
      calls
        .filter(([, full]) => full)
        .flatMap(([i]) => i)
        .sort(),
    ).toEqual(['batches', 'subjects']);
    expect(calls[calls.length - 1]).toEqual([['subjects', 'batches'], false]);
  });

  it('sends the rest of an interface as a smaller batch once it formed no full batch for the linger time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { calls, form } = recorder(() => 0);
    const former = createBatchFormer(form, silentLogger(), { lingerMs: 1000 });
    former.request(['trades']);
    await former.flush([]);
    vi.setSystemTime(Date.now() + 999);
    former.request(['trades']);
    await former.flush([]);
    vi.setSystemTime(Date.now() + 2);
    former.request(['trades']);
    await former.flush([]);
    expect(calls.filter(([i]) => i.length > 0).map(([, full]) => full)).toEqual([true, true, false]);
  });

  it('forms nothing for versions held for the next page while batches of their interface are formed with pages', async () => {
    vi.useFakeTimers();
    const { calls, form } = recorder(() => 0);
    const former = createBatchFormer(form, silentLogger(), { lingerMs: 1000 });
    former.hold(['batches']);
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(400);
      former.formed(['batches']);
      former.hold(['batches']);
    }
    expect(calls).toEqual([]);
    await former.flush(['batches']);
    expect(calls).toEqual([[['batches'], false]]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1);
  });

  it('sends versions held for the next page as a smaller batch when no batch of their interface is formed for the linger time', async () => {
    vi.useFakeTimers();
    const { calls, form } = recorder(() => 1);
    const former = createBatchFormer(form, silentLogger(), { lingerMs: 1000 });
    former.formed(['batches']);
    former.hold(['batches']);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([[['batches'], false]]);
    // Held again long after the last batch: the linger is already over.
    await vi.advanceTimersByTimeAsync(3000);
    former.hold(['batches']);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([
      [['batches'], false],
      [['batches'], false],
    ]);
  });

  it('a failure is logged and loses nothing: the next request forms again', async () => {
    let fail = true;
    const former = createBatchFormer(async () => {
      if (fail) throw new Error('database gone');
      return 1;
    }, silentLogger());
    former.request(['subjects']);
    await former.flush([]);
    fail = false;
    expect(await former.flush(['subjects'])).toBe(1);
  });
});
