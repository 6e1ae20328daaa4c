import type PgBoss from 'pg-boss';
import type { Db } from '../db/pool';
import { readCursor } from '../db/queries/cursors';
import { finishPull, startPull } from '../db/queries/adapters';
import { SourceError } from '../adapters/errors';
import type { Page } from '../adapters/types';
import type { Logger } from '../log';
import type { NationalInterface } from '../national/types';
import { formBatchesFor, type BatchLimits, type CarriedVersion } from '../pipeline/batch';
import type { FormedBatches } from '../pipeline/formed-batches';
import { createBatchFormer } from '../pipeline/batch-former';
import { replayQuarantine } from '../pipeline/replay';
import { joinPages, preparePage, stagePage, type PreparedPage, type StagedPage } from '../pipeline/stage';
import { requestPull } from './schedule';
import type { PipelineDeps } from '../pipeline/types';
import type { AdapterInstances } from '../runtime/instances';

export interface PullDeps {
  db: Db;
  boss: PgBoss;
  instances: AdapterInstances;
  pipeline: PipelineDeps;
  limits: BatchLimits;
  log: Logger;
  /** A pull stops after this long and goes on from its cursor at the next schedule. */
  maxSeconds: number;
  /** Aborted when the process stops: a pull in progress ends at once, from its last stored cursor. */
  signal?: AbortSignal;
  /**
   * A page (or pages joined) was staged: its records, the source pages it held, and how long the
   * stream waited for it (fetched and prepared) and then took to stage it.
   */
  onPage?(adapterId: string, stream: string, records: number, pages: number, seconds: PageSeconds): void;
  /** A live pull stages consecutive pages together until they hold this many records (default STAGE_RECORDS). */
  stageRecords?: number;
  /** Streams of one adapter pulled at the same time (default 2). */
  streamConcurrency?: number;
  /** Batches were formed and their delivery jobs committed (`count` of them, one by default). */
  onBatchesFormed?(count?: number): void;
  /** Where the batches formed with pages are held for this process's delivery workers (FormedBatches). */
  formed?: FormedBatches;
  /** A pull was enqueued (a pull that reached its budget continues). */
  onPullRequested?(): void;
}

export interface PullRequest {
  adapterId: string;
  mode: 'scheduled' | 'manual' | 'backfill';
  /** Backfill: one stream (or all) over an explicit window; the live cursor does not move. */
  window?: { stream?: string; from: string; until?: string };
  onProgress?(p: { stream: string; pages: number; records: number; total?: number }): void;
}

/**
 * Where a stream's pull spends its time, page by page: `waiting` for the next page, which the source
 * sends and the gateway prepares (references read or looked up, rows hashed, records mapped and
 * validated) while the page before is staged; `staging` the page in its transaction. Mostly waiting:
 * the source, or the thread preparing pages, sets the pace; mostly staging: the transactions do,
 * which wait on PostgreSQL, and on the thread reading their answers when it is busy.
 */
export interface PageSeconds {
  waiting: number;
  staging: number;
}

export interface PullSummary {
  pages: number;
  records: number;
  newRecords: number;
  quarantined: number;
  mapped: number;
  errors: string[];
  /** PageSeconds summed over the pages of every stream (streams pulled side by side count each). */
  waitingSeconds: number;
  stagingSeconds: number;
}

/**
 * Reads every enabled stream of one adapter, page by page, staging each page in one transaction and
 * forming batches for the interfaces that received new versions. A failing stream does not stop the
 * others; the error is recorded on the adapter and the pull.
 */
export function createPullHandler(deps: PullDeps) {
  return async function pull(req: PullRequest): Promise<PullSummary> {
    const inst = deps.instances.get(req.adapterId);
    const summary: PullSummary = {
      pages: 0,
      records: 0,
      newRecords: 0,
      quarantined: 0,
      mapped: 0,
      errors: [],
      waitingSeconds: 0,
      stagingSeconds: 0,
    };
    if (!inst) {
      deps.log.warn('pull for an unknown or disabled adapter ignored', { event: 'pull:skipped', adapterId: req.adapterId });
      return summary;
    }
    const log = deps.log.child({ adapterId: req.adapterId });
    const pullId = await startPull(deps.db, req.adapterId, req.mode, req.window);
    const controller = new AbortController();
    let budgetReached = false;
    const timer =
      req.mode === 'backfill'
        ? undefined
        : setTimeout(() => {
            budgetReached = true;
            controller.abort();
          }, deps.maxSeconds * 1000);
    const onShutdown = () => controller.abort();
    deps.signal?.addEventListener('abort', onShutdown, { once: true });
    // Batches of a staged page are formed while the next page is staged; partial ones once the pull ends.
    const former = createBatchFormer(
      (interfaces, o) => formBatchesFor(deps.db, deps.boss, interfaces, deps.limits, deps.onBatchesFormed, o),
      log,
    );
    const touched = new Set<NationalInterface>();
    /** Interfaces that received versions: the flush at the end forms what is left of them. */
    const touch = (interfaces: Iterable<NationalInterface>) => {
      for (const i of interfaces) touched.add(i);
    };
    const formLater = (interfaces: Iterable<NationalInterface>) => {
      touch(interfaces);
      former.request(interfaces);
    };
    // Streams other streams refer to (the kind's stream table says which): their new revisions may
    // resolve quarantined records.
    const referenced = (stream: string) => inst.kind.streams[stream]?.referenced === true;
    let configFailure = false;
    let referencesChanged = false;
    const streams = req.window?.stream ? [req.window.stream] : inst.streams;
    const pullStream = async (stream: string): Promise<void> => {
      const rt = inst.runtime(stream);
      if (!rt || controller.signal.aborted) return;
      const from = await readCursor(deps.db, req.adapterId, stream);
      let pages = 0;
      let records = 0;
      const spent: PageSeconds = { waiting: 0, staging: 0 };
      // First versions the last page queued without filling a batch: the next page batches them with its own.
      let carry: CarriedVersion[] = [];
      try {
        const reader = inst.adapter.read({
          stream,
          from,
          signal: controller.signal,
          window: req.window ? { from: req.window.from, until: req.window.until } : undefined,
        });
        // The next page is fetched and mapped while this one is written. A live pull also fetches up to
        // two pages after it, which hides a slow source, and stages pages already read together
        // (joinedPages: one transaction, and its statements, for up to twice the records); a backfill
        // does neither: fetching and mapping a page take well under the time its predecessor is
        // written, and over millions of rows more pages in memory only grow the heap that V8 keeps.
        const prepare = (page: StagedPage) =>
          preparePage(deps.db, rt, page, deps.pipeline, { adapter: inst.adapter, signal: controller.signal });
        const ahead =
          req.mode === 'backfill'
            ? readAhead(preparing<StagedPage, PreparedPage>(reader, prepare))
            : readAhead(preparing(joinedPages(reader, deps.stageRecords ?? STAGE_RECORDS), prepare));
        let waitingSince = performance.now();
        for await (const { item: page, prepared: prep } of ahead) {
          const stagingSince = performance.now();
          const res = await stagePage(deps.db, rt, page, deps.pipeline, {
            storeCursor: req.mode !== 'backfill',
            adapter: inst.adapter,
            runtimeOf: (s) => inst.runtime(s),
            signal: controller.signal,
            prepared: prep,
            pullId,
            batches: { boss: deps.boss, limits: deps.limits, carry },
          });
          const seconds: PageSeconds = {
            waiting: (stagingSince - waitingSince) / 1000,
            staging: (performance.now() - stagingSince) / 1000,
          };
          spent.waiting += seconds.waiting;
          spent.staging += seconds.staging;
          summary.waitingSeconds += seconds.waiting;
          summary.stagingSeconds += seconds.staging;
          carry = res.carry;
          for (const b of res.formed) deps.formed?.put(b);
          if (res.formed.length > 0) deps.onBatchesFormed?.(res.formed.length);
          const fetched = page.parts?.length ?? 1;
          pages += fetched;
          records += page.records.length;
          summary.pages += fetched;
          summary.records += page.records.length;
          summary.newRecords += res.newRevisions;
          summary.quarantined += res.quarantined;
          summary.mapped += res.mapped;
          if (referenced(stream) && res.newRevisions > 0) referencesChanged = true;
          deps.onPage?.(req.adapterId, stream, page.records.length, fetched, seconds);
          req.onProgress?.({ stream, pages, records, total: page.total });
          // The former forms only what the next page does not carry; the carry waits for that page,
          // or for the former's linger when the source is slow.
          touch(res.interfaces);
          const iface = rt.mapping?.to;
          if (iface && res.formed.length > 0) former.formed([iface]);
          if (iface && res.carry.length > 0) former.hold([iface]);
          if (res.waiting.size > 0) former.request(res.waiting);
          if (controller.signal.aborted) break;
          waitingSince = performance.now();
        }
        log.info('stream pulled', {
          event: 'pull:stream',
          stream,
          pages,
          records,
          mode: req.mode,
          waitingSeconds: roundSeconds(spent.waiting),
          stagingSeconds: roundSeconds(spent.staging),
        });
      } catch (err) {
        if (controller.signal.aborted && !(err instanceof SourceError && err.failure === 'config')) {
          if (budgetReached)
            log.info('pull reached its time budget; a new pull goes on from its cursor at once', { event: 'pull:budget', stream });
          return;
        }
        if (err instanceof SourceError && err.failure === 'config') configFailure = true;
        summary.errors.push(`${stream}: ${(err as Error).message}`);
        log.error('stream pull failed', {
          event: 'pull:failed',
          stream,
          error: (err as Error).message,
          failure: err instanceof SourceError ? err.failure : 'system',
        });
      }
    };
    try {
      // Referenced streams first (a batch finds its enterprise staged instead of looking it up), then the
      // others side by side: each stream's pages are staged in order, and streams are independent.
      for (const stream of streams.filter(referenced)) await pullStream(stream);
      await eachLimited(
        streams.filter((s) => !referenced(s)),
        deps.streamConcurrency ?? 2,
        pullStream,
      );
      if (referencesChanged) {
        const r = await replayQuarantine(
          deps.db,
          (id) => deps.instances.get(id),
          { adapterId: req.adapterId, reason: 'UNRESOLVED_REFERENCE' },
          deps.pipeline,
        );
        if (r.entries > 0)
          log.info('records waiting for a reference were replayed', { event: 'replay:auto', entries: r.entries, mapped: r.mapped });
        formLater(r.interfaces);
      }
    } finally {
      if (timer) clearTimeout(timer);
      await former.flush(deps.signal?.aborted ? [] : touched).catch((err) => {
        log.warn('forming batches failed; the sweep forms them later', { event: 'batch:form-failed', error: (err as Error).message });
      });
      deps.signal?.removeEventListener('abort', onShutdown);
      const outcome = summary.errors.length === 0 ? 'ok' : summary.pages > 0 ? 'partial' : 'failed';
      await finishPull(deps.db, { pullId, adapterId: req.adapterId, outcome, error: summary.errors.join('; ') || null, configFailure });
    }
    // A backlog is read on without waiting for the next schedule; the budget only lets other work of
    // the pull queue (and other processes) in between.
    if (budgetReached && req.mode !== 'backfill' && !deps.signal?.aborted) {
      await requestPull(deps.boss, req.adapterId, req.mode);
      deps.onPullRequested?.();
    }
    return summary;
  };
}

const roundSeconds = (s: number): number => Math.round(s * 1000) / 1000;

/** Records a live pull stages in one transaction at most, in whole pages: two pages of the usual 500. */
export const STAGE_RECORDS = 1000;

/**
 * Reads up to two pages ahead and joins (joinPages) those already read when the next is wanted, up
 * to `maxRecords` records: when staging is slower than the source, pages wait in pairs and are staged
 * two at a time, at the cost of one transaction; a page that comes alone (a slow source, the first
 * page of a pull) is staged at once rather than waiting for another.
 */
export async function* joinedPages(source: AsyncIterable<Page>, maxRecords: number): AsyncGenerator<StagedPage> {
  const it = source[Symbol.asyncIterator]();
  const ahead: Array<{ next: Promise<IteratorResult<Page>>; result?: IteratorResult<Page> }> = [];
  let finished = false;
  const fill = () => {
    while (!finished && ahead.length < 2) {
      const entry: (typeof ahead)[number] = { next: it.next() };
      // Its failure is reported when awaited; until then it must not count as unhandled.
      entry.next.then(
        (r) => {
          entry.result = r;
          if (r.done) finished = true;
        },
        () => undefined,
      );
      ahead.push(entry);
    }
  };
  let done = false;
  try {
    for (;;) {
      fill();
      const first = await ahead.shift()!.next;
      if (first.done) {
        done = true;
        return;
      }
      const held = [first.value];
      let records = first.value.records.length;
      fill();
      for (let r = ahead[0]?.result; r && !r.done && records + r.value.records.length <= maxRecords; r = ahead[0]?.result) {
        ahead.shift();
        held.push(r.value);
        records += r.value.records.length;
        fill();
      }
      yield joinPages(held);
    }
  } finally {
    if (!done) {
      for (const entry of ahead) await entry.next.catch(() => undefined);
      await it.return?.();
    }
  }
}

/** Runs fn over items with at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/** Pairs each item with the result of `prepare`, computed as the item arrives. */
export async function* preparing<T, P>(
  source: AsyncIterable<T>,
  prepare: (item: T) => Promise<P>,
): AsyncGenerator<{ item: T; prepared: P }> {
  for await (const item of source) yield { item, prepared: await prepare(item) };
}

/**
 * Fetches the next page while the current one is staged. The cursor still moves only with a stored
 * page, so a crash loses at most the page read ahead, which the next pull reads again.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let pending = it.next();
  let finished = false;
  try {
    for (;;) {
      const r = await pending;
      if (r.done) {
        finished = true;
        return;
      }
      pending = it.next();
      // Its failure is reported when awaited above; until then it must not count as unhandled.
      pending.catch(() => undefined);
      yield r.value;
    }
  } finally {
    if (!finished) {
      await pending.catch(() => undefined);
      await it.return?.();
    }
  }
}
