import type { ProvincialStream } from './types';

/** Payload values are JSON strings or null, plus the `jcxm` array of inspections (§2.2). */
export type Payload = Record<string, unknown> & { gxsj: string; sfsc: string };

/** A source record as the platform holds it: its newest revision and what that revision should come to. */
export interface SimRecord {
  stream: ProvincialStream;
  id: string;
  payload: Payload;
  /** The defect of the newest revision (a dirty-* sample kind) and the reason it is expected to fail with. */
  defect?: { kind: string; reason: string };
  /** The revision without its defect, for a later correction at source; absent when the defect is permanent. */
  corrected?: Payload;
  /** Position in the feed: `gxsj|id`, which sorts as text like (gxsj, id). */
  pos?: string;
}

/** The position just after `pos`: every other position of the same shape compares above it. */
const after = (pos: string) => `${pos}\u0000`;

/**
 * One stream's incremental feed (§2.4): records ordered by (gxsj, id); an update moves a record to its new
 * position. Kept sorted so that a page is two binary searches and a slice.
 */
export class Feed {
  private readonly sorted: SimRecord[] = [];

  get size(): number {
    return this.sorted.length;
  }

  /** Inserts a record or moves it to the position of its (new) gxsj. */
  put(rec: SimRecord): void {
    if (rec.pos !== undefined) {
      const at = this.lowerBound(rec.pos);
      if (this.sorted[at] === rec) this.sorted.splice(at, 1);
    }
    rec.pos = `${rec.payload.gxsj}|${rec.id}`;
    this.sorted.splice(this.lowerBound(rec.pos), 0, rec);
  }

  /** Index of the first record at or after the time `updatedAfter` (inclusive, §2.4). */
  firstFrom(updatedAfter: string): number {
    return this.lowerBound(updatedAfter);
  }

  /** Up to `size` records from `updatedAfter` on, after position `afterPos` when given; `more` when others follow. */
  page(updatedAfter: string, afterPos: string | undefined, size: number): { records: SimRecord[]; start: number; more: boolean } {
    let start = this.lowerBound(updatedAfter);
    if (afterPos !== undefined) start = Math.max(start, this.lowerBound(after(afterPos)));
    const records = this.sorted.slice(start, start + size);
    return { records, start, more: start + size < this.sorted.length };
  }

  at(index: number): SimRecord | undefined {
    return this.sorted[index];
  }

  all(): readonly SimRecord[] {
    return this.sorted;
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]!.pos! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
