import { promisify } from 'node:util';
import { constants as zlibConstants, gzip } from 'node:zlib';
import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { parseRetryAfter } from '../common/retry-after';
import { BAD_RESPONSE, NO_CODE, type NationalAnswer } from './answer';
import { readFeedPage, readNoticeDetail, readRaiseAnswer, readResponseAnswer, readFieldErrors, type BodyReader } from './notice-answers';
import {
  noticeResponseText,
  raiseNoticeText,
  type NoticeDetail,
  type NoticeFeedPage,
  type NoticeResponseAnswer,
  type NoticeResponseBody,
  type RaiseNoticeAnswer,
  type RaiseNoticeBody,
} from './notices';
import { signRequest } from './sign';
import type { NationalInterface, Receipt, SignMethod } from './types';

export type { NationalAnswer } from './answer';

export interface NationalClientOptions {
  /** Platform base including the `/ntp/v1` prefix, e.g. `https://ntp.example.cn/ntp/v1`. */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  signMethod: SignMethod;
  /** Whole-call timeout; default 30 s. */
  timeoutMs?: number;
  /** Bodies strictly larger than this are sent gzip-compressed; default 64 KiB. */
  gzipAboveBytes?: number;
  now?: () => number;
  nonce?: () => string;
}

export interface NationalClient {
  /** Sends `rawBody` (`{"batchId":…,"records":[…]}`) byte for byte; one attempt, no retry. */
  postBatch(iface: NationalInterface, rawBody: string | Buffer): Promise<NationalAnswer>;
  getReceipt(receiptId: string): Promise<NationalAnswer>;
  getRecord(iface: NationalInterface, recordId: string): Promise<NationalAnswer>;
  getStats(date: string): Promise<NationalAnswer>;
  getCodeList(name: string): Promise<NationalAnswer>;
  /**
   * §8.2: one page of the notice feed after `after` (the cursor of an earlier page; undefined for the
   * start), `limit` 1–200. Notices failing the checks of §8.1 come in the page's `malformed`.
   */
  noticeFeed(after: string | undefined, limit: number): Promise<NationalAnswer<NoticeFeedPage>>;
  /** §8.3: the latest revision of a notice and this appKey's accepted responses. */
  getNotice(noticeId: string): Promise<NationalAnswer<NoticeDetail>>;
  /**
   * §8.4: answers a notice. The body is sent in a fixed field order, so the same body (same
   * `responseId`, same `respondedAt`) gives the same bytes on every attempt: a retry after a lost
   * answer gets the original 200. A 422 lists the platform's field errors in `errors`.
   */
  respondToNotice(noticeId: string, body: NoticeResponseBody): Promise<NationalAnswer<NoticeResponseAnswer>>;
  /** §8.5: raises a notice; 201 when created, 200 for a repeat of the same `clientNoticeId` and content. */
  raiseNotice(body: RaiseNoticeBody): Promise<NationalAnswer<RaiseNoticeAnswer>>;
}

/** zlib's gzip on libuv's thread pool. */
const gzipAsync = promisify(gzip);

const JSON_TYPE = 'application/json; charset=utf-8';

export function createNationalClient(opts: NationalClientOptions): NationalClient {
  const base = new URL(opts.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const gzipAbove = opts.gzipAboveBytes ?? 64 * 1024;
  const now = opts.now ?? Date.now;
  const http: AxiosInstance = axios.create({
    timeout: opts.timeoutMs ?? 30_000,
    responseType: 'arraybuffer',
    validateStatus: () => true,
    maxRedirects: 0,
    maxBodyLength: Infinity,
    maxContentLength: 64 * 1024 * 1024,
    proxy: false,
    // The body is already bytes; keep axios from touching it.
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
  });

  async function call<T>(
    method: 'GET' | 'POST',
    suffix: string,
    body: Buffer,
    extra: Record<string, string>,
    expect: Expect<T>,
  ): Promise<NationalAnswer<T>> {
    const path = basePath + suffix;
    const headers: Record<string, string> = {
      ...extra,
      ...signRequest({
        method,
        path,
        body,
        appKey: opts.appKey,
        appSecret: opts.appSecret,
        signMethod: opts.signMethod,
        now,
        nonce: opts.nonce,
      }),
    };
    let response: AxiosResponse<Buffer>;
    try {
      response = await http.request<Buffer>({
        method,
        url: base.origin + path,
        headers,
        data: method === 'POST' ? body : undefined,
      });
    } catch (err) {
      return describeNetworkError(err);
    }
    return toAnswer(response, now(), expect);
  }

  function query<T = unknown>(suffix: string, expect: Expect<T> = OK_CODE as Expect<T>): Promise<NationalAnswer<T>> {
    return call('GET', suffix, Buffer.alloc(0), { Accept: 'application/json' }, expect);
  }

  function postJson<T>(suffix: string, text: string, expect: Expect<T>): Promise<NationalAnswer<T>> {
    return call('POST', suffix, Buffer.from(text, 'utf8'), { 'Content-Type': JSON_TYPE, Accept: 'application/json' }, expect);
  }

  return {
    async postBatch(iface, rawBody) {
      const plain = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
      const compress = plain.length > gzipAbove;
      // The fastest level: most of the size saved at a small part of the default level's CPU. On
      // libuv's thread pool, so the event loop goes on staging and delivering while it compresses.
      const body = compress ? await gzipAsync(plain, { level: zlibConstants.Z_BEST_SPEED }) : plain;
      const extra: Record<string, string> = { 'Content-Type': JSON_TYPE, Accept: 'application/json' };
      if (compress) extra['Content-Encoding'] = 'gzip';
      return call('POST', `/${encodeURIComponent(iface)}/batch`, body, extra, RECEIPT);
    },
    getReceipt: (receiptId) => query(`/receipts/${encodeURIComponent(receiptId)}`, RECEIPT),
    getRecord: (iface, recordId) => query(`/${encodeURIComponent(iface)}/records/${encodeURIComponent(recordId)}`),
    getStats: (date) => query(`/stats?date=${encodeURIComponent(date)}`),
    getCodeList: (name) => query(`/codelists/${encodeURIComponent(name)}`),
    noticeFeed(after, limit) {
      const params = [...(after === undefined ? [] : [`after=${encodeURIComponent(after)}`]), `limit=${encodeURIComponent(String(limit))}`];
      return query(`/notices?${params.join('&')}`, { statuses: [200], read: readFeedPage });
    },
    getNotice: (noticeId) => query(`/notices/${encodeURIComponent(noticeId)}`, { statuses: [200], read: readNoticeDetail }),
    respondToNotice: (noticeId, body) =>
      postJson(`/notices/${encodeURIComponent(noticeId)}/responses`, noticeResponseText(body), {
        statuses: [200],
        read: readResponseAnswer,
      }),
    raiseNotice: (body) => postJson('/notices', raiseNoticeText(body), { statuses: [200, 201], read: readRaiseAnswer }),
  };
}

function describeNetworkError(err: unknown): NationalAnswer<never> {
  if (err instanceof AxiosError) {
    const timedOut = err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT';
    // Only code and message: the config (with its signed headers) never leaves this function.
    return { kind: 'network', error: [err.code, err.message].filter(Boolean).join(': '), timedOut };
  }
  return { kind: 'network', error: err instanceof Error ? err.message : String(err), timedOut: false };
}

function parseJson(data: Buffer | undefined): unknown {
  if (!data || data.length === 0) return undefined;
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isReceipt(body: unknown): body is Receipt {
  if (typeof body !== 'object' || body === null) return false;
  const r = body as Record<string, unknown>;
  return r.code === '0' && typeof r.receiptId === 'string' && typeof r.batchId === 'string' && Array.isArray(r.results);
}

/** Which success statuses an endpoint has, and how its body is read. */
interface Expect<T> {
  statuses: readonly (200 | 201)[];
  /** Undefined `receipt` means an ordinary body. */
  receipt?: true;
  read: BodyReader<T>;
}

const RECEIPT: Expect<never> = {
  statuses: [200],
  receipt: true,
  read: () => ({ problem: 'unused' }),
};

const OK_CODE: Expect<unknown> = {
  statuses: [200],
  read: (body) =>
    typeof body === 'object' && body !== null && (body as { code?: unknown }).code === '0'
      ? { value: body }
      : { problem: 'answer is not a JSON object with code "0"' },
};

function toAnswer<T>(response: AxiosResponse<Buffer>, now: number, expect: Expect<T>): NationalAnswer<T> {
  const body = parseJson(response.data);
  const status = response.status;
  if ((expect.statuses as readonly number[]).includes(status)) {
    const okStatus = status as 200 | 201;
    if (expect.receipt) {
      return isReceipt(body)
        ? ({ kind: 'receipt', status: 200, receipt: body } as NationalAnswer<T>)
        : { kind: 'error', status, code: BAD_RESPONSE, message: 'answer is not a receipt' };
    }
    const read = expect.read(body);
    if ('value' in read) return { kind: 'ok', status: okStatus, body: read.value };
    const failed: NationalAnswer<T> = { kind: 'error', status, code: BAD_RESPONSE, message: read.problem };
    if (read.errors) failed.errors = read.errors;
    return failed;
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const answer: NationalAnswer<T> & { kind: 'error' } = {
    kind: 'error',
    status,
    code: typeof fields.code === 'string' && fields.code !== '' ? fields.code : NO_CODE,
    message: typeof fields.message === 'string' ? fields.message : `HTTP ${status}`,
  };
  const errors = readFieldErrors(fields.errors);
  if (errors) answer.errors = errors;
  const header = response.headers['retry-after'];
  const retryAfterMs = parseRetryAfter(typeof header === 'string' ? header : undefined, now);
  if (retryAfterMs !== undefined) answer.retryAfterMs = retryAfterMs;
  return answer;
}
