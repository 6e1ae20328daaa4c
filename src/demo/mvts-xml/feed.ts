import { beijingCompact } from '../../common/time';
import type { Generated, RecordGenerator } from './generator';
import type { Rng } from '../common/random';
import type { RecordStore } from './store';
import { RECORD_TYPES, type RecordType } from './types';

/**
 * What the central system receives over time: an initial set uploaded during the hour before the
 * simulator starts, then new records and re-uploads (§4.12) at a steady rate, generated lazily from
 * the clock so a test with an injected clock sees exactly what it advanced to.
 */

export interface FeedOptions {
  initialRecords: number;
  newRecordsPerMinute: number;
  /** Initial UploadTimes fall in [start − span, start − 3 min], readable by the first pull. */
  initialSpanMinutes: number;
  reuploadShare: number;
}

const SETTLED_MS = 3 * 60_000;
const MAX_BURST = 5000;

export class Feed {
  private produced = 0;

  constructor(
    private readonly gen: RecordGenerator,
    private readonly store: RecordStore,
    private readonly rng: Rng,
    private readonly opts: FeedOptions,
    private readonly startMs: number,
  ) {
    const span = Math.max(1, opts.initialSpanMinutes * 60_000 - SETTLED_MS);
    for (let i = 0; i < opts.initialRecords; i++) {
      for (const stream of RECORD_TYPES) {
        const at = Math.floor((startMs - SETTLED_MS - rng.next() * span) / 1000) * 1000;
        this.put(gen.generate(stream, at));
      }
    }
  }

  /** Generates everything due by `now`: one record every 60/rate seconds, some of them re-uploads. */
  advance(now: number): void {
    const rate = this.opts.newRecordsPerMinute;
    if (!(rate > 0) || now <= this.startMs) return;
    const due = Math.floor(((now - this.startMs) * rate) / 60_000);
    let burst = 0;
    while (this.produced < due && burst++ < MAX_BURST) {
      const at = this.startMs + Math.floor(((this.produced + 1) * 60_000) / rate);
      const stream = RECORD_TYPES[this.produced % RECORD_TYPES.length]!;
      this.produced++;
      if (this.rng.chance(this.opts.reuploadShare) && this.store.size(stream) > 0) this.revise(stream, at);
      else this.put(this.gen.generate(stream, at));
    }
    if (this.produced < due) this.produced = due; // after a clock jump, skip what a burst cannot cover
  }

  /** A record uploaded now but with an UploadTime inside an already-pulled window (`lateRecords`). */
  late(stream: RecordType, now: number): Generated {
    const at = Math.floor((now - SETTLED_MS - this.rng.int(0, 20) * 60_000) / 1000) * 1000;
    return this.put(this.gen.generate(stream, at));
  }

  /** A dirty record uploaded now (`dirtyRecords`). */
  dirty(stream: RecordType, now: number): Generated {
    return this.put(this.gen.generate(stream, now, true));
  }

  /** A re-upload of an unchanged record (`pageShift`): it leaves its window for the one of `now`. */
  reupload(rec: Generated, now: number): Generated {
    return this.put(this.gen.reupload(rec, Math.max(now, rec.uploadMs + 1000)));
  }

  private revise(stream: RecordType, at: number): void {
    const keys = this.store.keys(stream);
    const rec = this.store.get(stream, this.rng.pick(keys))!;
    if (rec.uploadTime >= beijingCompact(at)) return;
    this.put(this.gen.revise(rec, at));
  }

  private put(rec: Generated): Generated {
    this.store.put(rec);
    return rec;
  }
}
