import { createHash } from 'node:crypto';
import type { Logger } from 'winston';
import { rotatingSecret } from '../../redaction';
import { parseRetryAfter } from '../../common/retry-after';
import { PageError, SourceError } from '../errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../http';
import { createPacer, type Pacer } from '../toolkit/pacer';
import { isRetryable, withRetry } from '../toolkit/retry';
import type { Sleep } from '../toolkit/sleep';
import type { PageMeta } from '../types';
import { interpretResponse, ProvincialHttpError, readEnvelope } from './envelope';
import type { ResolvedProvincialOptions } from './options';

export interface ProvincialClientConfig {
  baseUrl: string;
  appId: string;
  appSecret: string;
  http: HttpClient;
  log: Logger;
  options: ResolvedProvincialOptions;
  now: () => number;
  sleep: Sleep;
  random: () => number;
  /** Monotonic milliseconds for pacing. */
  clock: () => number;
}

export interface ApiAnswer<T> {
  value: T;
  meta: PageMeta;
}

/** §2.3: refresh a token when less than 300 s of its life remain (half its life for shorter tokens). */
const REFRESH_MARGIN_MS = 300_000;
/** §7.11: the token endpoint's 429 carries `Retry-After: 60`; assumed when the header is missing. */
const TOKEN_RETRY_AFTER_MS = 60_000;

/** Codes of errors that end a read at once (no retry inside the read). */
export const CURSOR_EXPIRED = 'TG_SOURCE_CURSOR_EXPIRED';
export const RECORD_NOT_FOUND = 'TG_SOURCE_RECORD_NOT_FOUND';
const AUTH_UNAVAILABLE = 'TG_SOURCE_AUTH_UNAVAILABLE';

/** Transient failures the caller acts on instead of repeating: restart the query, report no token. */
const NOT_REPEATED: ReadonlySet<string> = new Set([CURSOR_EXPIRED, AUTH_UNAVAILABLE]);

function repeatable(err: unknown): boolean {
  return isRetryable(err) && !(err instanceof SourceError && NOT_REPEATED.has(err.code));
}

/** §2.6 as a table: what one failed attempt means, as the SourceError or PageError the read sees. */
function classify(err: unknown, now: number): Error {
  if (err instanceof ProvincialHttpError) {
    const { status, code } = err;
    const what = `HTTP ${status}${code === undefined ? '' : ` code ${code}`}`;
    if (status === 401 && code === 40102)
      return new SourceError('config', 'TG_SOURCE_BAD_CREDENTIALS', `appId or appSecret rejected (${what})`);
    if (status === 401) return new SourceError('config', 'TG_SOURCE_TOKEN_REJECTED', `access token rejected (${what})`);
    if (status === 403) return new SourceError('config', 'TG_SOURCE_FORBIDDEN', `appId not authorised for this stream (${what})`);
    if (status === 400 && code === 40002) return new SourceError('transient', CURSOR_EXPIRED, `cursor expired or unknown (${what})`);
    if (status === 400) return new SourceError('config', 'TG_SOURCE_BAD_REQUEST', `request refused as malformed (${what})`);
    if (status === 404 && code === 40401) return new SourceError('config', RECORD_NOT_FOUND, `record not found (${what})`);
    if (status === 404) return new SourceError('config', 'TG_SOURCE_NOT_FOUND', `endpoint not found; check baseUrl (${what})`);
    const retryAfterMs = parseRetryAfter(err.retryAfterHeader, now);
    if (status === 429) return new SourceError('transient', 'TG_SOURCE_RATE_LIMITED', `rate limited (${what})`, retryAfterMs);
    if (status >= 500) return new SourceError('transient', 'TG_SOURCE_UNAVAILABLE', `platform unavailable (${what})`, retryAfterMs);
    return new PageError('UNEXPECTED_RESPONSE', `unexpected ${what}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

function envelopeCode(res: HttpResponse): number | undefined {
  try {
    return readEnvelope(res.body).code;
  } catch {
    return undefined;
  }
}

/**
 * The provincial platform's HTTP API: bearer tokens from appId/appSecret (§2.3), the envelope (§2.2),
 * retries with backoff and Retry-After within one call (§2.6), request pacing. Knows nothing of streams.
 */
export class ProvincialClient {
  private token: { value: string; refreshAt: number } | undefined;
  private pendingToken: Promise<string> | undefined;
  private authBlockedUntil = 0;
  private readonly pace: Pacer;
  /** Access tokens are secrets: masked in every log line and answer while they may be in use. */
  private readonly registerToken = rotatingSecret();

  constructor(private readonly cfg: ProvincialClientConfig) {
    this.pace = createPacer(cfg.options.requestsPerSecond, cfg.sleep, cfg.clock);
  }

  /** A usable token: the cached one, or a new one when none is cached or its life is nearly over. */
  async ensureToken(signal?: AbortSignal): Promise<string> {
    if (this.token && this.cfg.now() < this.token.refreshAt) return this.token.value;
    this.pendingToken ??= this.fetchToken(signal).finally(() => {
      this.pendingToken = undefined;
    });
    return this.pendingToken;
  }

  /** Forgets a token the platform refused, unless a newer one has replaced it meanwhile. */
  dropToken(value: string): void {
    if (this.token?.value === value) this.token = undefined;
  }

  /**
   * An authorised GET whose envelope `data` is turned into T by `parse` (a PageError from it is retried
   * like a bad body). On 40101 a new token is obtained once and the same request repeated unchanged.
   */
  async get<T>(path: string, signal: AbortSignal | undefined, parse: (data: unknown) => T): Promise<ApiAnswer<T>> {
    return this.withRetries(`GET ${path}`, signal, async () => {
      const token = await this.ensureToken(signal);
      let res = await this.send({ method: 'GET', url: this.url(path), headers: this.headers(token) }, signal);
      if (res.status === 401 && envelopeCode(res) !== 40102) {
        this.dropToken(token);
        this.cfg.log.info('access token refused; obtaining a new one and repeating the request', {
          event: 'source:token-refused',
          request: `GET ${path}`,
        });
        const fresh = await this.ensureToken(signal);
        res = await this.send({ method: 'GET', url: this.url(path), headers: this.headers(fresh) }, signal);
        if (res.status === 401 && envelopeCode(res) !== 40102) {
          this.dropToken(fresh);
          throw new SourceError('config', 'TG_SOURCE_TOKEN_REJECTED', 'a freshly issued access token was refused (40101 twice)');
        }
      }
      const env = interpretResponse(res);
      const meta: PageMeta = {
        request: `GET ${path}`,
        status: res.status,
        headers: res.headers,
        charset: 'utf-8',
        bodyBytes: res.body.length,
        bodySha256: createHash('sha256').update(res.body).digest('hex'),
      };
      return { value: parse(env.data), meta };
    });
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    try {
      return await this.withRetries('POST /api/auth/token', signal, async () => {
        const blockedMs = this.authBlockedUntil - this.cfg.now();
        if (blockedMs > 0) throw new ProvincialHttpError(429, 42901, String(Math.ceil(blockedMs / 1000)));
        const res = await this.send(
          {
            method: 'POST',
            url: this.url('/api/auth/token'),
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify({ appId: this.cfg.appId, appSecret: this.cfg.appSecret }),
          },
          signal,
        );
        const issuedAt = this.cfg.now();
        if (res.status === 401 || res.status === 403) {
          throw new SourceError(
            'config',
            'TG_SOURCE_BAD_CREDENTIALS',
            `token request refused (HTTP ${res.status} code ${envelopeCode(res) ?? '-'}): check appId and appSecret`,
          );
        }
        if (res.status === 429) {
          this.authBlockedUntil = issuedAt + (parseRetryAfter(res.headers['retry-after'], issuedAt) ?? TOKEN_RETRY_AFTER_MS);
        }
        const data = interpretResponse(res).data as { accessToken?: unknown; expiresIn?: unknown } | null;
        if (
          typeof data?.accessToken !== 'string' ||
          data.accessToken === '' ||
          typeof data.expiresIn !== 'number' ||
          !(data.expiresIn > 0)
        ) {
          throw new PageError('UNEXPECTED_RESPONSE', 'token answer lacks accessToken or a positive expiresIn');
        }
        this.registerToken(data.accessToken);
        const lifeMs = data.expiresIn * 1000;
        this.token = { value: data.accessToken, refreshAt: issuedAt + lifeMs - Math.min(REFRESH_MARGIN_MS, lifeMs / 2) };
        this.cfg.log.debug('access token obtained', { event: 'source:token', expiresInSeconds: data.expiresIn });
        return data.accessToken;
      });
    } catch (err) {
      if (err instanceof SourceError && (err.failure === 'config' || err.code === 'TG_SOURCE_ABORTED')) throw err;
      const e = err as Error & { retryAfterMs?: number };
      throw new SourceError('transient', AUTH_UNAVAILABLE, `no access token: ${e.message}`, e.retryAfterMs);
    }
  }

  /** One call with up to `maxAttempts` attempts; waits from Retry-After and the backoff (src/adapters/toolkit). */
  private withRetries<T>(label: string, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
    const onRetry = (err: unknown, n: number, delayMs: number) =>
      this.cfg.log.warn('provincial request failed; retrying', {
        event: 'source:retry',
        request: label,
        attempt: n,
        delayMs,
        error: (err as Error).message,
      });
    return withRetry(
      this.cfg.options.retry,
      { signal, sleep: this.cfg.sleep, random: this.cfg.random, retryable: repeatable, onRetry },
      async () => {
        try {
          return await attempt();
        } catch (err) {
          throw classify(err, this.cfg.now());
        }
      },
    );
  }

  private async send(req: Omit<HttpRequest, 'signal' | 'timeoutMs' | 'maxResponseBytes'>, signal?: AbortSignal): Promise<HttpResponse> {
    await this.pace(signal);
    return this.cfg.http.request({
      ...req,
      signal,
      timeoutMs: this.cfg.options.timeoutMs,
      maxResponseBytes: this.cfg.options.maxResponseBytes,
    });
  }

  private url(path: string): string {
    return `${this.cfg.baseUrl}${path}`;
  }

  private headers(token: string): Record<string, string> {
    return { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  }
}
