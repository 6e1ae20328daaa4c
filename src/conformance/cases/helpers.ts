import type { NationalInterface } from '../../national/types';
import { expectOutcome, expectReceipt, type ExpectedOutcome, type ReceiptLike } from '../checks';
import type { UploadBatch, UploadExtras } from '../client';
import type { CaseContext } from '../context';
import { RawNumber, toJsonText } from '../json-text';
import type { MutableRecord } from '../mutations/mutation';

/** 4 MiB as §7.1 reads it. */
export const FOUR_MIB = 4_194_304;

export function freshBatch(ctx: CaseContext, iface: NationalInterface, count = 1): UploadBatch & { records: MutableRecord[] } {
  return { batchId: ctx.factory.batchId(), records: Array.from({ length: count }, () => ctx.factory.valid(iface)) };
}

/** Uploads a batch and checks the receipt and every record's outcome. */
export async function uploadExpect(
  ctx: CaseContext,
  iface: NationalInterface,
  batch: UploadBatch,
  outcomes: readonly ExpectedOutcome[],
  extra: UploadExtras = {},
): Promise<ReceiptLike> {
  const res = await ctx.client.upload(iface, batch, extra);
  const receipt = expectReceipt(ctx.v, res, batch.batchId, batch.records);
  outcomes.forEach((o, i) => expectOutcome(ctx.v, receipt, i, o));
  return receipt;
}

/** The batch as JSON text padded with insignificant whitespace to exactly `totalBytes` bytes. */
export function paddedBody(batch: UploadBatch, totalBytes: number): Buffer {
  const text = toJsonText(batch);
  const size = Buffer.byteLength(text, 'utf8');
  if (size > totalBytes) throw new Error(`batch of ${size} bytes cannot be padded to ${totalBytes}`);
  const body = Buffer.alloc(totalBytes, 0x20);
  body.write(text.slice(0, -1), 0, 'utf8');
  body.write('}', totalBytes - 1, 'utf8');
  return body;
}

/** A deep copy of a record (plain JSON plus RawNumber leaves, which are kept as they are). */
export function copyRecord<T extends object>(record: T): T & MutableRecord {
  return deepCopy(record) as T & MutableRecord;
}

function deepCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof RawNumber) return value;
  if (Array.isArray(value)) return value.map(deepCopy);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v);
  return out;
}
