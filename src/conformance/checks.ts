import { isDeepStrictEqual } from 'node:util';
import type { RecordStatus } from '../national/types';
import { parseRetryAfter } from '../common/retry-after';
import type { RawResponse } from './http';
import { describe, type Verifier } from './verify';

export interface ExpectedError {
  code: string;
  /** Omitted when the spec does not fix the path (E4009). */
  path?: string;
}

/** What one record of a batch must come back as: a status, or REJECTED with exactly these errors. */
export type ExpectedOutcome = 'ACCEPTED' | 'DUPLICATE' | readonly ExpectedError[];

export interface ReceiptResultLike {
  index: unknown;
  recordId: unknown;
  status: unknown;
  errors?: unknown;
}

export interface ReceiptLike {
  code: string;
  message: string;
  receiptId: string;
  batchId: string;
  accepted: number;
  duplicate: number;
  rejected: number;
  results: ReceiptResultLike[];
}

const STATUSES: readonly RecordStatus[] = ['ACCEPTED', 'DUPLICATE', 'REJECTED'];

export function bodyOf(res: RawResponse): Record<string, unknown> {
  return res.json !== null && typeof res.json === 'object' && !Array.isArray(res.json) ? (res.json as Record<string, unknown>) : {};
}

/** `status code` of an answer, e.g. `401 E2001`, `200 0`, `413 (no JSON body)`. */
export function answerOf(res: RawResponse): string {
  const code = bodyOf(res).code;
  return `${res.status} ${typeof code === 'string' ? code : res.json === undefined ? '(no JSON body)' : `(code ${describe(code)})`}`;
}

/** §3.2: a whole-request error is this status with `{code, message}` and no `results`. */
export function expectRequestError(v: Verifier, res: RawResponse, status: number, code: string): void {
  v.equal('answer', `${status} ${code}`, answerOf(res));
  const body = bodyOf(res);
  v.ok('message', typeof body.message === 'string', 'a message string', describe(body.message));
  v.ok('no results', !('results' in body), 'no results', 'results present');
}

/** §3.2 E3001 / §7.5: a 429 carries Retry-After as seconds or an HTTP date. */
export function expectRetryAfter(v: Verifier, res: RawResponse, nowMs: number): number {
  const header = res.headers['retry-after'];
  const ms = parseRetryAfter(header, nowMs);
  v.ok('Retry-After', ms !== undefined, 'Retry-After: seconds or HTTP date', describe(header ?? '(absent)'));
  return ms ?? 0;
}

/** §3: a 200 receipt for the batch sent, one result per record in request order. */
export function expectReceipt(v: Verifier, res: RawResponse, batchId: string, records: readonly unknown[]): ReceiptLike {
  v.equal('answer', '200 0', answerOf(res));
  const body = bodyOf(res);
  v.ok('receiptId', typeof body.receiptId === 'string' && body.receiptId.length > 0, 'a non-empty receiptId', describe(body.receiptId));
  v.equal('batchId', batchId, body.batchId);
  v.ok('message', typeof body.message === 'string', 'a message string', describe(body.message));
  const results = body.results;
  v.ok('results', Array.isArray(results), 'a results array', describe(results));
  const list = results as ReceiptResultLike[];
  v.equal('results count', records.length, list.length);
  const misplaced = list.map((r, i) => orderProblem(r, i, records[i])).find((p) => p !== undefined);
  v.ok('results order', misplaced === undefined, 'result i has index i and the recordId of record i', misplaced ?? '');
  const malformed = list.map((r, i) => shapeProblem(r, i)).find((p) => p !== undefined);
  v.ok('results shape', malformed === undefined, 'a status; errors [{code, path, message}] exactly when REJECTED', malformed ?? '');
  const tally = (s: RecordStatus) => list.filter((r) => r.status === s).length;
  v.equal(
    'counts',
    { accepted: tally('ACCEPTED'), duplicate: tally('DUPLICATE'), rejected: tally('REJECTED') },
    {
      accepted: body.accepted,
      duplicate: body.duplicate,
      rejected: body.rejected,
    },
  );
  return body as unknown as ReceiptLike;
}

function orderProblem(r: ReceiptResultLike, i: number, sent: unknown): string | undefined {
  const sentId = sent !== null && typeof sent === 'object' ? (sent as Record<string, unknown>).recordId : undefined;
  const idCounts = typeof sentId === 'string' && sentId.trim() !== '';
  if (r.index === i && (!idCounts || r.recordId === sentId)) return undefined;
  return `results[${i}] has index ${describe(r.index)} and recordId ${describe(r.recordId)}${idCounts ? `, record ${i} is ${sentId}` : ''}`;
}

function shapeProblem(r: ReceiptResultLike, i: number): string | undefined {
  if (!STATUSES.includes(r.status as RecordStatus)) return `results[${i}].status ${describe(r.status)}`;
  const errors = r.errors;
  if (r.status !== 'REJECTED') {
    return errors === undefined || (Array.isArray(errors) && errors.length === 0)
      ? undefined
      : `results[${i}] is ${String(r.status)} with errors ${describe(errors)}`;
  }
  const wellFormed =
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((e: unknown) => {
      const o = e as Record<string, unknown>;
      return (
        o !== null && typeof o === 'object' && typeof o.code === 'string' && typeof o.path === 'string' && typeof o.message === 'string'
      );
    });
  return wellFormed ? undefined : `results[${i}] is REJECTED with errors ${describe(errors)}`;
}

/** The outcome of one record: its status, and for REJECTED exactly the expected errors, in order. */
export function expectOutcome(v: Verifier, receipt: ReceiptLike, index: number, expected: ExpectedOutcome): void {
  const result = receipt.results[index];
  v.equal(`results[${index}]`, describeExpected(expected), describeResult(result, expected));
}

export function describeExpected(expected: ExpectedOutcome): string {
  if (typeof expected === 'string') return expected;
  return `REJECTED ${expected.map((e) => (e.path === undefined ? e.code : `${e.code} ${e.path}`)).join(', ')}`;
}

/** The result in the words of describeExpected; paths are left out where the expectation has none. */
export function describeResult(result: ReceiptResultLike | undefined, expected?: ExpectedOutcome): string {
  if (!result) return '(no result)';
  if (result.status !== 'REJECTED') return String(result.status);
  const errors = Array.isArray(result.errors) ? (result.errors as Array<Record<string, unknown>>) : [];
  const withPath = (i: number) => typeof expected !== 'object' || expected[i]?.path !== undefined;
  return `REJECTED ${errors.map((e, i) => (withPath(i) ? `${String(e.code)} ${String(e.path)}` : String(e.code))).join(', ')}`;
}

/** Deep equality of two JSON values, key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(normalise(a), normalise(b));
}

function normalise(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(normalise);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) out[k] = normalise((value as Record<string, unknown>)[k]);
  return out;
}

export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
