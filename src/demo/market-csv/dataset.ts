import { recordIdFor } from '../../common/record-id';
import { MarketGenerator, type RowDraft } from './generator';
import { Rng } from '../common/random';
import { MARKET_STREAM_NAMES, type CatalogEntry, type Expected, type MarketStreamName } from './types';

/** One exported row: its 同步序号, key and column values as written. */
export interface StoredRow {
  seq: number;
  key: string;
  values: Record<string, string>;
}

interface StreamState {
  /** Rows in ascending 同步序号. */
  rows: StoredRow[];
  nextSeq: number;
  /** Greatest X-Next-Since served so far; late rows are placed at or below it. */
  served: number;
  /** Expected outcome of the newest revision of each key. */
  expected: Map<string, { expected: Expected; seq: number }>;
}

/** Index of the first row with 同步序号 > seq (rows ascending); rows.length when none. */
function firstAfter(rows: readonly StoredRow[], seq: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.seq > seq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const FIRST_SEQ: Record<MarketStreamName, number> = { vendors: 1001, entries: 5001, sales: 90001 };

/** What happens per generated event while the simulator runs (relative weights). */
const EVENTS = [
  ['vendor', 6],
  ['vendorRevision', 3],
  ['reRegistration', 1],
  ['entry', 30],
  ['sale', 50],
  ['correction', 8],
  ['unflagged', 2],
] as const;

export interface DatasetOptions {
  seed: number;
  initial: Record<MarketStreamName, number>;
  dirtyShare: number;
  newRecordsPerMinute: number;
  sourceSystem: string;
  now: () => number;
}

/**
 * The three export streams of one market: append-only rows with strictly increasing 同步序号 per
 * stream (with gaps, §3.3), generated at start and then at `newRecordsPerMinute` as time passes.
 */
export class MarketDataset {
  private readonly rng: Rng;
  private readonly gen: MarketGenerator;
  private readonly streams = {} as Record<MarketStreamName, StreamState>;
  private readonly startedAt: number;
  private generated = 0;
  private clock: number;

  constructor(private readonly opts: DatasetOptions) {
    this.rng = new Rng(opts.seed);
    this.gen = new MarketGenerator(this.rng, opts.dirtyShare);
    for (const s of MARKET_STREAM_NAMES) this.streams[s] = { rows: [], nextSeq: FIRST_SEQ[s], served: 0, expected: new Map() };
    this.startedAt = opts.now();
    this.clock = this.startedAt - 12 * 3600 * 1000;
    this.generateInitial();
  }

  set dirtyShare(share: number) {
    this.gen.dirtyShare = share;
  }

  private tick(minutes: number): number {
    this.clock += minutes * 60_000 + this.rng.int(0, 59) * 1000;
    return this.clock;
  }

  private generateInitial(): void {
    const { vendors, entries, sales } = this.opts.initial;
    for (let i = 0; i < vendors; i++) this.append(i > 0 && i % 15 === 0 ? this.gen.reRegistration() : this.gen.vendor());
    for (let i = 0; i < Math.ceil(vendors / 10); i++) this.append(this.gen.vendorRevision());
    for (let i = 0, made = 0; made < entries && i < entries * 3; i++) if (this.append(this.gen.entry(this.tick(3)))) made++;
    for (let i = 0, made = 0; made < sales && i < sales * 3; i++) if (this.append(this.gen.sale(this.tick(1)))) made++;
    const corrections = Math.ceil((entries + sales) / 10);
    for (let i = 0; i < corrections; i++) this.append(this.gen.correction(i % 4 === 3 ? '0' : '1'));
  }

  /** Generates the records due by now (lazily, on each request), so a running demo keeps flowing. */
  catchUp(): void {
    if (!(this.opts.newRecordsPerMinute > 0)) return;
    const due = Math.floor(((this.opts.now() - this.startedAt) / 60_000) * this.opts.newRecordsPerMinute);
    const todo = Math.min(due - this.generated, 10_000);
    for (let i = 0; i < todo; i++) this.append(this.event());
    this.generated = Math.max(this.generated, due);
  }

  private event(): RowDraft | undefined {
    const at = Math.max(this.opts.now(), this.tick(0));
    switch (this.rng.weighted(EVENTS)) {
      case 'vendor':
        return this.gen.vendor();
      case 'vendorRevision':
        return this.gen.vendorRevision();
      case 'reRegistration':
        return this.gen.reRegistration();
      case 'entry':
        return this.gen.entry(at);
      case 'sale':
        return this.gen.sale(at);
      case 'correction':
        return this.gen.correction('1');
      default:
        return this.gen.correction('0');
    }
  }

  /** Appends a row at the stream's next 同步序号; a quarter of the steps leave a gap. */
  private append(draft: RowDraft | undefined): boolean {
    if (!draft) return false;
    const state = this.streams[draft.stream];
    const seq = state.nextSeq;
    state.nextSeq += this.rng.chance(0.25) ? this.rng.int(2, 3) : 1;
    state.rows.push({ seq, key: draft.key, values: draft.values });
    state.expected.set(draft.key, { expected: draft.expected, seq });
    return true;
  }

  /**
   * lateRecords (§5.12): a new row whose 同步序号 is at or below an X-Next-Since already served (in
   * a gap within the last 150 numbers), as a slow scale uploading late would produce. Returns
   * whether a row was placed.
   */
  insertLate(stream: MarketStreamName): boolean {
    const state = this.streams[stream];
    const floor = Math.max(FIRST_SEQ[stream], state.served - 150);
    const used = new Set(state.rows.slice(firstAfter(state.rows, floor)).map((r) => r.seq));
    let seq = -1;
    for (let s = state.served; s > floor; s--)
      if (!used.has(s)) {
        seq = s;
        break;
      }
    if (seq < 0) return false;
    const draft =
      stream === 'vendors'
        ? this.gen.vendor(undefined, true)
        : stream === 'entries'
          ? this.gen.entry(this.clock)
          : this.gen.sale(this.clock);
    if (!draft) return false;
    state.rows.splice(firstAfter(state.rows, seq), 0, { seq, key: draft.key, values: draft.values });
    const newest = state.expected.get(draft.key);
    if (!newest || newest.seq < seq) state.expected.set(draft.key, { expected: draft.expected, seq });
    return true;
  }

  /**
   * Rows with 同步序号 > since, at most `limit`; with `startBefore` k, the page starts up to k rows
   * before (duplicateRows), always keeping at least one row after `since`.
   */
  page(stream: MarketStreamName, since: number, limit: number, startBefore = 0): StoredRow[] {
    const rows = this.streams[stream].rows;
    let first = firstAfter(rows, since);
    if (first === rows.length) return [];
    first = Math.max(0, first - Math.min(startBefore, limit - 1));
    return rows.slice(first, first + limit);
  }

  markServed(stream: MarketStreamName, nextSince: number): void {
    const state = this.streams[stream];
    state.served = Math.max(state.served, nextSince);
  }

  rowCount(stream: MarketStreamName): number {
    return this.streams[stream].rows.length;
  }

  catalog(): CatalogEntry[] {
    const out: CatalogEntry[] = [];
    for (const stream of MARKET_STREAM_NAMES) {
      for (const [key, { expected }] of this.streams[stream].expected) {
        out.push({ stream, sourceKey: key, recordId: recordIdFor(this.opts.sourceSystem, stream, key), expected });
      }
    }
    return out;
  }
}
