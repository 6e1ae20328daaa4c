import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PageError } from '../../../src/adapters/errors';
import { redactText } from '../../../src/log';
import { keysOf, readAll, readError } from '../../contracts/source-adapter';
import { provincialAdapter } from './setup';

const BASE = 'http://trace.example.test';
const SAMPLES = path.resolve(__dirname, '../../fixtures/samples/provincial');
const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name));
const JSON_UTF8 = { 'Content-Type': 'application/json;charset=UTF-8' };
const FIRST = { updatedAfter: '1970-01-01 00:00:00', pageSize: '100' };
const good = {
  code: 0,
  msg: 'ok',
  data: { records: [{ pcid: '1800000000000000001', gxsj: '2024-06-12 08:00:00', sfsc: '0' }], nextCursor: null, total: 1 },
};

function token() {
  nock(BASE).post('/api/auth/token').reply(200, sample('token-response.json'), JSON_UTF8);
}
const batches = () => nock(BASE).get('/api/v2/batches').query(FIRST);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('statuses of §2.6', () => {
  it.each([
    [400, 40001, 'TG_SOURCE_BAD_REQUEST'],
    [403, 40301, 'TG_SOURCE_FORBIDDEN'],
    [401, 40102, 'TG_SOURCE_BAD_CREDENTIALS'],
    [404, 40400, 'TG_SOURCE_NOT_FOUND'],
  ])('HTTP %i code %i stops the stream at once as a config failure', async (status, code, tgCode) => {
    token();
    batches().reply(status, { code, msg: '', data: null });
    const { adapter, sleeps } = provincialAdapter(BASE);
    expect(await readError(adapter, { stream: 'batches' })).toMatchObject({ failure: 'config', code: tgCode });
    expect(sleeps).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('500 is retried with exponential backoff, then fails as transient', async () => {
    token();
    batches().times(4).reply(500, { code: 50001, msg: '系统内部错误', data: null });
    const { adapter, sleeps } = provincialAdapter(BASE);
    expect(await readError(adapter, { stream: 'batches' })).toMatchObject({ failure: 'transient', code: 'TG_SOURCE_UNAVAILABLE' });
    expect(sleeps).toEqual([100, 150, 250]);
    expect(nock.isDone()).toBe(true);
  });

  it.each([
    ['500', 500, { code: 50001, msg: '', data: null }, {}, 100],
    ['502 with the proxy HTML page', 502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'Content-Type': 'text/html' }, 100],
    ['504 with an HTML page', 504, '<html>504</html>', { 'Content-Type': 'text/html' }, 100],
    ['503 with Retry-After in seconds', 503, { code: 50301, msg: '系统维护中', data: null }, { 'Retry-After': '2' }, 2000],
    ['429 with Retry-After (error-rate-limited.json)', 429, sample('error-rate-limited.json'), { ...JSON_UTF8, 'Retry-After': '2' }, 2000],
  ])('%s is retried and the page then read', async (_name, status, body, headers, delay) => {
    token();
    batches().reply(status, body as never, headers as never);
    batches().reply(200, good);
    const { adapter, sleeps } = provincialAdapter(BASE);
    expect(keysOf(await readAll(adapter, { stream: 'batches' }))).toEqual(['1800000000000000001']);
    expect(sleeps).toEqual([delay]);
  });

  it('honours a Retry-After written as an HTTP date', async () => {
    const now = Date.parse('2024-06-12T00:00:00Z');
    token();
    batches().reply(503, { code: 50301, msg: '', data: null }, { 'Retry-After': new Date(now + 5000).toUTCString() });
    batches().reply(200, good);
    const { adapter, sleeps } = provincialAdapter(BASE, { now: () => now });
    await readAll(adapter, { stream: 'batches' });
    expect(sleeps).toEqual([5000]);
  });

  it('a Retry-After beyond maxRetryAfterMs ends the read with the hint instead of waiting', async () => {
    token();
    batches().reply(429, { code: 42901, msg: '', data: null }, { 'Retry-After': '120' });
    const { adapter, sleeps } = provincialAdapter(BASE);
    expect(await readError(adapter, { stream: 'batches' })).toMatchObject({
      failure: 'transient',
      code: 'TG_SOURCE_RATE_LIMITED',
      retryAfterMs: 120_000,
    });
    expect(sleeps).toEqual([]);
  });

  it('token endpoint failures are retried too', async () => {
    nock(BASE).post('/api/auth/token').reply(502, '<html>bad gateway</html>');
    nock(BASE).post('/api/auth/token').reply(200, '{"code":0,"msg":"ok","data":{"accessToken":"tok', JSON_UTF8);
    token();
    batches().reply(200, good);
    const { adapter, sleeps } = provincialAdapter(BASE);
    expect(keysOf(await readAll(adapter, { stream: 'batches' }))).toEqual(['1800000000000000001']);
    expect(sleeps).toEqual([100, 150]);
  });

  it('network errors and timeouts are retried', async () => {
    token();
    batches().replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    // The delay is far beyond the timeout, and the timeout far beyond a busy machine's answer.
    batches().delay(6_000).reply(200, good);
    batches().reply(200, good);
    const { adapter, sleeps } = provincialAdapter(BASE, { options: { timeoutMs: 1_500 } });
    expect(keysOf(await readAll(adapter, { stream: 'batches' }))).toEqual(['1800000000000000001']);
    expect(sleeps).toHaveLength(2);
  });

  it('an aborted read stops without retrying', async () => {
    token();
    batches().delay(300).reply(200, good);
    const { adapter, sleeps } = provincialAdapter(BASE);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const reader = adapter.read({ stream: 'batches', from: null, signal: controller.signal })[Symbol.asyncIterator]();
    await expect(reader.next()).rejects.toMatchObject({ code: 'TG_SOURCE_ABORTED' });
    expect(sleeps).toEqual([]);
  });
});

describe('bodies (§5.9)', () => {
  async function pageError(
    body: string | Buffer,
    headers: Record<string, string> = JSON_UTF8,
    options = {},
  ): Promise<{ error: Error; sleeps: number[] }> {
    token();
    batches().times(4).reply(200, body, headers);
    const { adapter, sleeps } = provincialAdapter(BASE, { options });
    return { error: await readError(adapter, { stream: 'batches' }), sleeps };
  }

  it.each([
    ['a truncated body (dirty-batches-truncated.json)', sample('dirty-batches-truncated.json'), 'MALFORMED_BODY'],
    ['a GBK body labelled UTF-8 (dirty-enterprises-gbk-body.json)', sample('dirty-enterprises-gbk-body.json'), 'UNDECODABLE_BODY'],
    ['an HTML page with HTTP 200', '<!DOCTYPE html><html><body>维护中</body></html>', 'UNEXPECTED_RESPONSE'],
    ['JSON without the envelope', '{"records":[],"nextCursor":null}', 'UNEXPECTED_RESPONSE'],
    ['HTTP 200 with a non-zero code', '{"code":50001,"msg":"系统繁忙","data":null}', 'UNEXPECTED_RESPONSE'],
    ['data.records that is not a list', '{"code":0,"msg":"ok","data":{"records":{},"nextCursor":null}}', 'UNEXPECTED_RESPONSE'],
    [
      'a record without its source key',
      '{"code":0,"msg":"ok","data":{"records":[{"gxsj":"2024-06-12 08:00:00"}],"nextCursor":null}}',
      'UNEXPECTED_RESPONSE',
    ],
  ])('%s is %s, retried, then raised', async (_name, body, code) => {
    const { error, sleeps } = await pageError(body);
    expect(error).toBeInstanceOf(PageError);
    expect((error as PageError).code).toBe(code);
    expect(sleeps).toHaveLength(3);
    expect(nock.isDone()).toBe(true);
  });

  it('a body over maxResponseBytes is BODY_TOO_LARGE and not retried', async () => {
    token();
    batches().reply(200, JSON.stringify({ ...good, pad: 'x'.repeat(4096) }), JSON_UTF8);
    const { adapter, sleeps } = provincialAdapter(BASE, { options: { maxResponseBytes: 2048 } });
    const error = await readError(adapter, { stream: 'batches' });
    expect(error).toBeInstanceOf(PageError);
    expect((error as PageError).code).toBe('BODY_TOO_LARGE');
    expect(sleeps).toEqual([]);
  });

  it('a UTF-8 body with a byte-order mark is read', async () => {
    token();
    batches().reply(200, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(good))]), JSON_UTF8);
    const { adapter } = provincialAdapter(BASE);
    expect(keysOf(await readAll(adapter, { stream: 'batches' }))).toEqual(['1800000000000000001']);
  });

  it('the empty page sample ends the pull with one empty page', async () => {
    token();
    batches().reply(200, sample('empty-page.json'), JSON_UTF8);
    const { adapter } = provincialAdapter(BASE);
    const pages = await readAll(adapter, { stream: 'batches' });
    expect(pages).toHaveLength(1);
    expect(pages[0]!).toMatchObject({ records: [], total: 0, cursor: { updatedAt: '1970-01-01 00:00:00' } });
  });
});

describe('the access token', () => {
  it('is registered as a secret once issued, so no log line or answer shows it', async () => {
    const issued = 'eyJhbGciOiJIUzI1NiJ9.fresh-token-of-this-test.Zm9v';
    expect(redactText(`Bearer ${issued}`)).toBe(`Bearer ${issued}`);
    nock(BASE)
      .post('/api/auth/token')
      .reply(200, { code: 0, msg: 'ok', data: { accessToken: issued, expiresIn: 7200 } }, JSON_UTF8);
    batches().reply(200, good);
    const { adapter } = provincialAdapter(BASE);
    await readAll(adapter, { stream: 'batches' });
    expect(redactText(`Bearer ${issued}`)).toBe('Bearer ***');
  });
});
