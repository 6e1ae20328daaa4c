import { afterEach, describe, expect, it } from 'vitest';
import type { Page, RawRecord, SourceAdapter } from '../../../src/adapters/types';
import { provincialRestMappings } from '../../../src/mappings/provincial-rest';
import {
  createProvincialSimulator,
  type ProvincialFaults,
  type ProvincialSimulator,
  type ProvincialSimulatorOptions,
} from '../../../src/demo/provincial-rest';
import { contextWith, validateMapped } from '../../mappings/provincial-rest/support';
import { keysOf, readAll, readError } from '../../contracts/source-adapter';
import { APP_ID, APP_SECRET, provincialAdapter, signal, START, type TestAdapter } from './setup';

const STREAMS = ['enterprises', 'batches', 'inspections', 'certificates'] as const;

let sim: ProvincialSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface Setup extends TestAdapter {
  sim: ProvincialSimulator;
  url: string;
  clock: { now: number };
}

async function setup(
  opts: Partial<ProvincialSimulatorOptions> = {},
  adapterOpts: Parameters<typeof provincialAdapter>[1] = {},
): Promise<Setup> {
  const clock = { now: START };
  sim = createProvincialSimulator({
    appId: APP_ID,
    appSecret: APP_SECRET,
    seed: 11,
    initialRecords: 30,
    newRecordsPerMinute: 0,
    rateLimitPerSecond: 0,
    now: () => clock.now,
    ...opts,
  });
  const { url } = await sim.listen();
  const harness = provincialAdapter(url, { now: () => clock.now, ...adapterOpts, options: { pageSize: 7, ...adapterOpts.options } });
  return { ...harness, sim, url, clock };
}

const sortedKeys = (s: ProvincialSimulator, stream: (typeof STREAMS)[number]) =>
  s
    .records(stream)
    .map((r) => String(r[{ enterprises: 'qyid', batches: 'pcid', inspections: 'jcid', certificates: 'hgzid' }[stream]]))
    .sort();
const listRequests = (s: ProvincialSimulator, stream: string) => s.requests().filter((r) => r.target === stream);

/** Newest revision per source key, as staging would keep it. */
function newest(pages: readonly Page[]): Map<string, RawRecord> {
  const out = new Map<string, RawRecord>();
  for (const rec of pages.flatMap((p) => p.records)) {
    const cur = out.get(rec.sourceKey);
    if (!cur || rec.orderingKey >= cur.orderingKey) out.set(rec.sourceKey, rec);
  }
  return out;
}

async function expectCompletePull(adapter: SourceAdapter, s: ProvincialSimulator, stream: (typeof STREAMS)[number]): Promise<Page[]> {
  const pages = await readAll(adapter, { stream: stream });
  expect([...newest(pages).keys()].sort()).toEqual(sortedKeys(s, stream));
  return pages;
}

describe('provincial-rest against its simulator', () => {
  it('pulls every stream completely; every record maps to the outcome the simulator expects, producers found by lookup', async () => {
    const { adapter, sim: s } = await setup({ initialRecords: 40, dirtyShare: 0.25 });
    const staged = new Map<string, Map<string, RawRecord>>();
    const enterprises = new Map<string, unknown>();
    let lookups = 0;
    // Dependent streams first: every producer comes from the lookup endpoint (§2.5).
    for (const stream of ['batches', 'certificates', 'inspections', 'enterprises'] as const) {
      const recs = newest(await expectCompletePull(adapter, s, stream));
      staged.set(stream, recs);
      const mapping = provincialRestMappings.mappings.find((m) => m.from.stream === stream)!;
      for (const rec of recs.values()) {
        for (const ref of mapping.references?.(rec.payload) ?? []) {
          if (enterprises.has(ref.sourceKey)) continue;
          lookups++;
          const found = await adapter.lookup!({ stream: ref.stream, sourceKey: ref.sourceKey }, signal());
          if (found) enterprises.set(found.sourceKey, found.payload);
        }
      }
    }
    expect(lookups).toBeGreaterThan(10);
    const ctx = contextWith(enterprises);
    const catalog = s.catalog();
    expect(catalog).toHaveLength(160);
    const outcomes = new Set<string>();
    for (const entry of catalog) {
      const rec = staged.get(entry.stream)!.get(entry.sourceKey)!;
      const mapping = provincialRestMappings.mappings.find((m) => m.from.stream === entry.stream)!;
      let got: string;
      if (rec.deleted) got = 'deleted';
      else {
        const result = mapping.map(rec.payload, ctx);
        const codes = result.ok
          ? validateMapped(mapping.to, result.record, '2024-06-13T00:00:00+08:00').map((e) => e.code)
          : result.errors.map((e) => e.code);
        if (result.ok) expect(result.record.recordId).toBe(entry.recordId);
        got =
          codes.length === 0
            ? 'valid'
            : typeof entry.expected === 'object' && codes.includes(entry.expected.reason as never)
              ? entry.expected.reason
              : codes.join(',');
      }
      const want = typeof entry.expected === 'string' ? entry.expected : entry.expected.reason;
      expect(`${entry.stream}/${entry.sourceKey}: ${got}`).toBe(`${entry.stream}/${entry.sourceKey}: ${want}`);
      outcomes.add(want);
    }
    expect(outcomes).toContain('valid');
    expect(outcomes).toContain('deleted');
    expect(outcomes).toContain('UNRESOLVED_REFERENCE');
    expect([...outcomes].length).toBeGreaterThan(6);
  });

  it('a restart in the middle of a pull resumes from the last stored cursor and loses nothing', async () => {
    const { adapter, sim: s } = await setup();
    const first: Page[] = [];
    for await (const page of adapter.read({ stream: 'batches', from: null, signal: signal() })) {
      first.push(page);
      if (first.length === 2) break;
    }
    const stored = first.at(-1)!.cursor;
    const rest = await readAll(adapter, { stream: 'batches', from: stored });
    expect(new Set([...keysOf(first), ...keysOf(rest)])).toEqual(new Set(sortedKeys(s, 'batches')));
    const resumed = listRequests(s, 'batches')[2]!;
    const mark = Date.parse(`${String(stored.updatedAt).replace(' ', 'T')}+08:00`);
    expect(decodeURIComponent(resumed.path)).toContain(
      `updatedAfter=${new Date(mark - 600_000 + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')}`,
    );
    expect(resumed.path).not.toContain('cursor=');
  });

  it('a later pull from the stored mark brings every new and revised record, soft deletes and restores included', async () => {
    const { adapter, sim: s, clock } = await setup({ newRecordsPerMinute: 20 });
    const before = await readAll(adapter, { stream: 'batches' });
    const mark = before.at(-1)!.cursor;
    const seen = new Map([...newest(before)].map(([k, r]) => [k, r.orderingKey]));
    clock.now += 30 * 60_000;
    const after = newest(await readAll(adapter, { stream: 'batches', from: mark }));
    const changed = s.records('batches').filter((r) => seen.get(String(r.pcid)) !== r.gxsj);
    expect(changed.length).toBeGreaterThan(0);
    for (const r of changed) expect(after.get(String(r.pcid))?.payload).toEqual(r);
    expect(changed.some((r) => r.sfsc === '1' && after.get(String(r.pcid))?.deleted === true)).toBe(true);
    expect(changed.some((r) => seen.has(String(r.pcid)))).toBe(true);
  });

  it('reads a token again when it nears expiry between two pages, without restarting the pull', async () => {
    const { adapter, sim: s, clock } = await setup({ tokenTtlSeconds: 600 });
    const pages: Page[] = [];
    for await (const page of adapter.read({ stream: 'enterprises', from: null, signal: signal() })) {
      pages.push(page);
      clock.now += 200_000;
    }
    expect([...newest(pages).keys()].sort()).toEqual(sortedKeys(s, 'enterprises'));
    expect(s.requests().filter((r) => r.target === 'auth').length).toBeGreaterThan(1);
    expect(s.requests().filter((r) => r.status === 401)).toEqual([]);
    expect(listRequests(s, 'enterprises').filter((r) => r.page === 1)).toHaveLength(1);
  });

  it('a cursor that expires with time restarts the query from the high-water mark', async () => {
    const { adapter, sim: s, clock } = await setup();
    const pages: Page[] = [];
    for await (const page of adapter.read({ stream: 'inspections', from: null, signal: signal() })) {
      pages.push(page);
      if (pages.length === 2) clock.now += 11 * 60_000;
    }
    expect([...newest(pages).keys()].sort()).toEqual(sortedKeys(s, 'inspections'));
    expect(listRequests(s, 'inspections').map((r) => r.status)).toContain(400);
  });

  it('wrong credentials are a config failure', async () => {
    const { adapter } = await setup({}, { appSecret: 'not-the-secret' });
    expect(await readError(adapter, { stream: 'batches' })).toMatchObject({ failure: 'config', code: 'TG_SOURCE_BAD_CREDENTIALS' });
    expect(await adapter.check(signal())).toMatchObject({ ok: false, failure: 'config' });
  });
});

describe('faults of §5.12, each absorbed', () => {
  async function withFault(faults: ProvincialFaults, stream: (typeof STREAMS)[number] = 'batches', adapterOptions = {}) {
    const env = await setup({ faults }, { options: adapterOptions });
    const pages = await expectCompletePull(env.adapter, env.sim, stream);
    const hits = env.sim.requests().filter((r) => r.fault !== undefined);
    return { ...env, pages, hits };
  }

  it('tokenExpiry on page 2: a new token, the same page repeated with the same cursor', async () => {
    const { sim: s, hits } = await withFault({ tokenExpiry: { pages: [2], times: 1 } });
    expect(hits.map((h) => [h.fault, h.status, h.page])).toEqual([['tokenExpiry', 401, 2]]);
    const requests = s.requests();
    const failed = requests.indexOf(hits[0]!);
    expect(requests[failed + 1]!.target).toBe('auth');
    expect(requests[failed + 2]!.path).toBe(hits[0]!.path);
    expect(listRequests(s, 'batches').filter((r) => r.page === 1)).toHaveLength(1);
  });

  it('cursorExpired on page 3: the query restarts from the mark without a cursor', async () => {
    const { sim: s, hits } = await withFault({ cursorExpired: { pages: [3], times: 1 } });
    expect(hits.map((h) => [h.fault, h.status])).toEqual([['cursorExpired', 400]]);
    const next = s.requests()[s.requests().indexOf(hits[0]!) + 1]!;
    expect(next.page).toBe(1);
    expect(next.path).not.toContain('cursor=');
  });

  it('truncatedBody: MALFORMED_BODY, retried, nothing lost', async () => {
    const { hits, sleeps } = await withFault({ truncatedBody: { probability: 0.5, times: 3 } });
    expect(hits.map((h) => h.fault)).toEqual(['truncatedBody', 'truncatedBody', 'truncatedBody']);
    expect(sleeps.length).toBeGreaterThanOrEqual(3);
  });

  it('wrongEncoding: the GBK body is refused and the request repeated', async () => {
    const { hits } = await withFault({ wrongEncoding: { requests: [1, 3] } }, 'enterprises');
    expect(hits.map((h) => [h.fault, h.status])).toEqual([
      ['wrongEncoding', 200],
      ['wrongEncoding', 200],
    ]);
  });

  it('duplicateRows: a record repeated on the next page changes nothing', async () => {
    const { pages, hits } = await withFault({ duplicateRows: { pages: [2, 3] } });
    expect(hits.map((h) => h.fault)).toEqual(['duplicateRows', 'duplicateRows']);
    const keys = keysOf(pages);
    expect(keys.length).toBe(new Set(keys).size + 2);
  });

  it.each([
    ['500', 500],
    ['503 with Retry-After', 503],
    ['502 HTML', 502],
    ['504 HTML', 504],
  ])('serverError %s: retried with backoff', async (_name, status) => {
    const { hits, sleeps } = await withFault({ serverError: { requests: [2, 3], status: status as 500 } });
    expect(hits.map((h) => h.status)).toEqual([status, status]);
    expect(sleeps).toEqual(status === 503 ? [1000, 1000] : [100, 150]);
  });

  it('rateLimit: waits Retry-After, then repeats', async () => {
    const { hits, sleeps } = await withFault({ rateLimit: { requests: [1], retryAfterSeconds: 2 } });
    expect(hits.map((h) => h.status)).toEqual([429]);
    expect(sleeps).toEqual([2000]);
  });

  it.each(['html', 'noEnvelope', 'nonZeroCode'] as const)('unexpectedResponse (%s): retried', async (variant) => {
    const { hits, sleeps } = await withFault({ unexpectedResponse: { requests: [1, 2], variant } });
    expect(hits.map((h) => [h.fault, h.status])).toEqual([
      ['unexpectedResponse', 200],
      ['unexpectedResponse', 200],
    ]);
    expect(sleeps).toEqual([100, 150]);
  });

  it('timeout: the unanswered request times out and is retried', async () => {
    const { hits } = await withFault({ timeout: { requests: [2] } }, 'batches', { timeoutMs: 2000 });
    expect(hits.map((h) => h.fault)).toEqual(['timeout']);
  });

  it('lateRecords: a record appearing inside an already pulled range is found by the lookback', async () => {
    const { adapter, sim: s, pages } = await withFault({});
    const mark = pages.at(-1)!.cursor;
    s.setFaults({ lateRecords: { requests: [listRequests(s, 'batches').length + 1], lateBySeconds: 120 } });
    const again = newest(await readAll(adapter, { stream: 'batches', from: mark }));
    const late = s.records('batches').find((r) => !newest(pages).has(String(r.pcid)))!;
    expect(String(late.gxsj) < String(mark.updatedAt)).toBe(true);
    expect(again.has(String(late.pcid))).toBe(true);
  });

  it('lateRecords: without lookback the late record is missed (why the lookback exists)', async () => {
    const env = await setup({}, { streams: { batches: { lookbackSeconds: 0 } } });
    const pages = await readAll(env.adapter, { stream: 'batches' });
    env.sim.setFaults({ lateRecords: { requests: [listRequests(env.sim, 'batches').length + 1] } });
    const again = newest(await readAll(env.adapter, { stream: 'batches', from: pages.at(-1)!.cursor }));
    const late = env.sim.records('batches').find((r) => !newest(pages).has(String(r.pcid)))!;
    expect(again.has(String(late.pcid))).toBe(false);
  });

  it('faults on auth: a failing token endpoint is retried; its 429 says Retry-After 60 and ends the read', async () => {
    const { hits } = await withFault({
      serverError: { targets: ['auth'], requests: [1] },
      truncatedBody: { targets: ['auth'], requests: [2] },
    });
    expect(hits.map((h) => [h.target, h.fault])).toEqual([
      ['auth', 'serverError'],
      ['auth', 'truncatedBody'],
    ]);
    const env = await setup({ faults: { rateLimit: { targets: ['auth'], requests: [1] } } });
    expect(await readError(env.adapter, { stream: 'batches' })).toMatchObject({ failure: 'transient', retryAfterMs: 60_000 });
  });

  it('faults on lookup: errors are retried and a revoked token renewed', async () => {
    const env = await setup();
    const qyid = String(env.sim.records('enterprises')[0]!.qyid);
    await readAll(env.adapter, { stream: 'enterprises' });
    env.sim.setFaults({
      serverError: { targets: ['lookup'], requests: [1] },
      tokenExpiry: { targets: ['lookup'], requests: [2] },
      wrongEncoding: { targets: ['lookup'], requests: [3] },
    });
    const rec = await env.adapter.lookup!({ stream: 'enterprises', sourceKey: qyid }, signal());
    expect(rec?.sourceKey).toBe(qyid);
    expect(
      env.sim
        .requests()
        .filter((r) => r.target === 'lookup')
        .map((r) => r.fault ?? r.status),
    ).toEqual(['serverError', 'tokenExpiry', 'wrongEncoding', 200]);
    expect(await env.adapter.lookup!({ stream: 'enterprises', sourceKey: '1899000000000000000' }, signal())).toBeNull();
  });

  it('faults set through PUT /admin/faults apply the same way', async () => {
    const env = await setup();
    const put = await fetch(`${env.url}/admin/faults`, {
      method: 'PUT',
      body: JSON.stringify({ cursorExpired: { pages: [2], times: 1 } }),
    });
    expect(put.status).toBe(200);
    await expectCompletePull(env.adapter, env.sim, 'certificates');
    expect(env.sim.requests().filter((r) => r.fault === 'cursorExpired')).toHaveLength(1);
  });
});
