import { gzipSync } from 'node:zlib';
import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { BAD_RESPONSE, NO_CODE, type NationalAnswer } from './answer';
import { parseRetryAfter } from './classify';
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
  postBatch(iface: NationalInterface, rawBody: string): Promise<NationalAnswer>;
  getReceipt(receiptId: string): Promise<NationalAnswer>;
  getRecord(iface: NationalInterface, recordId: string): Promise<NationalAnswer>;
  getStats(date: string): Promise<NationalAnswer>;
  getCodeList(name: string): Promise<NationalAnswer>;
}

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

  async function call(
    method: 'GET' | 'POST',
    suffix: string,
    body: Buffer,
    extra: Record<string, string>,
    expectReceipt: boolean,
  ): Promise<NationalAnswer> {
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
    return toAnswer(response, now(), expectReceipt);
  }

  function query(suffix: string, expectReceipt = false): Promise<NationalAnswer> {
    return call('GET', suffix, Buffer.alloc(0), { Accept: 'application/json' }, expectReceipt);
  }

  return {
    async postBatch(iface, rawBody) {
      const plain = Buffer.from(rawBody, 'utf8');
      const compress = plain.length > gzipAbove;
      const body = compress ? gzipSync(plain) : plain;
      const extra: Record<string, string> = { 'Content-Type': JSON_TYPE, Accept: 'application/json' };
      if (compress) extra['Content-Encoding'] = 'gzip';
      return call('POST', `/${encodeURIComponent(iface)}/batch`, body, extra, true);
    },
    getReceipt: (receiptId) => query(`/receipts/${encodeURIComponent(receiptId)}`, true),
    getRecord: (iface, recordId) => query(`/${encodeURIComponent(iface)}/records/${encodeURIComponent(recordId)}`),
    getStats: (date) => query(`/stats?date=${encodeURIComponent(date)}`),
    getCodeList: (name) => query(`/codelists/${encodeURIComponent(name)}`),
  };
}

function describeNetworkError(err: unknown): NationalAnswer {
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

function toAnswer(response: AxiosResponse<Buffer>, now: number, expectReceipt: boolean): NationalAnswer {
  const body = parseJson(response.data);
  if (response.status === 200) {
    if (expectReceipt) {
      return isReceipt(body)
        ? { kind: 'receipt', status: 200, receipt: body }
        : { kind: 'error', status: 200, code: BAD_RESPONSE, message: 'answer is not a receipt' };
    }
    if (typeof body === 'object' && body !== null && (body as { code?: unknown }).code === '0') {
      return { kind: 'ok', status: 200, body };
    }
    return { kind: 'error', status: 200, code: BAD_RESPONSE, message: 'answer is not a JSON object with code "0"' };
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const answer: NationalAnswer = {
    kind: 'error',
    status: response.status,
    code: typeof fields.code === 'string' && fields.code !== '' ? fields.code : NO_CODE,
    message: typeof fields.message === 'string' ? fields.message : `HTTP ${response.status}`,
  };
  const header = response.headers['retry-after'];
  const retryAfterMs = parseRetryAfter(typeof header === 'string' ? header : undefined, now);
  if (retryAfterMs !== undefined) answer.retryAfterMs = retryAfterMs;
  return answer;
}
