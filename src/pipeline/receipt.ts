import type { Tx } from '../db/pool';
import { insertRecordOutcomes, markBatchDelivered, sourceKeysOf, type BatchMember } from '../db/queries/batches';
import { bumpRecordCounts, type RecordCountDelta } from '../db/queries/counters';
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

/** Records answered per adapter and outcome. */
function outcomeCounts(iface: string, members: readonly BatchMember[], statuses: ReadonlyArray<{ state: string }>): RecordCountDelta[] {
  const counts = new Map<string, RecordCountDelta>();
  members.forEach((m, i) => {
    const state = statuses[i]!.state;
    const key = `${m.adapterId}\u0000${state}`;
    const row = counts.get(key) ?? { adapterId: m.adapterId, iface, state, n: 0 };
    row.n++;
    counts.set(key, row);
  });
  return [...counts.values()];
}

/**
 * Stores a receipt and every record's status from its result, in the caller's transaction; null when
 * the batch was already delivered (nothing is written then). DUPLICATE counts as delivered; REJECTED
 * goes to quarantine with the platform's errors. \`members\` are the batch's records as sent (a
 * batch's membership never changes). A receipt that does not match them throws before anything is written.
 */
export async function applyReceipt(
  tx: Tx,
  batchId: string,
  iface: string,
  receipt: Receipt,
  members: readonly BatchMember[],
): Promise<ReceiptOutcome | null> {
  if (receipt.results.length !== members.length) {
    throw new ReceiptMismatchError(`receipt ${receipt.receiptId} has ${receipt.results.length} results for ${members.length} records`);
  }
  const statuses: Array<{ id: number; state: 'accepted' | 'duplicate' | 'rejected'; errors: unknown[] | null }> = [];
  const refused: Array<{ m: BatchMember; r: Receipt['results'][number] }> = [];
  const outcome: ReceiptOutcome = { accepted: 0, duplicate: 0, rejected: 0 };
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const r = receipt.results[i]!;
    if (r.index !== i || r.recordId !== m.recordId) {
      throw new ReceiptMismatchError(
        `receipt ${receipt.receiptId} result ${i} names ${r.recordId} at index ${r.index}, expected ${m.recordId}`,
      );
    }
    if (r.status === 'ACCEPTED') outcome.accepted++;
    else if (r.status === 'DUPLICATE') outcome.duplicate++;
    else {
      outcome.rejected++;
      refused.push({ m, r });
    }
    statuses.push({
      id: m.id,
      state: r.status === 'ACCEPTED' ? 'accepted' : r.status === 'DUPLICATE' ? 'duplicate' : 'rejected',
      errors: r.errors ?? null,
    });
  }
  if (!(await markBatchDelivered(tx, batchId, receipt as unknown as { receiptId: string } & Record<string, unknown>))) return null;
  await insertRecordOutcomes(tx, batchId, statuses);
  const outcomes = outcomeCounts(iface, members, statuses);
  await bumpRecordCounts(tx, [...outcomes, ...outcomes.map((d) => ({ ...d, state: 'batched', n: -d.n }))], { daily: outcomes });
  const keys = await sourceKeysOf(
    tx,
    refused.map(({ m }) => m.sourceRecordId),
  );
  const quarantine: NewQuarantineEntry[] = refused.map(({ m, r }) => {
    const key = keys.get(m.sourceRecordId);
    return {
      adapterId: m.adapterId,
      stream: key?.stream ?? '',
      sourceKey: key?.sourceKey ?? '',
      sourceRecordId: m.sourceRecordId,
      interface: iface,
      recordId: m.recordId,
      nationalRecordId: m.id,
      stage: 'platform',
      reasons: (r.errors ?? []).map((e) => e.code),
      errors: r.errors ?? [],
    };
  });
  await insertQuarantine(tx, quarantine);
  return outcome;
}
