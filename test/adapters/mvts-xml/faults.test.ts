import { afterEach, describe, expect, it } from 'vitest';
import { PageError, SourceError } from '../../../src/adapters/errors';
import type { MvtsFaultKind, FaultTarget } from '../../../src/demo/mvts-xml';
import { keysOf, readAll } from '../../contracts/source-adapter';
import { catalogKeys, clock, closeAll, startMvts, matchesCatalog, NODE, T0 } from './setup';
import { beijingCompact } from '../../../src/common/time';

afterEach(closeAll);

const at = (target: FaultTarget, request: number, kind: MvtsFaultKind) => ({ at: [{ target, request, kind }] });

/** Reads TZ completely under a fault and checks nothing was lost. */
async function readsEverything(faults: object, options = {}) {
  const h = await startMvts({ initialRecords: 20, faults }, { pageSize: 5, ...options });
  const pages = await readAll(h.adapter, { stream: 'TZ', from: null });
  expect([...new Set(keysOf(pages))].sort()).toEqual(catalogKeys(h.sim.catalog(), 'TZ'));
  return { h, pages };
}

describe('mvts-xml faults of source-subsystems §5.12 / §7.11', () => {
  it('timeout: the call times out and is repeated', async () => {
    const { h } = await readsEverything({ ...at('TZ', 2, 'timeout'), timeoutMs: 10_000 }, { timeoutMs: 2000 });
    expect(h.sim.injectedFaults()).toEqual([{ target: 'TZ', request: 2, kind: 'timeout' }]);
    expect(h.calls.filter((c) => c.status === 'error')).toHaveLength(1);
  });

  it.each([502, 503, 504, 9999] as const)('serverError %s: retried with backoff', async (variant) => {
    const { h } = await readsEverything({
      at: [
        { target: 'TZ', request: 1, kind: 'serverError' },
        { target: 'TZ', request: 3, kind: 'serverError' },
      ],
      serverError: variant,
      retryAfterSeconds: 0,
    });
    expect(h.sim.injectedFaults()).toHaveLength(2);
  });

  it('rateLimit (9999): waits and repeats', async () => {
    const { h } = await readsEverything(at('TZ', 2, 'rateLimit'));
    expect(h.calls.filter((c) => c.response.includes('<Code>9999</Code>'))).toHaveLength(1);
  });

  it('tokenExpiry (1001 on page n): logs in again and repeats the same page', async () => {
    const { h } = await readsEverything(at('TZ', 3, 'tokenExpiry'));
    expect(h.sim.logins()).toBe(2);
    const queries = h.calls.filter((c) => c.body.includes('QueryRecords'));
    const i = queries.findIndex((c) => c.response.includes('<Code>1001</Code>'));
    const strip = (b: string) => b.replace(/<Token>\w+<\/Token>/, '').replace(/<RequestTime>\d+<\/RequestTime>/, '');
    expect(strip(queries[i + 1]!.body)).toBe(strip(queries[i]!.body));
    expect(queries[i + 1]!.body).not.toContain(/<Token>(\w+)<\/Token>/.exec(queries[i]!.body)![1]);
  });

  it('truncatedBody: MALFORMED_BODY, retried, nothing of the cut page yielded', async () => {
    const { h, pages } = await readsEverything(at('TZ', 2, 'truncatedBody'));
    expect(h.calls.filter((c) => c.body.includes('QueryRecords'))).toHaveLength(pages.length + 1);
  });

  it('wrongEncoding: a UTF-8 body declared GBK is read with CHARSET_MISLABELLED', async () => {
    const h = await startMvts({ initialRecords: 20, faults: { probability: 1, kinds: ['wrongEncoding'] } }, { pageSize: 50 });
    const pages = await readAll(h.adapter, { stream: 'JC', from: null });
    const withRecords = pages.filter((p) => p.records.length > 0);
    expect(withRecords.length).toBeGreaterThan(0);
    for (const p of withRecords) {
      expect(p.warnings?.map((w) => w.code)).toEqual(['CHARSET_MISLABELLED']);
      expect(p.meta?.charset).toBe('utf-8');
      for (const r of p.records) expect(r.warnings?.map((w) => w.code)).toEqual(['CHARSET_MISLABELLED']);
    }
    const catalog = h.sim.catalog();
    for (const r of withRecords.flatMap((p) => p.records)) {
      expect(
        matchesCatalog(
          catalog.find((c) => c.stream === 'JC' && c.sourceKey === r.sourceKey)!,
          'JC',
          r.payload,
        ),
      ).toBe(true);
    }
  });

  it('duplicateRows: the repeated record is yielded again (the pipeline de-duplicates)', async () => {
    const { pages } = await readsEverything(at('TZ', 3, 'duplicateRows'));
    const keys = keysOf(pages);
    expect(keys.length).toBe(new Set(keys).size + 1);
  });

  it('lateRecords: a record uploaded into an already-read window is found by the lookback', async () => {
    const h = await startMvts({ initialRecords: 10, faults: at('TZ', 1, 'lateRecords') });
    const before = new Set(
      h.sim
        .catalog()
        .filter((c) => c.stream === 'TZ')
        .map((c) => c.sourceKey),
    );
    h.clock.t += 60_000; // the late record is created at the first request, after the catalog snapshot
    const first = await readAll(h.adapter, { stream: 'TZ', from: null });
    const late = h.sim.catalog().filter((c) => c.stream === 'TZ' && !before.has(c.sourceKey));
    expect(late).toHaveLength(1);
    h.clock.t += 60_000;
    const second = await readAll(h.adapter, { stream: 'TZ', from: first.at(-1)!.cursor });
    expect([...keysOf(first), ...keysOf(second)]).toContain(late[0]!.sourceKey);
  });

  it('pageShift: TotalCount changes between pages, the window is restarted and nothing is skipped', async () => {
    const h = await startMvts({ initialRecords: 30, faults: at('TZ', 3, 'pageShift') }, { pageSize: 4, initialLookbackMinutes: 60 });
    const before = catalogKeys(h.sim.catalog(), 'TZ');
    const pages = await readAll(h.adapter, { stream: 'TZ', from: null });
    const queries = h.calls.filter((c) => c.body.includes('QueryRecords'));
    const pageNos = queries.map((c) => Number(/<PageNo>(\d+)<\/PageNo>/.exec(c.body)![1]));
    expect(pageNos.slice(0, 4)).toEqual([1, 2, 3, 1]); // page 3 saw a new TotalCount: back to page 1
    // The moved record now sits in the window of its new UploadTime (now), read by a later pull.
    h.clock.t += 5 * 60_000;
    const later = await readAll(h.adapter, { stream: 'TZ', from: pages.at(-1)!.cursor });
    expect([...new Set([...keysOf(pages), ...keysOf(later)])].sort()).toEqual(before);
  });

  it('pageShift into the window being read (a source clock behind ours): the window is restarted and nothing is skipped', async () => {
    // The simulator runs five minutes behind the adapter, so a re-upload lands inside the window being
    // paged: TotalCount stays the same while the records after the moved one each move up a place.
    const c = clock();
    const h = await startMvts(
      { initialRecords: 30, faults: at('TZ', 3, 'pageShift'), now: () => c.t - 5 * 60_000 },
      { pageSize: 4 },
      { clock: c },
    );
    const before = catalogKeys(h.sim.catalog(), 'TZ');
    const pages = await readAll(h.adapter, { stream: 'TZ', from: null });
    const queries = h.calls.filter((c) => c.body.includes('QueryRecords'));
    const pageNos = queries.map((q) => Number(/<PageNo>(\d+)<\/PageNo>/.exec(q.body)![1]));
    expect(h.sim.injectedFaults()).toEqual([{ target: 'TZ', request: 3, kind: 'pageShift' }]);
    // An empty first window, then one of 8 pages: the moved key comes back on its last page with a new
    // UploadTime, and the window is read again from page 1.
    expect(pageNos).toEqual([1, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...new Set(keysOf(pages))].sort()).toEqual(before); // in this one read, no later pull needed
  });

  it('pageShift that never settles: the read gives up for this pull with a transient error', async () => {
    const h = await startMvts(
      { initialRecords: 30, faults: { probability: 1, kinds: ['pageShift'] } },
      { pageSize: 4, initialLookbackMinutes: 60, maxWindowRestarts: 2 },
    );
    const err = await readAll(h.adapter, { stream: 'TZ', from: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).failure).toBe('transient');
    expect((err as SourceError).code).toBe('TG_MVTS_WINDOW_UNSTABLE');
  });

  it('dirtyRecords: the dirty record is read and quarantined with its catalogued reason', async () => {
    const h = await startMvts({ initialRecords: 5, dirtyShare: 0, faults: at('PS', 1, 'dirtyRecords') });
    expect(h.sim.catalog().every((c) => c.expected === 'valid')).toBe(true);
    const first = await readAll(h.adapter, { stream: 'PS', from: null });
    h.clock.t += 5 * 60_000;
    const second = await readAll(h.adapter, { stream: 'PS', from: first.at(-1)!.cursor });
    const dirty = h.sim.catalog().filter((c) => c.expected !== 'valid');
    expect(dirty).toHaveLength(1);
    const record = [...first, ...second].flatMap((p) => p.records).find((r) => r.sourceKey === dirty[0]!.sourceKey)!;
    expect(record).toBeDefined();
    expect(matchesCatalog(dirty[0]!, 'PS', record.payload)).toBe(true);
  });

  it('unexpectedResponse: HTML, JSON or a body without Head are retried', async () => {
    const { h } = await readsEverything({ at: [1, 2, 3].map((request) => ({ target: 'TZ', request, kind: 'unexpectedResponse' })) });
    expect(h.sim.injectedFaults()).toHaveLength(3);
  });

  it.each(['serverError', 'timeout', 'truncatedBody', 'wrongEncoding', 'unexpectedResponse', 'rateLimit'] as const)(
    '%s on Login: retried',
    async (kind) => {
      const h = await startMvts({ initialRecords: 5, faults: { ...at('Login', 1, kind), timeoutMs: 10_000 } }, { timeoutMs: 2000 });
      await readAll(h.adapter, { stream: 'JY', from: null });
      expect(h.sim.injectedFaults()).toEqual([{ target: 'Login', request: 1, kind }]);
      // A cut Login answer was a Login at the source all the same: the repeat replaces its token.
      expect(h.sim.logins()).toBe(kind === 'truncatedBody' ? 2 : 1);
    },
  );

  it('gives up after the configured attempts with the last transient error', async () => {
    const h = await startMvts(
      { initialRecords: 5, faults: { probability: 1, kinds: ['serverError'], serverError: 503 } },
      { retry: { maxAttempts: 3 } },
    );
    const err = await readAll(h.adapter, { stream: 'TZ', from: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).code).toBe('TG_MVTS_HTTP_503');
    expect(h.calls.filter((c) => c.body.includes('QueryRecords'))).toHaveLength(3);
  });

  it('1002 wrong password: a config failure at once, and no further Login for the cool-down', async () => {
    const h = await startMvts({ initialRecords: 5 }, {}, { password: 'Not-The-Password-77' });
    const err = await readAll(h.adapter, { stream: 'TZ', from: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'config', code: 'TG_MVTS_LOGIN_FAILED' });
    expect(String((err as Error).message)).not.toContain('Not-The-Password-77');
    expect(await h.adapter.check(new AbortController().signal)).toMatchObject({ ok: false, failure: 'config' });
    expect(h.calls).toHaveLength(1);
    h.clock.t += 31 * 60_000;
    await readAll(h.adapter, { stream: 'TZ', from: null }).catch(() => undefined);
    expect(h.calls).toHaveLength(2);
  });

  it('1003 locked account: a config failure, never retried', async () => {
    const h = await startMvts({ initialRecords: 5 });
    // Five failed logins by someone else lock the account.
    for (let i = 0; i < 5; i++) {
      await fetch(`${h.url}/mvts/service`, {
        method: 'POST',
        body: `<?xml version="1.0" encoding="GBK"?><Request><Head><NodeCode>${NODE}</NodeCode><Method>Login</Method><Token/><RequestTime>${beijingCompact(T0)}</RequestTime></Head><Body><Password>00000000000000000000000000000000</Password></Body></Request>`,
      });
    }
    const err = await readAll(h.adapter, { stream: 'TZ', from: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'config', code: 'TG_MVTS_ACCOUNT_LOCKED' });
    expect(h.calls).toHaveLength(1);
  });

  it('a body over maxResponseBytes is BODY_TOO_LARGE, not retried', async () => {
    const h = await startMvts({ initialRecords: 40 }, { maxResponseBytes: 2048, pageSize: 200 });
    const err = await readAll(h.adapter, { stream: 'TZ', from: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PageError);
    expect((err as PageError).code).toBe('BODY_TOO_LARGE');
    expect(h.calls.filter((c) => c.status === 'error')).toHaveLength(1);
  });
});
