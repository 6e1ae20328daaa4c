import { randomUUID } from 'node:crypto';
import type { NationalError, NationalInterface, Receipt, ReceiptResult } from '../../national/types';
import { emptyFacts, recordTextFacts, type RecordValidator } from '../../national/validate';
import { canonicalRecordTexts } from './canonical-json';
import type { BatchEntry, MockState, RecordWrite } from './state';
import type { MockQuirk } from './types';
import { wireError, type WireError } from './wire-error';

export const MAX_RECORDS = 500;
const BATCH_ID = /^[A-Za-z0-9_-]{8,64}$/;

export interface UploadContext {
  appKey: string;
  iface: NationalInterface;
  /** Body text after the transport checks of §7.1. */
  text: string;
  now: number;
  state: MockState;
  validator: RecordValidator;
  quirks: ReadonlySet<MockQuirk>;
}

/** Error codes a quirk stops the mock from reporting. */
const SILENCED_BY: Partial<Record<MockQuirk, string>> = {
  acceptWrongCheckCharacter: 'E4004',
  ignoreRegionScope: 'E2005',
  acceptUnknownField: 'E4006',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** §3 and §3.1: one batch upload, from body text to receipt (committed to `state`). */
export function processUpload(ctx: UploadContext): { receipt: Receipt } | WireError {
  let body: unknown;
  try {
    body = JSON.parse(ctx.text);
  } catch {
    return wireError(400, 'E1000', 'body is not valid JSON');
  }
  if (!isPlainObject(body)) return wireError(400, 'E1000', 'body is not a JSON object');
  const { batchId, records } = body;
  if (batchId === undefined || records === undefined) return wireError(400, 'E1000', 'body lacks batchId or records');
  if (typeof batchId !== 'string' || !BATCH_ID.test(batchId)) {
    return wireError(400, 'E1000', 'batchId must be 8-64 characters of [A-Za-z0-9_-]');
  }
  if (!Array.isArray(records)) return wireError(400, 'E1000', 'records must be an array');

  const original = ctx.state.receiptForBatch(ctx.appKey, batchId);
  if (original && !ctx.quirks.has('reprocessRepeatedBatchId')) {
    return { receipt: ctx.quirks.has('newReceiptIdOnRepeat') ? { ...original, receiptId: randomUUID() } : original };
  }
  if (records.length === 0) return wireError(400, 'E1001', 'records is empty');
  if (records.length > MAX_RECORDS && !ctx.quirks.has('acceptOver500Records')) {
    return wireError(400, 'E1001', `more than ${MAX_RECORDS} records`);
  }
  const texts = canonicalRecordTexts(ctx.text);
  if (!texts || texts.length !== records.length) return wireError(400, 'E1000', 'records cannot be read');

  const { results, writes } = applyRecords(ctx, records, texts);
  const count = (status: ReceiptResult['status']) => results.filter((r) => r.status === status).length;
  const receipt: Receipt = {
    code: '0',
    message: 'ok',
    receiptId: original?.receiptId ?? randomUUID(),
    batchId,
    accepted: count('ACCEPTED'),
    duplicate: count('DUPLICATE'),
    rejected: count('REJECTED'),
    results: ctx.quirks.has('dropResultOrder') ? [...results].reverse() : results,
  };
  const entry: BatchEntry = { type: 'batch', appKey: ctx.appKey, iface: ctx.iface, receivedAtMs: ctx.now, receipt, writes };
  if (original) entry.repeat = true;
  ctx.state.commit(entry);
  return { receipt };
}

/** Records are applied in order (§7.8): a later record sees the earlier ones of its batch. */
function applyRecords(ctx: UploadContext, records: unknown[], texts: string[]) {
  const silenced = new Set((Object.keys(SILENCED_BY) as MockQuirk[]).filter((q) => ctx.quirks.has(q)).map((q) => SILENCED_BY[q]));
  // Decimals and integers as written (§1, §7.21) and repeated members (§7.22): only the raw text still shows them.
  const facts = recordTextFacts(ctx.text);
  const pending = new Map<string, { version: number; canonical: string }>();
  const results: ReceiptResult[] = [];
  const writes: RecordWrite[] = [];

  records.forEach((record, index) => {
    const recordId = isPlainObject(record) && record.recordId !== undefined ? String(record.recordId) : '';
    const reject = (errors: NationalError[]) => results.push({ index, recordId, status: 'REJECTED', errors });
    if (!isPlainObject(record)) {
      reject([{ code: 'E4001', path: '', message: 'record must be a JSON object' }]);
      return;
    }
    const errors = ctx.validator.validate(ctx.iface, record, facts[index] ?? emptyFacts()).filter((e) => !silenced.has(e.code));
    if (errors.length > 0) {
      reject(errors);
      return;
    }
    const version = record.version;
    if (typeof record.recordId !== 'string' || typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      // The validator already refuses these; kept so version logic never runs on a bad identity.
      reject([{ code: 'E4001', path: '/version', message: 'recordId and version are required' }]);
      return;
    }
    const canonical = texts[index];
    const stored = pending.get(recordId) ?? ctx.state.record(ctx.appKey, ctx.iface, recordId);
    const accept = () => {
      pending.set(recordId, { version, canonical });
      writes.push({ recordId, version, canonical });
      results.push({ index, recordId, status: 'ACCEPTED' });
    };
    if (!stored || version > stored.version) return accept();
    if (version === stored.version && canonical === stored.canonical) {
      if (ctx.quirks.has('duplicateAsAccepted')) return accept();
      results.push({ index, recordId, status: 'DUPLICATE' });
      return;
    }
    if (version < stored.version && ctx.quirks.has('acceptLowerVersion')) return accept();
    reject([
      {
        code: 'E4009',
        path: '/version',
        message:
          version < stored.version
            ? `version ${version} is lower than the stored version ${stored.version}`
            : `version ${version} is already stored with different content`,
      },
    ]);
  });
  return { results, writes };
}
