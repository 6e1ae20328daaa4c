import type { Tx } from '../db/pool';
import { applyRecordStatuses, batchMembers, markBatchDelivered } from '../db/queries/batches';
import { insertQuarantine, type NewQuarantineEntry } from '../db/queries/quarantine';
import type { Receipt } from '../national/types';

export interface ReceiptOutcome {
  accepted: number;
  duplicate: number;
  rejected: number;
}

export class ReceiptMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptMismatchError';
  }
}

/**
 * Stores a receipt and every record's status from its result, in the caller's transaction.
 * DUPLICATE counts as delivered; REJECTED goes to quarantine with the platform's errors.
 */
export async function applyReceipt(tx: Tx, batchId: string, iface: string, receipt: Receipt): Promise<ReceiptOutcome> {
  const members = await batchMembers(tx, batchId);
  if (receipt.results.length !== members.length) {
    throw new ReceiptMismatchError(`receipt ${receipt.receiptId} has ${receipt.results.length} results for ${members.length} records`);
  }
  const statuses: Array<{ id: number; state: 'accepted' | 'duplicate' | 'rejected'; errors: unknown[] | null }> = [];
  const quarantine: NewQuarantineEntry[] = [];
  const outcome: ReceiptOutcome = { accepted: 0, duplicate: 0, rejected: 0 };
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const r = receipt.results[i]!;
    if (r.index !== i || r.recordId !== m.recordId) {
      throw new ReceiptMismatchError(`receipt ${receipt.receiptId} result ${i} names ${r.recordId} at index ${r.index}, expected ${m.recordId}`);
    }
    if (r.status === 'ACCEPTED') outcome.accepted++;
    else if (r.status === 'DUPLICATE') outcome.duplicate++;
    else {
      outcome.rejected++;
      quarantine.push({
        adapterId: m.adapterId, stream: m.stream, sourceKey: m.sourceKey, sourceRecordId: m.sourceRecordId,
        interface: iface, recordId: m.recordId, nationalRecordId: m.id, stage: 'platform',
        reasons: (r.errors ?? []).map((e) => e.code), errors: r.errors ?? [],
      });
    }
    statuses.push({ id: m.id, state: r.status === 'ACCEPTED' ? 'accepted' : r.status === 'DUPLICATE' ? 'duplicate' : 'rejected', errors: r.errors ?? null });
  }
  await applyRecordStatuses(tx, statuses);
  await insertQuarantine(tx, quarantine);
  await markBatchDelivered(tx, batchId, receipt as unknown as { receiptId: string } & Record<string, unknown>);
  return outcome;
}
