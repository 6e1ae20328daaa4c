import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import axios, { type AxiosInstance } from 'axios';
import { PageError, SourceError } from './errors';
import { assertHostAllowed, guardedLookup, type HostPolicy } from './host-guard';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  signal?: AbortSignal;
  maxResponseBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions extends HostPolicy {
  timeoutMs?: number;
  /** Default 32 MiB (source-subsystems §5.9); at most MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** The largest response any adapter may accept, whatever its declaration says: a hostile source cannot make the gateway hold more. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Caps a requested limit at MAX_RESPONSE_BYTES. */
function cappedLimit(requested: number | undefined, fallback: number): number {
  return Math.min(requested ?? fallback, MAX_RESPONSE_BYTES);
}

/**
 * The one HTTP client adapters use: host policy (SSRF guard), a response size cap read as a stream,
 * timeouts, and failures turned into SourceError/PageError. Any status is returned; the adapter
 * interprets it.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const lookup = guardedLookup(opts);
  const instance: AxiosInstance = axios.create({
    httpAgent: new http.Agent({ keepAlive: true, lookup }),
    httpsAgent: new https.Agent({ keepAlive: true, lookup }),
    validateStatus: () => true,
    responseType: 'stream',
    maxRedirects: 0,
    // HTTP(S)_PROXY variables are ignored: a proxy would connect on the gateway's behalf, past the address guard.
    proxy: false,
    decompress: true,
    transformResponse: (d: unknown) => d,
  });
  const defaultTimeout = opts.timeoutMs ?? 30_000;
  const defaultMax = cappedLimit(opts.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);

  return {
    async request(req) {
      const url = new URL(req.url);
      const timeoutMs = req.timeoutMs ?? defaultTimeout;
      const max = cappedLimit(req.maxResponseBytes, defaultMax);
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        await assertHostAllowed(opts, url);
        const res = await instance.request<Readable>({
          method: req.method,
          url: req.url,
          headers: req.headers,
          data: req.body,
          signal: controller.signal,
        });
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined && v !== null) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
        }
        const declared = Number(headers['content-length']);
        if (Number.isFinite(declared) && declared > max) {
          res.data.destroy();
          throw new PageError('BODY_TOO_LARGE', `response of ${declared} bytes exceeds the limit of ${max} bytes`);
        }
        const body = await readCapped(res.data, max);
        return { status: res.status, headers, body };
      } catch (err) {
        throw toSourceError(err, url, timeoutMs, req.signal);
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

async function readCapped(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > max) {
      stream.destroy();
      throw new PageError('BODY_TOO_LARGE', `response exceeds the limit of ${max} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

function toSourceError(err: unknown, url: URL, timeoutMs: number, outer?: AbortSignal): Error {
  if (err instanceof PageError || err instanceof SourceError) return err;
  if (outer?.aborted) return new SourceError('transient', 'TG_SOURCE_ABORTED', `request to ${url.host} was cancelled`);
  const e = err as { code?: string; message?: string; name?: string; cause?: unknown };
  if (e.cause instanceof SourceError) return e.cause;
  if (e.code === 'ERR_CANCELED' || e.name === 'CanceledError' || e.code === 'ECONNABORTED') {
    return new SourceError('transient', 'TG_SOURCE_TIMEOUT', `no complete answer from ${url.host} within ${timeoutMs} ms`);
  }
  return new SourceError('transient', 'TG_SOURCE_NETWORK', `${e.code ?? 'network error'} calling ${url.host}: ${e.message ?? ''}`.trim());
}
