import { batchBody } from './batch';
import type { FormedBatch } from './process';
import type { ReceiptMember } from './receipt';

/** A batch as its first attempt sends it: the exact body, and the members its receipt is matched against. */
export interface HeldBatch {
  body: Buffer;
  members: ReceiptMember[];
}

/** Body bytes held at most: about 60 full batches of this workload, a few seconds of the contract's 20 a second. */
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** A batch not taken within this is no longer expected here: another process's worker took it, or delivery waits. */
const DEFAULT_MAX_AGE_MS = 60_000;

/**
 * Batches this process formed in a page's transaction, held from the commit until one of its delivery
 * workers takes them for their first attempt, so that attempt neither reads the members' bodies back
 * from the database nor decodes them: the body is built here from the versions the page wrote, byte
 * for byte what batchBody makes of the stored texts (a batch's membership and its versions' texts never
 * change). Only committed batches may be put. At most `maxBytes` of bodies are held: a batch that
 * does not fit is not held (nor its body built), since delivery takes batches oldest first; one not
 * taken within `maxAgeMs` is dropped. A batch not held is read from the database as before, as is
 * every later attempt.
 */
export class FormedBatches {
  private readonly held = new Map<string, HeldBatch & { at: number }>();
  private bytes = 0;

  constructor(
    private readonly maxBytes = DEFAULT_MAX_BYTES,
    private readonly maxAgeMs = DEFAULT_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Holds a committed batch if it fits; one whose body does not come out at the size it was formed with is not held. */
  put(batch: FormedBatch): void {
    const now = this.now();
    for (const [batchId, b] of this.held) {
      if (now - b.at <= this.maxAgeMs) break;
      this.take(batchId);
    }
    if (this.bytes + batch.bodyBytes > this.maxBytes) return;
    const body = batchBody(
      batch.batchId,
      batch.members.map((m) => m.body),
    );
    if (body.length !== batch.bodyBytes) return;
    const members = batch.members.map((m) => ({
      id: m.id,
      recordId: m.recordId,
      version: 1,
      adapterId: batch.adapterId,
      sourceRecordId: m.sourceRecordId,
    }));
    this.held.set(batch.batchId, { body, members, at: now });
    this.bytes += body.length;
  }

  /** The batch, if held, which is no longer held after this. */
  take(batchId: string): HeldBatch | undefined {
    const batch = this.held.get(batchId);
    if (!batch) return undefined;
    this.held.delete(batchId);
    this.bytes -= batch.body.length;
    return { body: batch.body, members: batch.members };
  }

  /** Batches and body bytes held. */
  get size(): { batches: number; bytes: number } {
    return { batches: this.held.size, bytes: this.bytes };
  }
}
