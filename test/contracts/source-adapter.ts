import { afterEach, describe, expect, it } from 'vitest';
import { PageError, SourceError } from '../../src/adapters/errors';
import type { AdapterKind, Cursor, Page, RawRecord, ReadRequest, SourceAdapter } from '../../src/adapters/types';

/**
 * A running source with a known data set, as a kind's test starts it: a bundled simulator or a local
 * server, on a clock of the test's own.
 */
export interface SourceUnderTest {
  /**
   * A new adapter instance on the source, as a starting process creates it; with `refusedCredentials`
   * its credentials are ones the source refuses. Its waits (retries, pacing) return at once.
   */
  open(opts?: { refusedCredentials?: boolean }): SourceAdapter;
  /** The source key of every record of the stream the source holds now. */
  keys(): string[] | Promise<string[]>;
  /** New and revised records appear at the source, after every record it held so far. */
  grow(): void | Promise<void>;
  /** From now on every answer of the stream fails (its body cut in the middle, or an error status) until heal(). */
  fail(): void;
  heal(): void;
  close(): Promise<void>;
}

/** What the contract needs of a kind: how to start its source, and which records it reads. */
export interface KindSetup {
  readonly kind: AdapterKind;
  /** The stream the contract reads; its data set spans at least three pages. */
  readonly stream: string;
  start(): Promise<SourceUnderTest>;
  /** A backfill window of the stream (in the unit of the kind's backfillWindow) holding some of its records, not all. */
  readonly window: { from: string; until?: string };
  /** Whether a record belongs to `window`, by its ordering key. */
  inWindow(record: RawRecord): boolean;
}

export type ReadOptions = Partial<ReadRequest> & { stream: string };

const request = (req: ReadOptions): ReadRequest => ({ from: null, signal: new AbortController().signal, ...req });

/** Every page of one read. */
export async function readAll(adapter: SourceAdapter, req: ReadOptions): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of adapter.read(request(req))) pages.push(page);
  return pages;
}

/** The error a read ends with (fails the test when it ends normally). */
export async function readError(
  adapter: SourceAdapter,
  req: ReadOptions,
): Promise<Error & { code?: string; failure?: string; retryAfterMs?: number }> {
  try {
    await readAll(adapter, req);
  } catch (err) {
    return err as Error;
  }
  throw new Error('the read was expected to fail');
}

export const recordsOf = (pages: readonly Page[]): RawRecord[] => pages.flatMap((p) => [...p.records]);
export const keysOf = (pages: readonly Page[]): string[] => recordsOf(pages).map((r) => r.sourceKey);
const distinctKeys = (pages: readonly Page[]): string[] => [...new Set(keysOf(pages))].sort();
const revisionOf = (r: RawRecord): string => `${r.sourceKey}@${r.orderingKey}`;
const revisions = (pages: readonly Page[]): string[] => recordsOf(pages).map(revisionOf);

/**
 * What every source adapter promises the pipeline, run against any kind: open and close, a full pull,
 * resume from a stored cursor, restart in the middle of a pull, the same window twice, and a source
 * error in the middle of a page.
 */
export function sourceAdapterContract(setup: KindSetup): void {
  const { stream } = setup;
  const running: SourceUnderTest[] = [];
  const opened: SourceAdapter[] = [];

  async function start(): Promise<SourceUnderTest & { adapter: SourceAdapter }> {
    const source = await setup.start();
    running.push(source);
    const open: SourceUnderTest['open'] = (opts) => {
      const adapter = source.open(opts);
      opened.push(adapter);
      return adapter;
    };
    return { ...source, open, adapter: open() };
  }

  afterEach(async () => {
    while (opened.length) await opened.pop()!.close();
    while (running.length) await running.pop()!.close();
  });

  describe(`source adapter contract: ${setup.kind.kind}`, () => {
    it('opens and closes: the check passes, refused credentials are a config failure, close() may be called twice', async () => {
      const s = await start();
      expect(setup.kind.streams[stream], `${stream} is a stream of ${setup.kind.kind}`).toBeDefined();
      expect(await s.adapter.check(AbortSignal.timeout(10_000))).toEqual({ ok: true });
      const refused = s.open({ refusedCredentials: true });
      expect(await refused.check(AbortSignal.timeout(10_000))).toMatchObject({ ok: false, failure: 'config' });
      const err = await readError(refused, { stream });
      expect(err).toBeInstanceOf(SourceError);
      expect(err.failure).toBe('config');
      await s.adapter.close();
      await s.adapter.close();
    });

    it('a full pull reads every record, page by page, each page with the position after it', async () => {
      const s = await start();
      const pages = await readAll(s.adapter, { stream });
      expect(pages.filter((p) => p.records.length > 0).length, 'pages with records').toBeGreaterThanOrEqual(3);
      expect(distinctKeys(pages)).toEqual([...(await s.keys())].sort());
      for (const page of pages) {
        expect(page.stream).toBe(stream);
        expect(Object.values(page.cursor).length).toBeGreaterThan(0);
        for (const value of Object.values(page.cursor)) expect(['string', 'number']).toContain(typeof value);
        for (const r of page.records) {
          expect(r.sourceKey.trim()).not.toBe('');
          expect(typeof r.orderingKey).toBe('string');
        }
      }
    });

    it('resumes from a stored cursor: what the source gained is read, not the whole history again', async () => {
      const s = await start();
      const first = await readAll(s.adapter, { stream });
      const stored = first.at(-1)!.cursor;
      await s.grow();
      const fresh = s.open();
      const resumed = await readAll(fresh, { stream, from: stored });
      const before = new Set(revisions(first));
      const gained = recordsOf(resumed).filter((r) => !before.has(revisionOf(r)));
      expect(gained.length, 'records gained by the source').toBeGreaterThan(0);
      expect([...new Set([...keysOf(first), ...keysOf(resumed)])].sort()).toEqual([...(await s.keys())].sort());
      expect(recordsOf(resumed).length, 'records read again').toBeLessThan(recordsOf(first).length + gained.length);
      for (const cursor of resumed.map((p) => p.cursor)) expect(cursor).not.toEqual({});
    });

    it('restarts in the middle of a pull from the last stored cursor and loses nothing', async () => {
      const s = await start();
      const before: Page[] = [];
      let stored: Cursor | null = null;
      for await (const page of s.adapter.read(request({ stream }))) {
        before.push(page);
        stored = page.cursor;
        if (before.filter((p) => p.records.length > 0).length === 2) break; // the process stops after storing this page
      }
      const all = [...(await s.keys())].sort();
      expect(distinctKeys(before).length).toBeLessThan(all.length);
      const after = await readAll(s.open(), { stream, from: stored });
      expect([...new Set([...keysOf(before), ...keysOf(after)])].sort()).toEqual(all);
    });

    it('reads the same window twice alike, exactly its records, whatever the stored cursor', async () => {
      const s = await start();
      const everything = await readAll(s.adapter, { stream });
      const stored = everything.at(-1)!.cursor;
      const once = await readAll(s.adapter, { stream, from: null, window: setup.window });
      const twice = await readAll(s.open(), { stream, from: stored, window: setup.window });
      expect(revisions(twice)).toEqual(revisions(once));
      const inside = recordsOf(everything).filter((r) => setup.inWindow(r));
      expect(inside.length, 'records inside the window').toBeGreaterThan(0);
      expect(inside.length, 'records inside the window').toBeLessThan(recordsOf(everything).length);
      expect([...new Set(revisions(once))].sort()).toEqual([...new Set(inside.map(revisionOf))].sort());
    });

    it('a source error in the middle of a page ends the read: no part of that page, and the pages before stand', async () => {
      const s = await start();
      const before: Page[] = [];
      let failure: unknown;
      try {
        for await (const page of s.adapter.read(request({ stream }))) {
          before.push(page);
          if (page.records.length > 0) s.fail();
        }
      } catch (err) {
        failure = err;
      }
      expect(failure, 'the read ends with an error').toBeDefined();
      expect(failure instanceof SourceError || failure instanceof PageError, String(failure)).toBe(true);
      expect((failure as SourceError | PageError).failure).toBe('transient');
      const all = [...(await s.keys())].sort();
      expect(distinctKeys(before).length).toBeLessThan(all.length);
      for (const r of recordsOf(before)) expect(all).toContain(r.sourceKey);
      s.heal();
      const after = await readAll(s.open(), { stream, from: before.at(-1)!.cursor });
      expect([...new Set([...keysOf(before), ...keysOf(after)])].sort()).toEqual(all);
    });
  });
}
