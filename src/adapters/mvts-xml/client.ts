import { rotatingSecret } from '../../redaction';
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import type { Logger } from 'winston';
import { parseRetryAfter } from '../../common/retry-after';
import { beijingCompact, parseBeijing } from '../../common/time';
import { PageError, SourceError } from '../errors';
import type { HttpClient, HttpResponse } from '../http';
import { createPacer, type Pacer } from '../toolkit/pacer';
import { withRetry, type RetryPolicy } from '../toolkit/retry';
import { sleep as realSleep, type Sleep } from '../toolkit/sleep';
import type { PageMeta } from '../types';
import type { ResolvedMvtsOptions } from './options';
import { fieldText, readResponse, recordFields, type MvtsResponse } from './xml';

/**
 * The mvts service (source-subsystems §4.2–§4.5): one endpoint, GBK XML, a session token from
 * Login. One client per adapter instance: every record type shares its token, and logins are
 * serialised because a new Login invalidates the previous token of the node code.
 */

export const SERVICE_PATH = '/mvts/service';
/** Log in again when less than this much of the token's life remains (§4.3). */
export const RENEW_BEFORE_MS = 2 * 60_000;
/** After 1002/1003 no Login is tried for this long, so scheduled pulls cannot lock the account. */
export const LOGIN_COOLDOWN_MS = 30 * 60_000;
const MAX_RELOGINS_PER_CALL = 2;

export interface MvtsCredentials {
  nodeCode: string;
  password: string;
}

export interface MvtsClientConfig {
  baseUrl: string;
  http: HttpClient;
  /** Resolved lazily, at the first Login. */
  credentials: () => MvtsCredentials;
  now: () => number;
  options: ResolvedMvtsOptions;
  log: Logger;
  /** Test seams for waits and jitter; real timers and Math.random by default. */
  sleep?: Sleep;
  random?: () => number;
}

export interface QueryParams {
  recordType: string;
  startTime: string;
  endTime: string;
  pageNo: number;
  pageSize: number;
}

export interface QueryResult {
  response: MvtsResponse;
  meta: PageMeta;
}

interface Session {
  token: string;
  expiresAt: number;
}

interface Answer {
  response: MvtsResponse;
  http: HttpResponse;
}

export function md5UpperHex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A request document of §4.2; `body` is already-escaped inner XML of `<Body>`. */
export function requestXml(nodeCode: string, method: string, token: string, requestTime: string, body: string): string {
  const tokenXml = token ? `<Token>${escapeXml(token)}</Token>` : '<Token/>';
  return (
    '<?xml version="1.0" encoding="GBK"?>\n<Request>\n  <Head>\n' +
    `    <NodeCode>${escapeXml(nodeCode)}</NodeCode>\n    <Method>${method}</Method>\n    ${tokenXml}\n` +
    `    <RequestTime>${requestTime}</RequestTime>\n  </Head>\n  <Body>${body}</Body>\n</Request>\n`
  );
}

export class MvtsClient {
  private session: Session | null = null;
  private loginInFlight: Promise<Session> | null = null;
  private locked: { until: number; error: SourceError } | null = null;
  private readonly pace: Pacer;
  private readonly url: string;
  private readonly retry: RetryPolicy;
  /** Session tokens are secrets: masked in every log line and answer while they may be in use. */
  private readonly registerToken = rotatingSecret();

  constructor(private readonly cfg: MvtsClientConfig) {
    this.pace = createPacer(cfg.options.requestsPerSecond, cfg.sleep ?? realSleep);
    this.url = cfg.baseUrl.replace(/\/+$/, '') + SERVICE_PATH;
    this.retry = cfg.options.retry;
  }

  /** Runs one call with the instance's retry policy, repeating transient failures. */
  private repeat<T>(signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
    return withRetry(this.retry, { signal, sleep: this.cfg.sleep, random: this.cfg.random }, attempt);
  }

  /** Logs in (with retries) unless a usable token is held: the reachability and credential check. */
  async ensureLogin(signal?: AbortSignal): Promise<void> {
    await this.repeat(signal, () => this.token(signal));
  }

  /** One page of QueryRecords; Login and 1001 are handled inside, transient failures retried. */
  async query(params: QueryParams, signal?: AbortSignal): Promise<QueryResult> {
    const body =
      `<RecordType>${escapeXml(params.recordType)}</RecordType><StartTime>${params.startTime}</StartTime>` +
      `<EndTime>${params.endTime}</EndTime><PageNo>${params.pageNo}</PageNo><PageSize>${params.pageSize}</PageSize>`;
    const request =
      `POST ${SERVICE_PATH} QueryRecords RecordType=${params.recordType} StartTime=${params.startTime} ` +
      `EndTime=${params.endTime} PageNo=${params.pageNo} PageSize=${params.pageSize}`;
    return this.repeat(signal, async () => {
      for (let relogins = 0; ; relogins++) {
        const token = (await this.token(signal)).token;
        const answer = await this.post('QueryRecords', token, body, signal);
        if (answer.response.head.code === '1001') {
          if (relogins >= MAX_RELOGINS_PER_CALL) {
            throw new SourceError(
              'transient',
              'TG_MVTS_TOKEN_REJECTED',
              `a fresh token was refused ${relogins + 1} times (1001): is another client logging in with the same account?`,
            );
          }
          this.cfg.log.info('mvts token rejected (1001); logging in again and repeating the request', { request });
          this.invalidate(token);
          continue;
        }
        assertSuccess(answer.response);
        if (answer.response.head.totalCount === undefined) {
          throw new PageError('UNEXPECTED_RESPONSE', 'QueryRecords response <Head> has no valid <TotalCount>');
        }
        return { response: answer.response, meta: pageMeta(request, answer) };
      }
    });
  }

  close(): void {
    this.session = null;
  }

  private invalidate(token: string): void {
    if (this.session?.token === token) this.session = null;
  }

  /** The shared token: reused while more than 2 minutes remain, otherwise one serialised Login. */
  private async token(signal?: AbortSignal): Promise<Session> {
    const now = this.cfg.now();
    if (this.session && this.session.expiresAt - now > RENEW_BEFORE_MS) return this.session;
    if (this.locked && now < this.locked.until) throw this.locked.error;
    if (!this.loginInFlight) {
      this.loginInFlight = this.login(signal).finally(() => {
        this.loginInFlight = null;
      });
    }
    return this.loginInFlight;
  }

  private async login(signal?: AbortSignal): Promise<Session> {
    const { nodeCode, password } = this.cfg.credentials();
    const answer = await this.post('Login', '', `<Password>${md5UpperHex(password)}</Password>`, signal, nodeCode);
    const { head } = answer.response;
    if (head.code === '1002' || head.code === '1003') {
      const error =
        head.code === '1002'
          ? new SourceError(
              'config',
              'TG_MVTS_LOGIN_FAILED',
              `Login refused (1002): unknown node code or wrong password; no new Login for ${LOGIN_COOLDOWN_MS / 60_000} minutes`,
            )
          : new SourceError(
              'config',
              'TG_MVTS_ACCOUNT_LOCKED',
              `Login refused (1003): the account is locked at the source; no new Login for ${LOGIN_COOLDOWN_MS / 60_000} minutes`,
            );
      this.locked = { until: this.cfg.now() + LOGIN_COOLDOWN_MS, error };
      throw error;
    }
    assertSuccess(answer.response);
    const body = recordFields(answer.response.body);
    const token = fieldText(body, 'Token');
    if (!token) throw new PageError('UNEXPECTED_RESPONSE', 'Login response has no <Token>');
    this.registerToken(token);
    const expireTime = fieldText(body, 'ExpireTime');
    const parsed = expireTime ? parseBeijing(expireTime) : null;
    const now = this.cfg.now();
    // An ExpireTime already (nearly) past or far off means the clocks disagree: assume the documented 30 minutes.
    const plausible = parsed !== null && parsed - now > RENEW_BEFORE_MS && parsed - now <= 24 * 3600_000;
    if (expireTime && !plausible)
      this.cfg.log.warn('mvts token ExpireTime is not plausible against the local clock; assuming 30 minutes', { expireTime });
    const expiresAt = plausible ? parsed : now + 30 * 60_000;
    this.locked = null;
    this.session = { token, expiresAt };
    return this.session;
  }

  private async post(method: string, token: string, body: string, signal: AbortSignal | undefined, nodeCode?: string): Promise<Answer> {
    const node = nodeCode ?? this.cfg.credentials().nodeCode;
    const xml = requestXml(node, method, token, beijingCompact(this.cfg.now()), body);
    await this.pace(signal);
    const res = await this.cfg.http.request({
      method: 'POST',
      url: this.url,
      headers: { 'Content-Type': 'text/xml; charset=GBK', Accept: 'text/xml' },
      body: iconv.encode(xml, 'gbk'),
      timeoutMs: this.cfg.options.timeoutMs,
      maxResponseBytes: this.cfg.options.maxResponseBytes,
      signal,
    });
    if (res.status !== 200) throw statusError(res, method, this.cfg.now());
    return { response: await readResponse(res.body, res.headers['content-type']), http: res };
  }
}

function statusError(res: HttpResponse, method: string, now: number): Error {
  const s = res.status;
  const what = `${method} answered HTTP ${s}`;
  if (s === 408 || s === 429 || s >= 500)
    return new SourceError('transient', `TG_MVTS_HTTP_${s}`, what, parseRetryAfter(res.headers['retry-after'], now));
  if (s >= 400) return new SourceError('config', `TG_MVTS_HTTP_${s}`, `${what}: check baseUrl and access to the service`);
  return new PageError('UNEXPECTED_RESPONSE', `${what}, expected 200`);
}

/** Result codes of §4.5 other than 0000 and 1001 (handled by the caller). */
function assertSuccess(res: MvtsResponse): void {
  const { code, message } = res.head;
  switch (code) {
    case '0000':
      return;
    case '1002':
    case '1003':
      throw new SourceError('config', code === '1002' ? 'TG_MVTS_LOGIN_FAILED' : 'TG_MVTS_ACCOUNT_LOCKED', `the service answered ${code}`);
    case '2001':
      throw new SourceError('config', 'TG_MVTS_PARAMETER_ERROR', `the service refused the request (2001): ${message}`);
    case '9999':
      throw new SourceError('transient', 'TG_MVTS_BUSY', `the service is busy (9999): ${message}`);
    default:
      throw new PageError('UNEXPECTED_RESPONSE', `unknown result code ${code}: ${message}`);
  }
}

function pageMeta(request: string, answer: Answer): PageMeta {
  return {
    request,
    status: answer.http.status,
    headers: answer.http.headers,
    charset: answer.response.charset,
    bodyBytes: answer.http.body.length,
    bodySha256: createHash('sha256').update(answer.http.body).digest('hex'),
  };
}
