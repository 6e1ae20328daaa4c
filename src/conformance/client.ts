import { randomUUID } from 'node:crypto';
import { parseRetryAfter } from '../common/retry-after';
import type { NationalInterface, SignMethod } from '../national/types';
import { signRequest } from '../national/sign';
import { sendRaw, type HttpAgents, type RawResponse } from './http';
import { toJsonBuffer } from './json-text';
import { RequestPacer, sleep } from './pacer';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Deviations from a correct signature; anything not given is signed correctly. */
export interface SignOverrides {
  nowMs?: number;
  nonce?: string;
  appKey?: string;
  appSecret?: string;
  signMethod?: SignMethod;
  /** The path that goes into the canonical string, when it must differ from the one sent. */
  path?: string;
  /** The bytes whose digest goes into the canonical string, when they must differ from those sent. */
  body?: Buffer;
}

export interface SendSpec {
  method: 'GET' | 'POST';
  /** Relative to the target's base path, with any query string: `/trades/batch`, `/stats?date=…`. */
  path: string;
  /** A Buffer is sent byte for byte; anything else as JSON text (RawNumber kept as written). */
  body?: unknown;
  /** Default for POST: `application/json; charset=utf-8`; null sends none. */
  contentType?: string | null;
  /** Applied after signing, names case-insensitive; null removes the header. */
  headers?: Record<string, string | null>;
  /** Last word on the headers (names lower case), e.g. to corrupt a computed signature. */
  mutateHeaders?: (headers: Record<string, string>) => void;
  /** false sends no signature headers at all. */
  sign?: SignOverrides | false;
  /** false skips the pacer (a deliberate burst); the request is still counted. */
  paced?: boolean;
  /** Default true: a 429 is waited out and the request re-signed and re-sent (up to 3 times). */
  retryOn429?: boolean;
}

export type UploadExtras = Partial<Omit<SendSpec, 'method' | 'path'>>;

export interface ClientOptions {
  target: string;
  appKey: string;
  appSecret: string;
  signMethod: SignMethod;
  clock: () => number;
  timeoutMs: number;
  pacer: RequestPacer;
  agents: HttpAgents;
}

export interface UploadBatch {
  batchId: string;
  records: unknown[];
}

/** The suite's HTTP client: correct signatures by default, any deviation on request. */
export class ConformanceClient {
  readonly basePath: string;

  constructor(private readonly options: ClientOptions) {
    this.basePath = new URL(options.target).pathname.replace(/\/+$/, '');
  }

  get signMethod(): SignMethod {
    return this.options.signMethod;
  }

  get appKey(): string {
    return this.options.appKey;
  }

  now(): number {
    return this.options.clock();
  }

  newNonce(): string {
    return randomUUID();
  }

  /** The request target as sent (and signed): base path + relative path. */
  fullPath(path: string): string {
    return this.basePath + path;
  }

  async send(spec: SendSpec): Promise<RawResponse> {
    const attempts = spec.retryOn429 === false ? 1 : 4;
    for (let attempt = 1; ; attempt++) {
      const res = await this.sendOnce(spec);
      if (res.status !== 429 || attempt >= attempts) return res;
      await sleep(Math.min(parseRetryAfter(res.headers['retry-after'], this.now()) ?? 1000, 5000));
    }
  }

  /** POSTs a batch as JSON; `extra.body` replaces that JSON (a gzip or padded rendering of it). */
  upload(iface: NationalInterface | string, batch: UploadBatch, extra: UploadExtras = {}) {
    return this.send({ method: 'POST', path: `/${iface}/batch`, body: batch, ...extra });
  }

  get(path: string, extra: Omit<SendSpec, 'method' | 'path' | 'body'> = {}) {
    return this.send({ method: 'GET', path, ...extra });
  }

  /** Signature headers for a request, as sign.ts makes them. */
  signatureHeaders(method: 'GET' | 'POST', path: string, body: Buffer, o: SignOverrides = {}): Record<string, string> {
    return signRequest({
      method,
      path: o.path ?? this.fullPath(path),
      body: o.body ?? body,
      appKey: o.appKey ?? this.options.appKey,
      appSecret: o.appSecret ?? this.options.appSecret,
      signMethod: o.signMethod ?? this.options.signMethod,
      now: () => o.nowMs ?? this.now(),
      nonce: () => o.nonce ?? this.newNonce(),
    });
  }

  private async sendOnce(spec: SendSpec): Promise<RawResponse> {
    const body = encodeBody(spec.body);
    const headers: Record<string, string> = {};
    const contentType = spec.contentType === undefined ? (spec.method === 'POST' ? JSON_CONTENT_TYPE : null) : spec.contentType;
    if (contentType !== null) headers['content-type'] = contentType;
    headers.accept = 'application/json';
    if (spec.sign !== false) {
      const signed = this.signatureHeaders(spec.method, spec.path, body ?? Buffer.alloc(0), spec.sign ?? {});
      for (const [name, value] of Object.entries(signed)) headers[name.toLowerCase()] = value;
    }
    for (const [name, value] of Object.entries(spec.headers ?? {})) {
      if (value === null) delete headers[name.toLowerCase()];
      else headers[name.toLowerCase()] = value;
    }
    spec.mutateHeaders?.(headers);
    if (spec.paced === false) this.options.pacer.note();
    else await this.options.pacer.acquire();
    return sendRaw({
      method: spec.method,
      url: new URL(this.options.target).origin + this.fullPath(spec.path),
      headers,
      body: spec.method === 'POST' ? (body ?? Buffer.alloc(0)) : body,
      timeoutMs: this.options.timeoutMs,
      agents: this.options.agents,
    });
  }
}

function encodeBody(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  return toJsonBuffer(body);
}
