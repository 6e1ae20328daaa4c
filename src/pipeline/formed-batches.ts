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

/**
 * Batches this process formed in a page's transaction, held from the commit until one of its delivery
 * workers takes them for their first attempt, so that attempt neither reads the members' bodies back
 * from the database nor decodes them: the body is built here from the versions the page wrote, byte
 * for byte what batchBody makes of the stored texts (a batch's membership and its versions' texts never
 * change). A batch another process delivers, or one not taken while the held bodies pass `maxBytes`,
 * is dropped, oldest first; a batch not held is read from the database as before, as is every later
 * attempt. Only committed batches may be put.
 */
export class FormedBatches {
  private readonly held = new Map<string, HeldBatch>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** Holds a committed batch; one whose body does not come out at the size it was formed with is not held. */
  put(batch: FormedBatch): void {
    const body = batchBody(
      batch.batchId,
      batch.members.map((m) => m.body),
    );
    if (body.length !== batch.bodyBytes || body.length > this.maxBytes) return;
    while (this.bytes + body.length > this.maxBytes) this.dropOldest();
    const members = batch.members.map((m) => ({
      id: m.id,
      recordId: m.recordId,
      version: 1,
      adapterId: batch.adapterId,
      sourceRecordId: m.sourceRecordId,
    }));
    this.held.set(batch.batchId, { body, members });
    this.bytes += body.length;
  }

  /** The batch, if held, which is no longer held after this. */
  take(batchId: string): HeldBatch | undefined {
    const batch = this.held.get(batchId);
    if (batch) {
      this.held.delete(batchId);
      this.bytes -= batch.body.length;
    }
    return batch;
  }

  /** Batches and body bytes held. */
  get size(): { batches: number; bytes: number } {
    return { batches: this.held.size, bytes: this.bytes };
  }

  private dropOldest(): void {
    const oldest = this.held.keys().next();
    if (!oldest.done) this.take(oldest.value);
  }
}
