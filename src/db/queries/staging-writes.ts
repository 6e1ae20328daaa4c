import type { Cursor } from '../../adapters/types';
import type { NationalInterface } from '../../national/types';
import { integerArrayLiteral, textArrayLiteral } from '../array-literal';
import type { Tx } from '../pool';
import { addRecordCounts, addSourceCounts, movedRecordDeltas } from './counters';
import { quarantineInsert, quarantineParams, type NewQuarantineEntry } from './quarantine';

type Resolution = 'replayed' | 'superseded';

/** A batch formed of new versions in their staging transaction, without passing through the queue. */
export interface DirectBatch {
  batchId: string;
  iface: NationalInterface;
  adapterId: string;
  recordIds: readonly number[];
  bodyBytes: number;
}

/**
 * What a staging transaction writes besides its rows, gathered while its revisions are decided and
 * written at its end in one statement: open quarantine entries closed, new versions queued (and
 * versions they replace before batching taken out of the queue) or formed straight into full
 * batches (with queued versions the transaction took, countTaken), new quarantine entries, the
 * counts of source outcomes, the cursor and the pull's progress. One statement instead of one per
 * kind of write: a page's transaction waits for each round trip, and the gateway maps the next page
 * meanwhile.
 *
 * The parts touch different tables and none reads another's rows, so one snapshot serves them all;
 * the entries closed are those open before the statement, never the ones it inserts.
 */
export class StagingWrites<B extends DirectBatch = DirectBatch> {
  private readonly closed = { adapterIds: [] as string[], streams: [] as string[], keys: [] as string[], resolutions: [] as string[] };
  private readonly queued = { ifaces: [] as string[], ids: [] as number[], adapterIds: [] as string[] };
  private readonly superseded = { ifaces: [] as string[], ids: [] as number[] };
  private readonly batches: B[] = [];
  private readonly taken = new Map<string, { iface: string; adapterId: string; n: number }>();
  private readonly quarantined: NewQuarantineEntry[] = [];
  private readonly sourceOutcomes = new Map<string, { adapterId: string; stream: string; outcome: string; n: number }>();
  private cursor: { adapterId: string; stream: string; cursor: Cursor } | null = null;
  private progress: { pullId: number; pages: number; records: number; newRecords: number } | null = null;

  /** Closes the open quarantine entries of these source keys (a newer outcome replaces them). */
  closeQuarantine(adapterId: string, stream: string, keys: readonly string[], resolution: Resolution): void {
    for (const key of keys) {
      this.closed.adapterIds.push(adapterId);
      this.closed.streams.push(stream);
      this.closed.keys.push(key);
      this.closed.resolutions.push(resolution);
    }
  }

  /** Queues new versions for batching; `superseded` are queued versions they replace (never sent). */
  queue(iface: string, adapterId: string, ids: readonly number[], superseded: readonly number[]): void {
    for (const id of ids) {
      this.queued.ifaces.push(iface);
      this.queued.ids.push(id);
      this.queued.adapterIds.push(adapterId);
    }
    for (const id of superseded) {
      this.superseded.ifaces.push(iface);
      this.superseded.ids.push(id);
    }
  }

  /**
   * A full batch of new versions, written without queueing them; the caller enqueues its delivery job
   * in the same transaction. A transaction that forms a batch commits only once its WAL is flushed,
   * even where staging alone would not wait (RELAXED_COMMIT): a batch may be sent as soon as it is
   * committed, and what reaches the platform must not rest on a page a server crash could forget.
   */
  batch(b: B): void {
    this.batches.push(b);
  }

  /**
   * Counts queued versions this transaction took out of the queue (pageLookups' `carry`): they leave
   * the pending state here, and enter another with the batch formed of them, or the queue again.
   */
  countTaken(iface: string, adapterId: string, n: number): void {
    if (n === 0) return;
    const key = `${iface}\u0000${adapterId}`;
    const cur = this.taken.get(key);
    if (cur) cur.n += n;
    else this.taken.set(key, { iface, adapterId, n });
  }

  /** The batches formed here (batch), in order. */
  get formedBatches(): readonly B[] {
    return this.batches;
  }

  quarantine(entries: readonly NewQuarantineEntry[]): void {
    this.quarantined.push(...entries);
  }

  /** Counts source revisions stored with an outcome. */
  countSourceOutcome(adapterId: string, stream: string, outcome: string, n = 1): void {
    const key = `${adapterId}\u0000${stream}\u0000${outcome}`;
    const cur = this.sourceOutcomes.get(key);
    if (cur) cur.n += n;
    else this.sourceOutcomes.set(key, { adapterId, stream, outcome, n });
  }

  advanceCursor(adapterId: string, stream: string, cursor: Cursor): void {
    this.cursor = { adapterId, stream, cursor };
  }

  /** Counts the pages in their pull's progress (`pulls`), with the pages rather than in a statement after them. */
  countPage(pullId: number, pages: number, records: number, newRecords: number): void {
    this.progress = { pullId, pages, records, newRecords };
  }

  get empty(): boolean {
    return (
      this.closed.keys.length === 0 &&
      this.queued.ids.length === 0 &&
      this.superseded.ids.length === 0 &&
      this.batches.length === 0 &&
      this.taken.size === 0 &&
      this.quarantined.length === 0 &&
      this.sourceOutcomes.size === 0 &&
      this.cursor === null &&
      this.progress === null
    );
  }

  /** Writes everything gathered, in the caller's transaction. */
  async write(tx: Tx): Promise<void> {
    if (this.empty) return;
    const counts = [...this.sourceOutcomes.values()];
    const taken = [...this.taken.values()];
    const members = { ids: [] as number[], batchNos: [] as number[] };
    this.batches.forEach((b, no) => {
      for (const id of b.recordIds) {
        members.ids.push(id);
        members.batchNos.push(no + 1);
      }
    });
    await tx.query({
      name: 'staging-writes',
      text: STAGING_WRITES,
      values: [
        // The arrays with an element per record are given as array text (array-literal.ts).
        textArrayLiteral(this.closed.adapterIds),
        textArrayLiteral(this.closed.streams),
        textArrayLiteral(this.closed.keys),
        textArrayLiteral(this.closed.resolutions),
        textArrayLiteral(this.superseded.ifaces),
        integerArrayLiteral(this.superseded.ids),
        textArrayLiteral(this.queued.ifaces),
        integerArrayLiteral(this.queued.ids),
        textArrayLiteral(this.queued.adapterIds),
        counts.map((c) => c.adapterId),
        counts.map((c) => c.stream),
        counts.map((c) => c.outcome),
        counts.map((c) => c.n),
        this.cursor?.adapterId ?? null,
        this.cursor?.stream ?? null,
        this.cursor ? JSON.stringify(this.cursor.cursor) : null,
        ...quarantineParams(this.quarantined),
        this.progress?.pullId ?? null,
        this.progress?.records ?? 0,
        this.progress?.newRecords ?? 0,
        this.progress?.pages ?? 0,
        this.batches.map((b) => b.batchId),
        this.batches.map((b) => b.iface),
        this.batches.map((b) => b.adapterId),
        this.batches.map((b) => b.bodyBytes),
        integerArrayLiteral(members.ids),
        integerArrayLiteral(members.batchNos),
        taken.map((t) => t.adapterId),
        taken.map((t) => t.iface),
        taken.map((t) => t.n),
      ],
    });
  }
}

const STAGING_WRITES = `
  WITH formed_batches AS (
         SELECT * FROM unnest($31::text[], $32::text[], $33::text[], $34::int[]) WITH ORDINALITY AS b(batch_id, i, a, bytes, no)),
       batch_members AS (
         SELECT u.no, array_agg(u.id ORDER BY u.pos) AS ids
           FROM unnest($35::bigint[], $36::bigint[]) WITH ORDINALITY AS u(id, no, pos) GROUP BY u.no),
       closed AS (
         UPDATE quarantine q SET resolved_at = now(), resolution = c.resolution
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS c(adapter_id, stream, source_key, resolution)
          WHERE q.adapter_id = c.adapter_id AND q.stream = c.stream AND q.source_key = c.source_key AND q.resolved_at IS NULL),
       gone AS (
         DELETE FROM pending_records p USING unnest($5::text[], $6::bigint[]) AS g(interface, id)
          WHERE p.interface = g.interface AND p.id = g.id
          RETURNING p.interface, p.adapter_id),
       queued AS (INSERT INTO pending_records (interface, id, adapter_id) SELECT * FROM unnest($7::text[], $8::bigint[], $9::text[])),
       record_counts_added AS (
         ${addRecordCounts(`SELECT a, i, s, sum(n)::bigint FROM (
             ${movedRecordDeltas('gone', 'interface', 'pending', 'superseded')}
             UNION ALL
             SELECT a, i, 'pending', count(*) FROM unnest($9::text[], $7::text[]) AS q(a, i) GROUP BY 1, 2
             UNION ALL
             SELECT a, i, 'pending', -n FROM unnest($37::text[], $38::text[], $39::bigint[]) AS t(a, i, n)
             UNION ALL
             SELECT a, i, 'batched', sum(cardinality(m.ids)) FROM formed_batches f JOIN batch_members m ON m.no = f.no GROUP BY 1, 2) AS d(a, i, s, n)
           GROUP BY a, i, s`)}),
       formed AS (
         INSERT INTO batches (batch_id, interface, record_count, body_bytes, record_ids)
         SELECT f.batch_id, f.i, cardinality(m.ids), f.bytes, m.ids FROM formed_batches f JOIN batch_members m ON m.no = f.no),
       source_counts_added AS (
         ${addSourceCounts('SELECT a, st, o, n FROM unnest($10::text[], $11::text[], $12::text[], $13::bigint[]) AS u(a, st, o, n)')}),
       cursor_moved AS (
         INSERT INTO cursors (adapter_id, stream, cursor, updated_at) SELECT $14::text, $15::text, $16::jsonb, now() WHERE $14::text IS NOT NULL
         ON CONFLICT (adapter_id, stream) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()),
       quarantined AS (${quarantineInsert(17)}),
       pull_progressed AS (
         UPDATE pulls SET pages = pages + $30::int, records = records + $28::int, new_records = new_records + $29::int WHERE id = $27::bigint)
  SELECT CASE WHEN cardinality($31::text[]) > 0 THEN set_config('synchronous_commit', 'on', true) END`;
