import { beijingDashed } from '../../common/time';
import { isProducerSafe, pickDefect } from './dirty';
import { Feed, type Payload, type SimRecord } from './feed';
import type { Rng } from '../common/random';
import { batchDraft, certificateDraft, enterpriseDraft, inspectionDraft, type InspectionDraft } from './records';
import { COUNTIES, PRODUCTS, type County, type Product } from './reference-data';
import { PROVINCIAL_STREAMS, type Expected, type ProvincialStream } from './types';

interface EnterpriseInfo {
  rec: SimRecord;
  county: County;
}

interface BatchInfo {
  rec: SimRecord;
  product: Product;
  county: County;
  inspection?: InspectionDraft;
}

const ID_BASE = 1_800_000_000_000_000_000n;
const ID_STRIDE = 1_000_003n;

/**
 * The platform's data: records of the four streams, coherent across streams (batches name existing
 * enterprises, inspections and certificates name existing trace codes), with dirty records, revisions,
 * soft deletes, restores and corrections at source. All draws come from one seeded Rng.
 */
export class World {
  readonly feeds: Readonly<Record<ProvincialStream, Feed>> = {
    enterprises: new Feed(),
    batches: new Feed(),
    inspections: new Feed(),
    certificates: new Feed(),
  };
  private readonly byId = new Map<string, SimRecord>();
  private readonly enterprises: EnterpriseInfo[] = [];
  /** Enterprises whose identifier and region are valid: batches and certificates naming them can be valid. */
  private readonly producers: EnterpriseInfo[] = [];
  /** Clean batches: inspections and certificates may name their trace codes. */
  private readonly referable: BatchInfo[] = [];
  private seq = 0n;
  private serial = 0;

  constructor(
    private readonly rng: Rng,
    public dirtyShare: number,
  ) {}

  enterprise(qyid: string): SimRecord | undefined {
    const rec = this.byId.get(qyid);
    return rec?.stream === 'enterprises' ? rec : undefined;
  }

  expected(rec: SimRecord): Expected {
    if (rec.payload.sfsc === '1') return 'deleted';
    return rec.defect ? { reason: rec.defect.reason } : 'valid';
  }

  /**
   * The initial data set: `counts[stream]` records of each stream created over the three days before
   * `now`, the streams interleaved in proportion to their counts, then revised.
   */
  seed(now: number, counts: Readonly<Record<ProvincialStream, number>>): void {
    const rounds = Math.max(0, ...PROVINCIAL_STREAMS.map((s) => counts[s]));
    if (rounds <= 0) return;
    const total = PROVINCIAL_STREAMS.reduce((n, s) => n + counts[s], 0);
    const span = 3 * 86_400_000;
    const extras = Math.ceil(total / 8);
    const step = Math.floor(span / (total + extras + 1));
    let t = now - span;
    for (let i = 0; i < rounds; i++) {
      for (const stream of PROVINCIAL_STREAMS) {
        // A stream with fewer records than the largest gets one in the rounds where its share reaches the next whole record.
        const c = counts[stream];
        if (Math.ceil(((i + 1) * c) / rounds) > Math.ceil((i * c) / rounds))
          this.create(stream, (t += step), this.feeds[stream].size === 0);
      }
    }
    // Later history: producers updated after their batches (so a batch can arrive before its enterprise's
    // newest revision), other revisions, soft deletes, restores and corrections at source.
    for (let i = 0; i < extras; i++) {
      t += step;
      const r = this.rng.next();
      if (r < 0.35) this.reviseEnterprise(t);
      else if (r < 0.6) this.revise(t);
      else if (r < 0.75) this.softDelete(t);
      else if (r < 0.85) this.restore(t);
      else this.correct(t);
    }
  }

  /** One event of the running platform: mostly new records, also revisions, deletes, restores, corrections. */
  event(t: number): void {
    const r = this.rng.next();
    if (r < 0.55) this.create(this.pickNewStream(), t);
    else if (r < 0.7) this.revise(t) || this.create('batches', t);
    else if (r < 0.8) this.reviseEnterprise(t) || this.create('enterprises', t);
    else if (r < 0.87) this.softDelete(t) || this.create('batches', t);
    else if (r < 0.93) this.restore(t) || this.create('inspections', t);
    else this.correct(t) || this.create('certificates', t);
  }

  /** A new record of the stream at time t; `clean` forbids a defect. */
  create(stream: ProvincialStream, t: number, clean = false): SimRecord {
    if (stream !== 'enterprises' && this.producers.length === 0) this.create('enterprises', t, true);
    if ((stream === 'inspections' || stream === 'certificates') && this.referable.length === 0) this.create('batches', t, true);
    const id = this.nextId();
    const dirty = !clean && this.rng.chance(this.dirtyShare);
    switch (stream) {
      case 'enterprises': {
        const draft = enterpriseDraft(this.rng, id, t);
        const rec = this.store('enterprises', id, draft.payload, dirty);
        const info = { rec, county: draft.county };
        this.enterprises.push(info);
        if (!rec.defect || isProducerSafe(rec.defect.kind)) this.producers.push(info);
        return rec;
      }
      case 'batches': {
        const producer = this.rng.pick(this.producers);
        const product = this.rng.pick(PRODUCTS);
        const draft = batchDraft(this.rng, id, t, producer.rec.payload, product, ++this.serial);
        const rec = this.store('batches', id, draft.payload, dirty);
        if (!rec.defect) this.referable.push({ rec, product, county: producer.county });
        return rec;
      }
      case 'inspections': {
        const batch = this.rng.pick(this.referable);
        const county = COUNTIES.find((c) => c.code === String(batch.rec.payload.zsm).slice(0, 6)) ?? batch.county;
        const draft = inspectionDraft(this.rng, id, t, batch.rec.payload, batch.product, county, this.rng.chance(0.05));
        batch.inspection ??= draft;
        return this.store('inspections', id, draft.payload, dirty);
      }
      case 'certificates': {
        const batch = this.rng.pick(this.referable);
        const payload = certificateDraft(this.rng, id, t, batch.rec.payload, batch.product, batch.inspection, ++this.serial);
        return this.store('certificates', id, payload, dirty);
      }
    }
  }

  /** A clean revision of a clean record (quantity, phone, address, agency): a new gxsj, maybe new content. */
  revise(t: number): boolean {
    const rec = this.pickRecord((r) => !r.defect && r.payload.sfsc === '0' && r.stream !== 'enterprises');
    if (!rec) return false;
    const p = { ...rec.payload };
    if (rec.stream === 'batches' || rec.stream === 'certificates') {
      const current = Number(String(p.sl).replace(/\s+/g, ''));
      if (Number.isFinite(current) && current > 2) p.sl = String(Math.max(1, Math.round(current * (0.9 + this.rng.next() * 0.1))));
    }
    // An inspection revision only touches gxsj: the same content again, which must create nothing.
    this.update(rec, p, t);
    return true;
  }

  /** An enterprise revision (phone or address): its gxsj moves after the batches that name it. */
  reviseEnterprise(t: number): boolean {
    const info = this.enterprises.length ? this.rng.pick(this.enterprises) : undefined;
    if (!info || info.rec.defect) return false;
    this.update(info.rec, { ...info.rec.payload, dz: `${String(info.rec.payload.dz).replace(/\d+号$/, '')}${this.rng.int(1, 300)}号` }, t);
    return true;
  }

  softDelete(t: number): boolean {
    const rec = this.pickRecord((r) => r.payload.sfsc === '0');
    if (!rec) return false;
    this.update(rec, { ...rec.payload, sfsc: '1' }, t);
    return true;
  }

  restore(t: number): boolean {
    const rec = this.pickRecord((r) => r.payload.sfsc === '1');
    if (!rec) return false;
    this.update(rec, { ...rec.payload, sfsc: '0' }, t);
    return true;
  }

  /** The source fixes a dirty record: the next revision is clean (identity defects are never fixed). */
  correct(t: number): boolean {
    const rec = this.pickRecord((r) => r.corrected !== undefined);
    if (!rec) return false;
    const fixed = { ...rec.corrected!, sfsc: rec.payload.sfsc };
    rec.defect = undefined;
    rec.corrected = undefined;
    this.update(rec, fixed, t);
    return true;
  }

  /** All records of all streams. */
  all(): SimRecord[] {
    return [...this.byId.values()];
  }

  private store(stream: ProvincialStream, id: string, clean: Payload, dirty: boolean): SimRecord {
    const rec: SimRecord = { stream, id, payload: clean };
    if (dirty) {
      const defect = pickDefect(this.rng, stream, clean);
      rec.payload = defect.apply(clean, this.rng);
      rec.defect = { kind: defect.kind, reason: defect.reason };
      if (!defect.permanent) rec.corrected = defect.correct ? defect.correct(rec.payload, clean) : clean;
    }
    this.byId.set(id, rec);
    this.feeds[stream].put(rec);
    return rec;
  }

  private update(rec: SimRecord, payload: Payload, t: number): void {
    rec.payload = { ...payload, gxsj: beijingDashed(t) };
    this.feeds[rec.stream].put(rec);
  }

  private nextId(): string {
    this.seq += 1n;
    return (ID_BASE + this.seq * ID_STRIDE + BigInt(this.rng.int(0, 999_999))).toString();
  }

  private pickNewStream(): ProvincialStream {
    const r = this.rng.next();
    return r < 0.15 ? 'enterprises' : r < 0.5 ? 'batches' : r < 0.75 ? 'inspections' : 'certificates';
  }

  /** A random record of a random stream satisfying `ok`, by sampling (constant time on large data sets). */
  private pickRecord(ok: (r: SimRecord) => boolean): SimRecord | undefined {
    for (let attempt = 0; attempt < 24; attempt++) {
      const feed = this.feeds[this.rng.pick(PROVINCIAL_STREAMS)];
      if (feed.size === 0) continue;
      const rec = feed.at(this.rng.int(0, feed.size - 1))!;
      if (ok(rec)) return rec;
    }
    return undefined;
  }
}
