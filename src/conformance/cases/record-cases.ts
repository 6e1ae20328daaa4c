import { NATIONAL_INTERFACES, type NationalInterface } from '../../national/types';
import { expectOutcome, expectReceipt } from '../checks';
import type { RawResponse } from '../http';
import type { CaseContext } from '../context';
import { mutationsOf, type RecordMutation } from '../mutations';
import type { MutableRecord } from '../mutations/mutation';
import type { ConformanceCase } from '../types';

interface MutationBatch {
  batchId: string;
  records: MutableRecord[];
  indexOf: Map<string, number>;
  res: RawResponse;
}

export function recordCaseId(iface: NationalInterface, m: RecordMutation): string {
  return `${iface}.record.${m.name}`;
}

/**
 * One batch per interface carries every selected mutation, so the many per-record cases cost one
 * request; each case then judges its own record's result.
 */
function sendMutationBatch(ctx: CaseContext, iface: NationalInterface): Promise<MutationBatch> {
  return ctx.shared.once(`record-mutations:${iface}`, async () => {
    const chosen = mutationsOf(iface).filter((m) => ctx.selected.has(recordCaseId(iface, m)));
    const records: MutableRecord[] = [];
    const indexOf = new Map<string, number>();
    for (const m of chosen) {
      const record: MutableRecord = ctx.factory.valid(iface);
      m.apply(record, ctx.factory);
      indexOf.set(m.name, records.length);
      records.push(record);
    }
    const batchId = ctx.factory.batchId();
    const res = await ctx.client.upload(iface, { batchId, records });
    return { batchId, records, indexOf, res };
  });
}

export function recordCases(): ConformanceCase[] {
  return NATIONAL_INTERFACES.flatMap((iface) =>
    mutationsOf(iface).map((m): ConformanceCase => ({
      id: recordCaseId(iface, m),
      endpoint: `POST /${iface}/batch`,
      clauses: m.clauses,
      title: m.title,
      run: async (ctx) => {
        const batch = await sendMutationBatch(ctx, iface);
        const receipt = expectReceipt(ctx.v, batch.res, batch.batchId, batch.records);
        const index = batch.indexOf.get(m.name);
        if (index === undefined) throw new Error(`mutation ${m.name} was not sent`);
        expectOutcome(ctx.v, receipt, index, m.expect);
      },
    })),
  );
}
