import { withTransaction, type Db, type Tx } from '../db/pool';
import { sourceKeysOf, storeBatchReceipt, type BatchMember, type ReceiptWrite } from '../db/queries/batches';
import type { RecordCountDelta } from '../db/queries/counters';
import { insertQuarantine, type NewQuarantineEntry } from '../db/queries/quarantine';
import type { Receipt, ReceiptResult } from '../national/types';

export interface ReceiptOutcome {
  accepted: number;
  duplicate: number;
  rejected: number;
}

/** A member of a sent batch as its receipt needs it: what the result is matched and a refused record quarantined with. */
export type ReceiptMember = Omit<BatchMember, 'body'>;

export class ReceiptMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptMismatchError';
  }
}

/** Records answered per adapter and outcome. */
function outcomeCounts(iface: string, members: readonly ReceiptMember[], statuses: ReadonlyArray<{ state: string }>): RecordCountDelta[] {
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
 * Stores a receipt and every record's status from its result; null when the batch was already
 * delivered (nothing is written then). DUPLICATE counts as delivered; REJECTED goes to quarantine with
 * the platform's errors. \`members\` are the batch's records as sent (a batch's membership never
 * changes). A receipt that does not match them throws before anything is written. The receipt is one
 * statement; a transaction is opened only when records go to quarantine or \`inTransaction\` has work
 * to do with the receipt (a notice job to enqueue).
 */
export async function storeReceipt(
  db: Db,
  batchId: string,
  iface: string,
  receipt: Receipt,
  members: readonly ReceiptMember[],
  inTransaction?: (tx: Tx) => Promise<void>,
): Promise<ReceiptOutcome | null> {
  if (receipt.results.length !== members.length) {
    throw new ReceiptMismatchError(`receipt ${receipt.receiptId} has ${receipt.results.length} results for ${members.length} records`);
  }
  const statuses: Array<{ id: number; state: 'accepted' | 'duplicate' | 'rejected'; errors: unknown[] | null }> = [];
  const refused: Array<{ m: ReceiptMember; r: Receipt['results'][number] }> = [];
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
  const write: ReceiptWrite = {
    batchId,
    receipt: storedReceipt(receipt),
    exceptions: statuses.filter((s) => s.state !== 'accepted' || s.errors),
    answered: outcomeCounts(iface, members, statuses),
  };
  if (refused.length === 0 && !inTransaction) return (await storeBatchReceipt(db, write)) ? outcome : null;
  return withTransaction(db, async (tx) => {
    if (!(await storeBatchReceipt(tx, write))) return null;
    await quarantineRefused(tx, iface, refused);
    await inTransaction?.(tx);
    return outcome;
  });
}

/**
 * A receipt as the batch stores it: every result that says more than "accepted at its index" kept as
 * the platform wrote it, and the number of plain acceptances left out, since the batch's members
 * give each of them back (lineage's receiptResult). A batch of 500 accepted records stores about
 * 200 bytes instead of 45 KB, which PostgreSQL parsed into jsonb and compressed for every batch.
 * Called after every result was matched to its member.
 */
export function storedReceipt(receipt: Receipt): ReceiptWrite['receipt'] {
  const results = receipt.results.filter((r) => !isPlainAcceptance(r));
  return { ...receipt, results, [OMITTED_ACCEPTANCES]: receipt.results.length - results.length };
}

/** The stored receipt's count of plain acceptances left out of its results (storedReceipt). */
export const OMITTED_ACCEPTANCES = 'acceptedResultsOmitted';

function isPlainAcceptance(r: ReceiptResult): boolean {
  if (r.status !== 'ACCEPTED') return false;
  let fields = 0;
  for (const key in r) {
    if (key !== 'index' && key !== 'recordId' && key !== 'status') return false;
    fields++;
  }
  return fields === 3;
}

/** Records the platform refused go to quarantine (stage \`platform\`) under their source record. */
async function quarantineRefused(tx: Tx, iface: string, refused: ReadonlyArray<{ m: ReceiptMember; r: Receipt['results'][number] }>) {
  if (refused.length === 0) return;
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
}
