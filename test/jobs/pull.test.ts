import { describe, expect, it } from 'vitest';
import { useTestDatabaseWithBoss } from '../helpers/boss';
import { peoplePage, peopleRuntime, rawPerson, VALID_CREDIT_CODE } from '../helpers/subjects-stream';
import { createPullHandler, joinedPages, type PageSeconds, type PullDeps } from '../../src/jobs/pull';
import { captureLogger } from '../helpers/log-capture';
import type { StreamRuntime } from '../../src/pipeline/types';
import { silentLogger } from '../../src/log';
import { loadTranslationTables } from '../../src/mappings/tables';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { AdapterInstances, type AdapterInstance } from '../../src/runtime/instances';
import type { AdapterKind, Page, ReadRequest, SourceAdapter } from '../../src/adapters/types';

const PEOPLE_KIND = { kind: 'test-kind', streams: { people: { orderedByCursor: true, interface: 'subjects' } } } as unknown as AdapterKind;

/** A source with more pages than a pull may read in its budget: each page comes after `delayMs`. */
function slowSource(delayMs: number): SourceAdapter {
  return {
    async *read(req: ReadRequest): AsyncGenerator<Page> {
      const from = ((req.from as { seq?: number } | null)?.seq ?? 0) + 1;
      for (let seq = from; seq < from + 1000; seq++) {
        await new Promise((r) => setTimeout(r, delayMs));
        if (req.signal.aborted) return;
        yield peoplePage([{ id: `p${seq}`, name: `公司${seq}`, code: VALID_CREDIT_CODE, gx: '2024-06-12 08:00:00' }], seq);
      }
    },
    async close() {},
  } as unknown as SourceAdapter;
}

const env = useTestDatabaseWithBoss();

const tables = loadTranslationTables();
const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });

/** The pull handler over one adapter of the test's own (each test its own id), with the default deps unless `deps` says otherwise. */
function pullHandlerFor(
  adapter: { id: string; kind: AdapterKind; source: SourceAdapter; streams: Record<string, StreamRuntime> },
  deps: Partial<PullDeps> = {},
) {
  const instances = new AdapterInstances(silentLogger());
  instances.set({
    decl: { id: adapter.id },
    kind: adapter.kind,
    adapter: adapter.source,
    streams: Object.keys(adapter.streams),
    runtime: (s: string) => adapter.streams[s],
  } as unknown as AdapterInstance);
  return createPullHandler({
    db: env.t.db,
    boss: env.boss,
    instances,
    log: silentLogger(),
    maxSeconds: 60,
    limits: { maxRecords: 500, maxBytes: 4 << 20 },
    pipeline: { tables: () => tables, validator: () => validator, now: () => Date.now(), log: silentLogger() },
    ...deps,
  });
}

describe('pull: streams of one adapter', () => {
  it('reads first the streams its kind marks as referenced, whatever their order', async () => {
    const read: string[] = [];
    const source = {
      async *read(req: ReadRequest): AsyncGenerator<Page> {
        read.push(req.stream);
        yield {
          ...peoplePage([{ id: `${req.stream}-1`, name: '公司', code: VALID_CREDIT_CODE, gx: '2024-06-12 08:00:00' }], 1),
          stream: req.stream,
        };
      },
      async close() {},
    } as unknown as SourceAdapter;
    const kind = {
      kind: 'test-kind',
      streams: {
        people: { orderedByCursor: true, interface: 'subjects' },
        owners: { orderedByCursor: true, interface: 'subjects', referenced: true },
      },
    } as unknown as AdapterKind;
    // Declared in this order on purpose: the referenced stream comes second.
    const pull = pullHandlerFor({
      id: 'ref-a',
      kind,
      source,
      streams: { people: peopleRuntime('ref-a'), owners: { ...peopleRuntime('ref-a'), stream: 'owners' } },
    });
    const summary = await pull({ adapterId: 'ref-a', mode: 'manual' });
    expect(summary.errors).toEqual([]);
    expect(read).toEqual(['owners', 'people']);
  });
});

describe('pull: pages read ahead', () => {
  /** The most pages the source had yielded beyond the one just written, over a pull of 8 pages. */
  async function greatestLead(adapterId: string, mode: 'manual' | 'backfill'): Promise<number> {
    let yielded = 0;
    const source = {
      async *read(): AsyncGenerator<Page> {
        for (let seq = 1; seq <= 8; seq++) {
          yielded++;
          yield peoplePage([{ id: `${adapterId}-${seq}`, name: `公司${seq}`, code: VALID_CREDIT_CODE, gx: '2024-06-12 08:00:00' }], seq);
        }
      },
      async close() {},
    } as unknown as SourceAdapter;
    let written = 0;
    let lead = 0;
    const pull = pullHandlerFor(
      { id: adapterId, kind: PEOPLE_KIND, source, streams: { people: peopleRuntime(adapterId) } },
      {
        onPage: (_adapter, _stream, _records, pages) => {
          written += pages;
          lead = Math.max(lead, yielded - written);
        },
      },
    );
    const summary = await pull({ adapterId, mode, window: mode === 'backfill' ? { stream: 'people', from: '0' } : undefined });
    expect(summary.errors).toEqual([]);
    expect(summary.pages).toBe(8);
    return lead;
  }

  it('a live pull has the next pages mapped and two more fetched while it writes pages', async () => {
    // Written two at a time here (the source answers at once): the next two are mapped, two more fetched.
    expect(await greatestLead('ahead-live', 'manual')).toBe(4);
  });

  it('a backfill has only the next page fetched and mapped while it writes a page', async () => {
    expect(await greatestLead('ahead-backfill', 'backfill')).toBe(1);
  });
});

describe('pull: pages staged together', () => {
  const pagesOf = (sizes: number[], delayMs = 0) =>
    (async function* () {
      for (const [i, n] of sizes.entries()) {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        yield {
          stream: 'people',
          records: Array.from({ length: n }, (_, j) => rawPerson({ id: `${i}-${j}`, name: 'x', code: VALID_CREDIT_CODE, gx: '' })),
          cursor: { seq: i + 1 },
          meta: { request: `page ${i + 1}` },
        } as unknown as Page;
      }
    })();

  /** The pages (by cursor) of each page staged, taken by a consumer that writes each for `writeMs`. */
  async function groups(source: AsyncIterable<Page>, maxRecords: number, writeMs: number): Promise<number[][]> {
    const out: number[][] = [];
    for await (const page of joinedPages(source, maxRecords)) {
      out.push((page.parts ?? [page]).map((p) => Number(String((p.meta as { request: string }).request).slice(5))));
      expect(page.cursor).toEqual({ seq: out[out.length - 1]!.at(-1) });
      await new Promise((r) => setTimeout(r, writeMs));
    }
    return out;
  }

  it('joins pages already read while the last was written, up to the record limit, in order', async () => {
    const got = await groups(pagesOf([500, 500, 500, 500, 600, 500, 300, 300]), 1000, 20);
    expect(got.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // The first page is written at once; later ones wait in pairs. No group passes 1,000 records.
    expect(got[0]).toEqual([1]);
    expect(got.slice(1)).toEqual([[2, 3], [4], [5], [6, 7], [8]]);
  });

  it('stages a page that comes alone at once rather than waiting for another', async () => {
    expect(await groups(pagesOf([1, 1, 1, 1], 30), 1000, 0)).toEqual([[1], [2], [3], [4]]);
  });

  it('keeps each page its own row: every record points at the page it came in, and the pull counts pages', async () => {
    const source = {
      async *read(): AsyncGenerator<Page> {
        for (let seq = 1; seq <= 6; seq++) {
          // An empty page the source said nothing of has no row of its own, but counts as a page read.
          if (seq === 4) {
            yield { stream: 'people', records: [], cursor: { seq } };
            continue;
          }
          const page = peoplePage([{ id: `joined-${seq}`, name: `公司${seq}`, code: VALID_CREDIT_CODE, gx: '2024-06-12 08:00:00' }], seq);
          yield {
            ...page,
            meta: { request: `GET /people?page=${seq}`, status: 200, headers: {}, charset: 'utf-8', bodyBytes: 1, bodySha256: '' },
          };
        }
      },
      async close() {},
    } as unknown as SourceAdapter;
    const staged: number[] = [];
    const pull = pullHandlerFor(
      { id: 'joined-a', kind: PEOPLE_KIND, source, streams: { people: peopleRuntime('joined-a') } },
      { onPage: (_a, _s, _r, pages) => staged.push(pages) },
    );
    const summary = await pull({ adapterId: 'joined-a', mode: 'manual' });
    expect(summary).toMatchObject({ pages: 6, records: 5, errors: [] });
    expect(staged.reduce((a, b) => a + b, 0)).toBe(6);
    expect(staged.some((n) => n > 1)).toBe(true);
    const rows = (
      await env.t.db.query(
        `SELECT s.source_key, p.meta->>'request' AS request FROM source_records s JOIN source_pages p ON p.id = s.page_id
          WHERE s.adapter_id = 'joined-a' ORDER BY s.id`,
      )
    ).rows;
    expect(rows).toEqual([1, 2, 3, 5, 6].map((seq) => ({ source_key: `joined-${seq}`, request: `GET /people?page=${seq}` })));
    const pageRows = (await env.t.db.query(`SELECT count(*)::int AS n FROM source_pages WHERE adapter_id = 'joined-a'`)).rows;
    expect(pageRows).toEqual([{ n: 5 }]);
    const pulls = (await env.t.db.query(`SELECT pages, records FROM pulls WHERE adapter_id = 'joined-a'`)).rows;
    expect(pulls).toEqual([{ pages: 6, records: 5 }]);
    const cursor = (await env.t.db.query(`SELECT cursor FROM cursors WHERE adapter_id = 'joined-a'`)).rows[0].cursor;
    expect(cursor).toEqual({ seq: 6 });
  });
});

describe('pull: the time of each page', () => {
  it('times each page: waiting for it from the source, then staging it; summed in the summary and the log', async () => {
    const source = {
      async *read(): AsyncGenerator<Page> {
        for (let seq = 1; seq <= 3; seq++) {
          await new Promise((r) => setTimeout(r, 60));
          yield peoplePage([{ id: `timed-${seq}`, name: `公司${seq}`, code: VALID_CREDIT_CODE, gx: '2024-06-12 08:00:00' }], seq);
        }
      },
      async close() {},
    } as unknown as SourceAdapter;
    const seen: PageSeconds[] = [];
    const { log, entries } = captureLogger('info');
    const pull = pullHandlerFor(
      { id: 'timed-a', kind: PEOPLE_KIND, source, streams: { people: peopleRuntime('timed-a') } },
      { log, onPage: (_a, _s, _r, _p, seconds) => seen.push(seconds) },
    );
    const started = performance.now();
    const summary = await pull({ adapterId: 'timed-a', mode: 'manual' });
    const wall = (performance.now() - started) / 1000;
    expect(summary).toMatchObject({ records: 3, errors: [] });
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) {
      expect(s.waiting).toBeGreaterThanOrEqual(0);
      expect(s.staging).toBeGreaterThan(0);
    }
    // Nothing is read before the pull asks: the first page is waited for as long as the source takes.
    expect(seen[0]!.waiting).toBeGreaterThanOrEqual(0.05);
    expect(summary.waitingSeconds).toBeCloseTo(
      seen.reduce((n, s) => n + s.waiting, 0),
      9,
    );
    expect(summary.stagingSeconds).toBeCloseTo(
      seen.reduce((n, s) => n + s.staging, 0),
      9,
    );
    expect(summary.waitingSeconds + summary.stagingSeconds).toBeLessThanOrEqual(wall);
    const pulled = entries.find((e) => e.event === 'pull:stream');
    expect(pulled).toMatchObject({ stream: 'people', records: 3 });
    expect(pulled!.waitingSeconds).toBeCloseTo(summary.waitingSeconds, 2);
    expect(pulled!.stagingSeconds).toBeCloseTo(summary.stagingSeconds, 2);
  });
});

describe('pull: a pull that reaches its time budget', () => {
  it('stops from its stored cursor and enqueues the next pull at once instead of waiting for the schedule', async () => {
    let woken = 0;
    const pull = pullHandlerFor(
      { id: 'slow-a', kind: PEOPLE_KIND, source: slowSource(20), streams: { people: peopleRuntime('slow-a') } },
      { maxSeconds: 1, onPullRequested: () => woken++ },
    );
    const summary = await pull({ adapterId: 'slow-a', mode: 'manual' });
    expect(summary.pages).toBeGreaterThan(0);
    expect(summary.errors).toEqual([]);
    const cursor = (await env.t.db.query(`SELECT cursor FROM cursors WHERE adapter_id = 'slow-a' AND stream = 'people'`)).rows[0].cursor;
    expect(cursor).toEqual({ seq: summary.pages });
    // Each stored page is counted in the pull's row with the page itself.
    const progress = (await env.t.db.query(`SELECT pages, records, new_records FROM pulls WHERE adapter_id = 'slow-a'`)).rows;
    expect(progress).toEqual([{ pages: summary.pages, records: summary.records, new_records: summary.newRecords }]);
    const queued = (
      await env.t.db.query(`SELECT data, singleton_key FROM ${env.t.bossSchema}.job WHERE name = 'pull' AND state = 'created'`)
    ).rows;
    expect(queued).toEqual([{ data: { adapterId: 'slow-a', mode: 'manual' }, singleton_key: 'slow-a' }]);
    expect(woken).toBe(1);
  });
});

describe('pull: batches formed with their pages', () => {
  it('forms the full batches of each page in its transaction with what the page before left, and wakes a delivery worker for each', async () => {
    const source = {
      async *read(): AsyncGenerator<Page> {
        for (let seq = 1; seq <= 3; seq++) {
          const people = Array.from({ length: 7 }, (_, j) => ({
            id: `bp-${seq}-${j}`,
            name: `公司${seq}${j}`,
            code: VALID_CREDIT_CODE,
            gx: '',
          }));
          yield peoplePage(people, seq);
        }
      },
      async close() {},
    } as unknown as SourceAdapter;
    let woken = 0;
    const pull = pullHandlerFor(
      { id: 'batched-a', kind: PEOPLE_KIND, source, streams: { people: peopleRuntime('batched-a') } },
      { limits: { maxRecords: 3, maxBytes: 4 << 20 }, onBatchesFormed: (count = 1) => (woken += count), stageRecords: 7 },
    );
    const summary = await pull({ adapterId: 'batched-a', mode: 'manual' });
    expect(summary).toMatchObject({ pages: 3, records: 21, mapped: 21, errors: [] });
    const batches = (
      await env.t.db.query(
        `SELECT b.batch_id, b.record_count, b.record_ids FROM batches b
          WHERE EXISTS (SELECT 1 FROM national_records n WHERE n.id = ANY(b.record_ids) AND n.adapter_id = 'batched-a')
          ORDER BY b.record_ids[1]`,
      )
    ).rows;
    // Pages of 7 in batches of 3: the first page forms two and leaves one version queued, which the second
    // takes back (two batches, two left), and the third forms three: every batch with a page, in order,
    // none from the queue, none smaller than the limit.
    expect(batches.map((b) => b.record_count)).toEqual([3, 3, 3, 3, 3, 3, 3]);
    const inBatchOrder = batches.flatMap((b) => (b.record_ids as string[]).map(Number));
    expect(inBatchOrder).toEqual([...inBatchOrder].sort((a, b) => a - b));
    expect(woken).toBe(7);
    const members = await env.t.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT n.id)::int AS d FROM batches b, unnest(b.record_ids) AS u(id)
         JOIN national_records n ON n.id = u.id WHERE n.adapter_id = 'batched-a'`,
    );
    expect(members.rows[0]).toEqual({ n: 21, d: 21 });
    const jobs = await env.t.db.query(
      `SELECT count(*)::int AS n FROM ${env.t.bossSchema}.job WHERE name = 'deliver' AND data->>'batchId' = ANY($1)`,
      [batches.map((b) => b.batch_id)],
    );
    expect(jobs.rows[0].n).toBe(7);
    const pending = await env.t.db.query(
      `SELECT count(*)::int AS n FROM pending_records p JOIN national_records n ON n.id = p.id WHERE n.adapter_id = 'batched-a'`,
    );
    expect(pending.rows[0].n).toBe(0);
  });
});
