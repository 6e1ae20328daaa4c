import type { Tx } from '../db/pool';
import { setSourceOutcomes, type StagedRevision } from '../db/queries/source-records';
import { copyNationalRecords, latestVersions, type NewNationalRecord } from '../db/queries/national-records';
import type { NewQuarantineEntry } from '../db/queries/quarantine';
import type { VersionsAhead } from '../db/queries/page-lookups';
import { StagingWrites, type DirectBatch } from '../db/queries/staging-writes';
import { firstReplacementCharacter } from './storable';
import type { MappingContext } from '../mappings/types';
import { beijingIso } from '../common/time';
import { mapInSlices } from '../common/slices';
import { maskIfPersonal } from '../mappings/common/identifiers';
import { canonicalJsonWithout, sha256Hex } from './canonical';
import { traceLinks } from './trace-links';
import { fullBatches, type BatchLimits, type CarriedVersion } from './batch';
import { emptyCounts, type PipelineDeps, type ProcessCounts, type StreamRuntime } from './types';

const COMMON_FIELDS: ReadonlySet<string> = new Set(['recordId', 'version', 'regionCode', 'sourceSystem', 'reportedAt']);
/** Left out of a version's content hash: they change with every version, not with its content. */
const VERSION_FIELDS: ReadonlySet<string> = new Set(['version', 'reportedAt']);

/** The record as sent: common fields first, then the interface's own in mapping order. */
function composeRecord(mapped: Record<string, unknown>, version: number, reportedAt: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    recordId: mapped.recordId,
    version,
    regionCode: mapped.regionCode,
    sourceSystem: mapped.sourceSystem,
    reportedAt,
  };
  for (const k of Object.keys(mapped)) if (!COMMON_FIELDS.has(k)) out[k] = mapped[k];
  return out;
}

interface Candidate {
  rev: StagedRevision;
  record: Record<string, unknown>;
  hash: string;
  warnings: unknown[];
}

/** What mapping and validation make of one revision, before anything is known of stored versions. */
export type MappedRevision =
  | { kind: 'deleted' }
  | { kind: 'unmapped' }
  | {
      kind: 'quarantined';
      stage: 'mapping' | 'validation';
      recordId: string | null;
      reasons: string[];
      errors: unknown[];
      warnings: unknown[];
    }
  | { kind: 'candidate'; record: Record<string, unknown>; hash: string; warnings: unknown[] };

/**
 * Maps and validates one source record. Pure: it reads no stored state, so a page can be mapped while
 * the page before it is still being written.
 */
export function mapRevision(
  rt: StreamRuntime,
  rev: { payload: unknown; deleted: boolean },
  ctx: MappingContext,
  validator: ReturnType<PipelineDeps['validator']>,
  reportedAt: string,
): MappedRevision {
  if (rev.deleted) return { kind: 'deleted' };
  const mapping = rt.mapping;
  if (!mapping) return { kind: 'unmapped' };
  const result = mapping.map(rev.payload, ctx);
  if (!result.ok) {
    return {
      kind: 'quarantined',
      stage: 'mapping',
      recordId: null,
      warnings: result.warnings,
      reasons: result.errors.map((e) => e.code),
      errors: result.errors.map((e) => ({ ...e, value: e.value === undefined ? undefined : maskIfPersonal(e.value) })),
    };
  }
  const record = composeRecord(result.record, 1, reportedAt);
  // The text the content hash is taken of; JSON leaves U+FFFD as it is, so a text without it has none to point at.
  const hashText = canonicalJsonWithout(record, VERSION_FIELDS);
  const unreadable = hashText.includes('\uFFFD') ? firstReplacementCharacter(result.record) : null;
  if (unreadable) {
    return {
      kind: 'quarantined',
      stage: 'mapping',
      recordId: result.record.recordId as string,
      warnings: result.warnings,
      reasons: ['UNPARSEABLE_VALUE'],
      errors: [
        {
          code: 'UNPARSEABLE_VALUE',
          path: unreadable,
          message: `${unreadable} holds U+FFFD: the source sent a character that cannot be read or stored (such as NUL); correct it at the source`,
        },
      ],
    };
  }
  const errors = validator.validate(mapping.to, record);
  if (errors.length > 0) {
    return {
      kind: 'quarantined',
      stage: 'validation',
      recordId: result.record.recordId as string,
      reasons: errors.map((e) => e.code),
      errors,
      warnings: result.warnings,
    };
  }
  return { kind: 'candidate', record, hash: sha256Hex(hashText), warnings: result.warnings };
}

/** A page's records mapped ahead (mapPage), by payload object. */
export type MappedAhead = ReadonlyMap<unknown, MappedRevision>;

/** mapRevision for every record of a page, with one reportedAt for the page, a slice at a time (mapInSlices). */
export async function mapPage(
  rt: StreamRuntime,
  payloads: ReadonlyArray<{ payload: unknown; deleted?: boolean }>,
  references: MappingContext['references'],
  deps: PipelineDeps,
): Promise<MappedAhead> {
  const ctx: MappingContext = { tables: deps.tables(), instance: rt.instance, references };
  const validator = deps.validator();
  const reportedAt = beijingIso(deps.now());
  const mapped = await mapInSlices(payloads, (r) =>
    mapRevision(rt, { payload: r.payload, deleted: Boolean(r.deleted) }, ctx, validator, reportedAt),
  );
  const out = new Map<unknown, MappedRevision>();
  for (let i = 0; i < payloads.length; i++) out.set(payloads[i]!.payload, mapped[i]!);
  return out;
}

export interface SourceOutcome {
  id: number;
  outcome: string;
  nationalRecordId: number | null;
  warnings: unknown[] | null;
}

export interface DecideOptions {
  /** How open quarantine entries of these keys are closed. */
  closeAs?: 'superseded' | 'replayed';
  /** Source keys that may have open quarantine entries (default: all); a key never staged before has none. */
  mayHaveQuarantine?: (sourceKey: string) => boolean;
  /** Revisions already mapped (mapPage), by payload object; the others are mapped here. */
  mappedAhead?: MappedAhead;
  /** Latest versions looked up with the page (pageLookups); used when they cover every record to version. */
  versionsAhead?: VersionsAhead | null;
  /**
   * Forms full batches of the first versions written here in this transaction instead of queueing
   * them (`writes.batch`); the rest are queued. Only first versions: a later one may have to wait for
   * an earlier one still under way, which forming from the queue checks.
   */
  batchLimits?: BatchLimits;
  /**
   * First versions a previous page queued, already taken out of the queue by this transaction
   * (pageLookups' `carry`), in id order: they come first in the batches formed here, and what of them
   * fills none is queued again. Only with `batchLimits`.
   */
  carried?: readonly CarriedVersion[];
}

/** What decideRevisions made of the revisions. */
export interface Decided {
  counts: ProcessCounts;
  /** Each revision's outcome, for the caller to store with it. */
  outcomes: SourceOutcome[];
  /** With `batchLimits`: the first versions queued here, in id order, which the next page may carry. */
  carry: CarriedVersion[];
  /** Versions queued here, carried ones included. */
  queued: number;
}

/** A batch formed in a page's transaction (StagingWrites.batch), with its versions in batch order. */
export interface FormedBatch extends DirectBatch {
  members: CarriedVersion[];
}

/** The record ids of a page's records mapped ahead as candidates for a new version. */
export function candidateRecordIds(mapped: MappedAhead): string[] {
  const ids: string[] = [];
  for (const m of mapped.values()) if (m.kind === 'candidate') ids.push(m.record.recordId as string);
  return ids;
}

/**
 * The newest revision of each source key → map → validate → version, in the caller's transaction
 * (source-subsystems §5.6). Deleted revisions create nothing; failures are quarantined; unchanged
 * content creates nothing; changed content becomes the next version, pending delivery. New versions
 * are written here; their queue entries, quarantine entries and closed ones are gathered in `writes`
 * for the caller to write with the rest of its transaction. Returns each revision's outcome for the
 * caller to store with it.
 */
export async function decideRevisions(
  tx: Tx,
  rt: StreamRuntime,
  revisions: readonly StagedRevision[],
  references: MappingContext['references'],
  deps: PipelineDeps,
  writes: StagingWrites<FormedBatch>,
  opts: DecideOptions = {},
): Promise<Decided> {
  const counts = emptyCounts();
  const outcomes: SourceOutcome[] = [];
  const carried = opts.batchLimits ? (opts.carried ?? []) : [];
  const decided: Decided = { counts, outcomes, carry: [], queued: 0 };
  if (revisions.length === 0 && carried.length === 0) return decided;
  const mapping = rt.mapping;
  // Carried versions were taken out of the queue: without a mapping nothing would batch or queue them again.
  if (carried.length > 0 && !mapping) throw new Error(`${rt.adapterId}/${rt.stream}: carried versions but no mapping to batch them`);
  const quarantine: NewQuarantineEntry[] = [];
  const candidates: Candidate[] = [];
  const ctx: MappingContext = { tables: deps.tables(), instance: rt.instance, references };
  const validator = deps.validator();
  const reportedAt = beijingIso(deps.now());

  const mayHave = opts.mayHaveQuarantine ?? (() => true);
  writes.closeQuarantine(
    rt.adapterId,
    rt.stream,
    revisions.filter((r) => mayHave(r.sourceKey)).map((r) => r.sourceKey),
    opts.closeAs ?? 'superseded',
  );

  for (const rev of revisions) {
    const mapped = opts.mappedAhead?.get(rev.payload) ?? mapRevision(rt, rev, ctx, validator, reportedAt);
    switch (mapped.kind) {
      case 'deleted':
        outcomes.push({ id: rev.id, outcome: 'deleted', nationalRecordId: null, warnings: null });
        counts.deleted++;
        break;
      case 'unmapped':
        outcomes.push({ id: rev.id, outcome: 'staged', nationalRecordId: null, warnings: null });
        break;
      case 'quarantined':
        quarantine.push({
          adapterId: rt.adapterId,
          stream: rt.stream,
          sourceKey: rev.sourceKey,
          sourceRecordId: rev.id,
          interface: mapping!.to,
          recordId: mapped.recordId,
          nationalRecordId: null,
          stage: mapped.stage,
          reasons: mapped.reasons,
          errors: mapped.errors,
        });
        outcomes.push({ id: rev.id, outcome: 'quarantined', nationalRecordId: null, warnings: mapped.warnings });
        counts.quarantined++;
        break;
      case 'candidate':
        candidates.push({ rev, record: mapped.record, hash: mapped.hash, warnings: mapped.warnings });
    }
  }

  if (mapping && (candidates.length > 0 || carried.length > 0)) {
    const ahead = opts.versionsAhead;
    const covered =
      ahead &&
      ahead.iface === mapping.to &&
      ahead.ids.length >= candidates.length &&
      candidates.every((c) => ahead.asked.has(c.record.recordId as string));
    const { latest, ids } = covered
      ? ahead
      : await latestVersions(
          tx,
          mapping.to,
          candidates.map((c) => c.record.recordId as string),
          candidates.length,
        );
    const fresh: Array<NewNationalRecord & { id: number; candidate: Candidate }> = [];
    const superseded: number[] = [];
    for (const c of candidates) {
      const prev = latest.get(c.record.recordId as string);
      if (prev && prev.contentHash === c.hash && prev.state !== 'rejected') {
        outcomes.push({ id: c.rev.id, outcome: 'unchanged', nationalRecordId: prev.id, warnings: c.warnings });
        counts.unchanged++;
        continue;
      }
      const version = (prev?.version ?? 0) + 1;
      // Mapped as a first version; a record mapped ahead is shared, so a later version is a copy.
      const record = c.record.version === version ? c.record : { ...c.record, version };
      if (prev?.state === 'pending') superseded.push(prev.id);
      fresh.push({
        id: ids[fresh.length]!,
        recordId: c.record.recordId as string,
        version,
        body: JSON.stringify(record),
        contentHash: c.hash,
        links: traceLinks(mapping.to, c.record),
        sourceRecordId: c.rev.id,
        candidate: c,
      });
    }
    if (fresh.length > 0) await copyNationalRecords(tx, mapping.to, rt.adapterId, fresh);
    const batched = new Set<number>();
    if (opts.batchLimits) {
      const firsts: CarriedVersion[] = [...carried];
      for (const f of fresh) {
        if (f.version === 1)
          firsts.push({ id: f.id, bytes: Buffer.byteLength(f.body), recordId: f.recordId, body: f.body, sourceRecordId: f.sourceRecordId });
      }
      const formed = fullBatches(mapping.to, firsts, opts.batchLimits);
      for (const b of formed.batches) {
        writes.batch({ ...b, adapterId: rt.adapterId });
        for (const id of b.recordIds) batched.add(id);
      }
      decided.carry = formed.rest;
    }
    const queued = [
      ...carried.filter((c) => !batched.has(c.id)).map((c) => c.id),
      ...fresh.filter((f) => !batched.has(f.id)).map((f) => f.id),
    ];
    writes.queue(mapping.to, rt.adapterId, queued, superseded);
    decided.queued = queued.length;
    for (const f of fresh)
      outcomes.push({ id: f.sourceRecordId, outcome: 'mapped', nationalRecordId: f.id, warnings: f.candidate.warnings });
    counts.mapped += fresh.length;
    if (fresh.length > 0) counts.interfaces.add(mapping.to);
  }

  writes.quarantine(quarantine);
  return decided;
}

/** decideRevisions for revisions already stored: their outcomes are written onto them. */
export async function processRevisions(
  tx: Tx,
  rt: StreamRuntime,
  revisions: readonly StagedRevision[],
  references: MappingContext['references'],
  deps: PipelineDeps,
  closeAs: 'superseded' | 'replayed' = 'superseded',
): Promise<ProcessCounts> {
  const writes = new StagingWrites<FormedBatch>();
  const { counts, outcomes } = await decideRevisions(tx, rt, revisions, references, deps, writes, { closeAs });
  await setSourceOutcomes(tx, outcomes);
  await writes.write(tx);
  return counts;
}
