import { parseRetryAfter } from '../../common/retry-after';
import type { HttpClient, HttpResponse } from '../http';
import { SourceError } from '../errors';

export interface MarketClientOptions {
  http: HttpClient;
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  maxResponseBytes: number;
  now: () => number;
}

/** A successful export response with the request line it answered (without credentials). */
export interface ExportResponse extends HttpResponse {
  request: string;
}

/** The one-line text/plain error body (§3.5), shortened so it cannot flood a log. */
function errorText(res: HttpResponse): string {
  const line = res.body.subarray(0, 200).toString('utf8').split(/\r?\n/)[0]?.trim() ?? '';
  return line === '' ? '' : ` (${line})`;
}

/**
 * The market export endpoint (§3.2, §3.3, §3.5): `GET /export/{stream}?since=&limit=` with the
 * `X-Api-Key` header. A 200 is returned for the caller to read; every other status becomes a
 * SourceError classified by §3.5: 401/403 stop the stream (config), 400/404 are permanent (config:
 * the installation disagrees with the declaration), 429/500/503 and other 5xx are transient.
 */
export function createMarketClient(opts: MarketClientOptions) {
  const base = opts.baseUrl.replace(/\/+$/, '');

  async function get(path: string, signal: AbortSignal): Promise<ExportResponse> {
    const res = await opts.http.request({
      method: 'GET',
      url: `${base}${path}`,
      headers: { 'X-Api-Key': opts.apiKey, Accept: 'text/csv' },
      timeoutMs: opts.timeoutMs,
      maxResponseBytes: opts.maxResponseBytes,
      signal,
    });
    const request = `GET ${path}`;
    if (res.status === 200) return { ...res, request };
    const detail = `${request} answered ${res.status}${errorText(res)}`;
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], opts.now());
    switch (res.status) {
      case 401:
        throw new SourceError('config', 'TG_SOURCE_AUTH', `the market rejected the API key: ${detail}`);
      case 403:
        throw new SourceError('config', 'TG_SOURCE_FORBIDDEN', detail);
      case 400:
        throw new SourceError('config', 'TG_SOURCE_BAD_REQUEST', `the market refused the request; check limit and the stream: ${detail}`);
      case 404:
        throw new SourceError('config', 'TG_SOURCE_NOT_FOUND', `the market does not know this export; check baseUrl: ${detail}`);
      case 429:
        throw new SourceError('transient', 'TG_SOURCE_RATE_LIMITED', detail, retryAfterMs);
      case 503:
        throw new SourceError('transient', 'TG_SOURCE_UNAVAILABLE', detail, retryAfterMs);
      default:
        if (res.status >= 500) throw new SourceError('transient', 'TG_SOURCE_SERVER_ERROR', detail, retryAfterMs);
        throw new SourceError('system', 'TG_SOURCE_UNEXPECTED_STATUS', detail);
    }
  }

  return {
    /** One export page; `since` exclusive (§3.3). */
    exportPage(stream: string, since: number, limit: number, signal: AbortSignal): Promise<ExportResponse> {
      return get(`/export/${encodeURIComponent(stream)}?since=${since}&limit=${limit}`, signal);
    },
  };
}

export type MarketClient = ReturnType<typeof createMarketClient>;
