import type PgBoss from 'pg-boss';
import type { Db, Tx } from '../db/pool';
import { bossDb, withTransaction } from '../db/pool';
import { beginLockingStream, lockStream } from '../db/queries/advisory-locks';
import { pageLookups } from '../db/queries/page-lookups';
import {
  copySourceRows,
  revisionKey,
  type NewSourceRecord,
  type SourceRowWithOutcome,
  type StagedRevision,
} from '../db/queries/source-records';
import { StagingWrites } from '../db/queries/staging-writes';
import type { Page, RawRecord, SourceAdapter } from '../adapters/types';
import type { MappingContext } from '../mappings/types';
import type { NationalInterface } from '../national/types';
import { sha256Hex } from './canonical';
import { mapInSlices } from '../common/slices';
import { candidateRecordIds, decideRevisions, mapPage, type FormedBatch, type MappedAhead, type SourceOutcome } from './process';
import { resolveReferences, type ResolvedReferences } from './references';
import type { BatchLimits, CarriedVersion } from './batch';
import { sendAll } from '../queues/send';
import { storableWithText } from './storable';
import { emptyCounts, type PipelineDeps, type ProcessCounts, type StreamRuntime } from './types';

export interface StageResult extends ProcessCounts {
  received: number;
  newRevisions: number;
  /** With StageOptions.batches: the first versions queued that the next page of the pull may carry. */
  carry: CarriedVersion[];
  /** Interfaces with versions queued that the next page does not carry: a batch former's work. */
  waiting: Set<NationalInterface>;
  /**
   * With StageOptions.batches: the full batches formed in the page's transaction, each with its
   * delivery job and its versions in batch order; committed when stagePage returns.
   */
  formed: FormedBatch[];
}

/** A record's row: its payload serialised once (storableWithText), the text hashed and kept to be stored. */
function toNewRow(raw: RawRecord): NewSourceRecord {
  const { record: r, payloadText } = storableWithText(raw);
  return {
    sourceKey: r.sourceKey,
    contentHash: sha256Hex(payloadText),
    payloadText,
    orderingKey: r.orderingKey,
    payload: r.payload,
    rawText: r.rawText ?? null,
    deleted: Boolean(r.deleted),
    warnings: r.warnings && r.warnings.length ? [...r.warnings] : null,
  };
}

/** A page's own row in `source_pages` (what the source answered), and how many of the records came in it. */
export interface PagePart {
  meta: unknown;
  warnings: unknown;
  size: number;
}

/** A page to stage: one page of the source, or consecutive pages of one stream joined (joinPages). */
export interface StagedPage extends Page {
  /** The pages joined, in order; absent for one page. */
  parts?: readonly PagePart[];
}

/**
 * Consecutive pages of one stream as one page to stage in one transaction: their records in order,
 * the last one's cursor, and each page's own row kept (its records point at it).
 */
export function joinPages(pages: readonly Page[]): StagedPage {
  if (pages.length === 1) return pages[0]!;
  const last = pages[pages.length - 1]!;
  return {
    stream: last.stream,
    records: pages.flatMap((p) => p.records),
    cursor: last.cursor,
    total: last.total,
    meta: last.meta,
    warnings: pages.flatMap((p) => p.warnings ?? []),
    parts: pages.flatMap((p) => pageParts(p)),
  };
}

/** The pages a page to stage is made of: itself, or the pages joined. */
function pageParts(page: StagedPage): readonly PagePart[] {
  return page.parts ?? [{ meta: page.meta, warnings: page.warnings, size: page.records.length }];
}

/** Whether a page has its own row in `source_pages`: not an empty page the source said nothing of. */
const writesPageRow = (part: PagePart): boolean => part.size > 0 || Boolean(part.meta);

interface StoreRequest {
  adapterId: string;
  stream: string;
  /** The pages the records came in, in order, whose rows are written with the lookups; none for records fetched by reference lookups. */
  pages: readonly PagePart[];
  records: readonly RawRecord[];
  /** The records' rows, when computed ahead (preparePage). */
  rows?: NewSourceRecord[];
  mappedAhead?: MappedAhead;
  /** Maps the fresh revisions; without it they stay `staged`. */
  runtime?: StreamRuntime;
  references: MappingContext['references'];
  correctionField?: string;
  batchLimits?: BatchLimits;
  /** First versions a previous page queued, to take out of the queue and batch here (StageOptions.batches.carry). */
  carry?: readonly CarriedVersion[];
}

interface Stored {
  counts: ProcessCounts;
  stale: number;
  inserted: number;
  /** First versions queued, here or by pages before, that the next page may take. */
  carry: CarriedVersion[];
  /** The interface of versions queued here that the next page does not carry, if any: a batch former's work. */
  waiting: NationalInterface | null;
}

/**
 * What a page does with the versions carried to it. It takes them out of the queue (`take`) unless
 * they and its records cannot fill a batch: then they stay queued and are carried on (`keep`), rather
 * than taken out and put back. Either way, versions of records the page brings again stay queued and
 * are not carried on: a newer version replaces them there as it replaces any queued version. The
 * page's new versions are not written yet: their count is at most its records', and their size is
 * taken to be the carried ones' on average.
 */
function splitCarry(
  carry: readonly CarriedVersion[],
  recordIds: readonly string[],
  limits: BatchLimits,
): { take: CarriedVersion[]; keep: CarriedVersion[] } {
  if (carry.length === 0) return { take: [], keep: [] };
  const brought = new Set(recordIds);
  const left = carry.filter((c) => !brought.has(c.recordId));
  const most = left.length + recordIds.length;
  let bytes = 0;
  for (const c of left) bytes += c.bytes;
  const mayFill = most >= limits.maxRecords || (left.length > 0 && (bytes / left.length) * most >= limits.maxBytes);
  return mayFill ? { take: left, keep: [] } : { take: [], keep: left };
}

/**
 * Stores the new revisions of a page, each written once, together with its outcome. Per source key
 * the newest new revision is mapped, unless an already staged revision has a greater ordering key
 * (then it is stale: kept for audit, not mapped). A revision already stored (same key and content
 * hash) is skipped. The caller holds the stream's lock, so nothing else writes these keys meanwhile,
 * and writes what `writes` gathers.
 */
async function storeRevisions(tx: Tx, req: StoreRequest, deps: PipelineDeps, writes: StagingWrites<FormedBatch>): Promise<Stored> {
  const rows = req.rows ?? req.records.map(toNewRow);
  const iface = req.runtime?.mapping?.to;
  const recordIds = iface && req.mappedAhead ? candidateRecordIds(req.mappedAhead) : null;
  const { take, keep } = recordIds && req.batchLimits ? splitCarry(req.carry ?? [], recordIds, req.batchLimits) : { take: [], keep: [] };
  const known = await pageLookups(tx, {
    adapterId: req.adapterId,
    stream: req.stream,
    pages: req.pages.filter(writesPageRow),
    rows,
    versions: iface && recordIds ? { iface, recordIds } : null,
    carry: take.map((c) => c.id),
  });
  const taken = new Set(known.carried);
  const carried = take.filter((c) => taken.has(c.id));
  if (iface) writes.countTaken(iface, req.adapterId, carried.length);
  const seen = new Set(known.stored);
  // Each record points at the row of the page it came in: the pages' records are in the pages' order.
  const pageIds = [...known.pageIds];
  const pageIdOf = req.pages.map((p) => (writesPageRow(p) ? (pageIds.shift() ?? null) : null));
  // Each fresh revision's row is one object, written with its outcome below and copied as it is.
  const fresh: SourceRowWithOutcome[] = [];
  let part = 0;
  let partEnd = req.pages[0]?.size ?? rows.length;
  for (let i = 0; i < rows.length; i++) {
    while (i >= partEnd && part < req.pages.length - 1) partEnd += req.pages[++part]!.size;
    const row = rows[i]!;
    const key = revisionKey(row.sourceKey, row.contentHash);
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push({
      sourceKey: row.sourceKey,
      contentHash: row.contentHash,
      payloadText: row.payloadText,
      orderingKey: row.orderingKey,
      payload: row.payload,
      rawText: row.rawText,
      deleted: row.deleted,
      warnings: row.warnings,
      id: known.ids[fresh.length]!,
      pageId: pageIdOf[part] ?? null,
      outcome: 'staged',
      nationalRecordId: null,
    });
  }
  const newestByKey = new Map<string, (typeof fresh)[number]>();
  for (const rev of fresh) {
    const cur = newestByKey.get(rev.sourceKey);
    if (!cur || rev.orderingKey >= cur.orderingKey) newestByKey.set(rev.sourceKey, rev);
  }
  const toMap: StagedRevision[] = [];
  const outcomeOf = new Map<number, SourceOutcome>();
  let stale = 0;
  for (const rev of fresh) {
    const older = known.newest.get(rev.sourceKey);
    if (rev === newestByKey.get(rev.sourceKey) && (older === undefined || rev.orderingKey >= older)) {
      toMap.push(rev);
      if (req.correctionField && older !== undefined && (rev.payload as Record<string, unknown>)?.[req.correctionField] !== '1') {
        rev.warnings = [
          ...(rev.warnings ?? []),
          { code: 'UNFLAGGED_REVISION', message: `a later revision of this key without ${req.correctionField} = 1` },
        ];
      }
    } else {
      outcomeOf.set(rev.id, { id: rev.id, outcome: 'stale', nationalRecordId: null, warnings: null });
      stale++;
    }
  }
  let counts = emptyCounts();
  let carryOn: CarriedVersion[] = [];
  let waiting: NationalInterface | null = null;
  if (req.runtime) {
    const decided = await decideRevisions(tx, req.runtime, toMap, req.references, deps, writes, {
      mayHaveQuarantine: (key) => known.newest.has(key),
      mappedAhead: req.mappedAhead,
      versionsAhead: known.versions,
      batchLimits: req.batchLimits,
      carried,
    });
    counts = decided.counts;
    carryOn = keep.length > 0 ? [...keep, ...decided.carry] : decided.carry;
    if (decided.queued > decided.carry.length) waiting = iface ?? null;
    for (const o of decided.outcomes) outcomeOf.set(o.id, o);
  }
  for (const rev of fresh) {
    const o = outcomeOf.get(rev.id);
    if (!o) continue;
    if (o.warnings?.length) rev.warnings = [...(rev.warnings ?? []), ...o.warnings];
    rev.outcome = o.outcome;
    rev.nationalRecordId = o.nationalRecordId;
  }
  const byOutcome = await copySourceRows(tx, req.adapterId, req.stream, null, fresh);
  for (const [outcome, n] of byOutcome) writes.countSourceOutcome(req.adapterId, req.stream, outcome, n);
  return { counts, stale, inserted: fresh.length, carry: carryOn, waiting };
}

/** The work on a page that needs no lock: its references resolved, its rows hashed, its records mapped and validated. */
export interface PreparedPage {
  references: ResolvedReferences;
  rows: NewSourceRecord[];
  mapped: MappedAhead;
}

/**
 * Prepares a page ahead of its transaction, so that a pull maps the next page while the database
 * writes this one. Every record is mapped, including any that staging then finds already stored.
 */
export async function preparePage(
  db: Db,
  rt: StreamRuntime,
  page: Page,
  deps: PipelineDeps,
  opts: { adapter?: SourceAdapter; signal?: AbortSignal },
): Promise<PreparedPage> {
  // The rows are hashed while the references are read and looked up: that work waits on the
  // database and the source, this one only on the thread.
  const resolving = resolveReferences(
    db,
    rt.adapterId,
    rt.mapping,
    page.records.map((r) => r.payload),
    opts.adapter,
    opts.signal ?? new AbortController().signal,
  );
  // Its failure is reported when awaited below; until then it must not count as unhandled.
  const settled = resolving.catch(() => undefined);
  let rows: NewSourceRecord[];
  try {
    rows = await mapInSlices(page.records, toNewRow);
  } catch (err) {
    // No lookup outlives a page that failed.
    await settled;
    throw err;
  }
  const references = await resolving;
  return { references, rows, mapped: await mapPage(rt, rows, references.resolve, deps) };
}

export interface StageOptions {
  /** False for backfills: the live cursor does not move. */
  storeCursor: boolean;
  adapter?: SourceAdapter;
  /** Runtime of other streams of the same adapter, for records fetched by reference lookups. */
  runtimeOf?: (stream: string) => StreamRuntime | undefined;
  signal?: AbortSignal;
  /** The page's preparation, done ahead (preparePage). */
  prepared?: PreparedPage;
  /** The pull this page is part of: its progress is counted in the page's transaction. */
  pullId?: number;
  /**
   * Forms the full batches of the page's first versions in its transaction, each with its delivery
   * job, rather than queueing them for a batch former: their queue rows are never written, claimed
   * and deleted. What fills no batch is queued, and returned as the result's `carry`: passed to the
   * next page of the pull, it is taken out of the queue again (what is still there) and comes first
   * in that page's batches. Without it every new version is queued.
   */
  batches?: { boss: PgBoss; limits: BatchLimits; carry?: readonly CarriedVersion[] };
}

/**
 * One page (or consecutive pages joined, joinPages) → one transaction: raw revisions, their mapping
 * outcome (national versions or quarantine) and the advanced cursor. The cursor never moves past a
 * record that is not durably stored.
 */
export async function stagePage(db: Db, rt: StreamRuntime, page: StagedPage, deps: PipelineDeps, opts: StageOptions): Promise<StageResult> {
  const signal = opts.signal ?? new AbortController().signal;
  const refs =
    opts.prepared?.references ??
    (await resolveReferences(
      db,
      rt.adapterId,
      rt.mapping,
      page.records.map((r) => r.payload),
      opts.adapter,
      signal,
    ));
  return withTransaction(
    db,
    async (tx) => {
      const result: StageResult = {
        ...emptyCounts(),
        received: page.records.length,
        newRevisions: 0,
        carry: [],
        waiting: new Set(),
        formed: [],
      };
      const writes = new StagingWrites<FormedBatch>();
      for (const [stream, records] of refs.fetched) {
        await lockStream(tx, rt.adapterId, stream);
        const stored = await storeRevisions(
          tx,
          { adapterId: rt.adapterId, stream, pages: [], records, runtime: opts.runtimeOf?.(stream), references: noReferences },
          deps,
          writes,
        );
        merge(result, stored.counts);
        if (stored.waiting) result.waiting.add(stored.waiting);
      }
      const stored = await storeRevisions(
        tx,
        {
          adapterId: rt.adapterId,
          stream: rt.stream,
          pages: pageParts(page),
          records: page.records,
          rows: opts.prepared?.rows,
          mappedAhead: opts.prepared?.mapped,
          runtime: rt,
          references: refs.resolve,
          correctionField: rt.correctionField,
          batchLimits: opts.batches?.limits,
          carry: opts.batches?.carry,
        },
        deps,
        writes,
      );
      result.carry = stored.carry;
      if (stored.waiting) result.waiting.add(stored.waiting);
      result.newRevisions = stored.inserted;
      result.stale += stored.stale;
      merge(result, stored.counts);
      if (opts.storeCursor) writes.advanceCursor(rt.adapterId, rt.stream, page.cursor);
      if (opts.pullId !== undefined) writes.countPage(opts.pullId, pageParts(page).length, page.records.length, result.newRevisions);
      await writes.write(tx);
      // The page's batches' jobs in one statement.
      if (writes.formedBatches.length > 0) {
        await sendAll(
          opts.batches!.boss,
          'deliver',
          writes.formedBatches.map((b) => ({ batchId: b.batchId, interface: b.iface })),
          { db: bossDb(tx) },
        );
      }
      result.formed = [...writes.formedBatches];
      return result;
    },
    { begin: beginLockingStream(rt.adapterId, rt.stream) },
  );
}

const noReferences: MappingContext['references'] = () => undefined;

export function merge(into: ProcessCounts, add: ProcessCounts): void {
  into.mapped += add.mapped;
  into.unchanged += add.unchanged;
  into.quarantined += add.quarantined;
  into.deleted += add.deleted;
  into.stale += add.stale;
  for (const i of add.interfaces) into.interfaces.add(i);
}
