import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PageError, SourceError } from '../../../src/adapters/errors';
import { createHttpClient } from '../../../src/adapters/http';
import { mvtsXml, type MvtsOptions } from '../../../src/adapters/mvts-xml';
import { silentLogger } from '../../../src/log';
import { readAll } from '../../contracts/source-adapter';
import { FAST, T0 } from './setup';

const BASE = 'http://mvts.example.test';
const SAMPLES = path.resolve(__dirname, '../../fixtures/samples/mvts');
const GBK = { 'Content-Type': 'text/xml; charset=GBK' };
const gbk = (text: string) => iconv.encode(text, 'gbk');

const LOGIN_OK = gbk(
  `<?xml version="1.0" encoding="GBK"?><Response><Head><Code>0000</Code><Message>登录成功</Message></Head><Body><Token>AAAA0000BBBB1111CCCC2222DDDD3333</Token><ExpireTime>20240612103000</ExpireTime></Body></Response>`,
);
const code = (c: string, m = '') =>
  gbk(`<?xml version="1.0" encoding="GBK"?><Response><Head><Code>${c}</Code><Message>${m}</Message></Head><Body/></Response>`);

function adapter(options: MvtsOptions = {}) {
  return mvtsXml.create(
    {
      id: 'n',
      kind: 'mvts-xml',
      enabled: true,
      regionCode: '620000',
      sourceSystem: 'gs-mvts',
      schedule: '* * * * *',
      baseUrl: BASE,
      allowedHosts: ['mvts.example.test'],
      credentials: { nodeCode: 'env:N', password: 'env:P' },
      streams: {},
      options: { ...FAST, initialLookbackMinutes: 30, ...options, retry: { ...FAST.retry, maxAttempts: 3, ...options.retry } },
    },
    {
      http: createHttpClient({ allowedHosts: ['mvts.example.test'], allowPrivateAddresses: true }),
      secret: (r) => ({ 'env:N': '620000900001', 'env:P': 'Lz#Mvts2024' })[r]!,
      log: silentLogger(),
      now: () => T0,
    },
  );
}

const isLogin = (body: unknown) => String(body).includes('<Method>Login</Method>');
const isQuery = (body: unknown) => String(body).includes('<Method>QueryRecords</Method>');

function login() {
  return nock(BASE).post('/mvts/service', isLogin).reply(200, LOGIN_OK, GBK);
}

async function failure(options: MvtsOptions = {}): Promise<unknown> {
  return readAll(adapter(options), { stream: 'JY', from: null }).then(
    () => null,
    (e: unknown) => e,
  );
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('mvts-xml error paths (nock at the HTTP edge)', () => {
  it('reads the sample page through Login and QueryRecords', async () => {
    login();
    nock(BASE)
      .post('/mvts/service', isQuery)
      .reply(200, fs.readFileSync(path.join(SAMPLES, 'jy-response.xml')), GBK);
    const pages = await readAll(adapter(), { stream: 'JY', from: null });
    expect(pages.flatMap((p) => p.records.map((r) => r.sourceKey))).toEqual([
      '620102020001-JY6201022406120301',
      '620102020001-JY6201022406120302',
      '620102020001-JY6201022406120303',
    ]);
    expect(pages[0]!.meta).toMatchObject({
      status: 200,
      charset: 'gb18030',
      bodyBytes: fs.statSync(path.join(SAMPLES, 'jy-response.xml')).size,
    });
    expect(pages[0]!.meta!.request).not.toMatch(/Token|Password|AAAA0000/);
    expect(nock.isDone()).toBe(true);
  });

  it.each([
    [500, 'transient', 'TG_MVTS_HTTP_500', 3],
    [502, 'transient', 'TG_MVTS_HTTP_502', 3],
    [429, 'transient', 'TG_MVTS_HTTP_429', 3],
    [404, 'config', 'TG_MVTS_HTTP_404', 1],
    [403, 'config', 'TG_MVTS_HTTP_403', 1],
  ])('HTTP %s → %s %s after %s call(s)', async (status, kind, errCode, calls) => {
    login();
    const scope = nock(BASE)
      .post('/mvts/service', isQuery)
      .times(calls)
      .reply(status, '<html><body>error</body></html>', { 'Content-Type': 'text/html' });
    const err = await failure();
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ failure: kind, code: errCode });
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a 503 with Retry-After is retried and then succeeds', async () => {
    login();
    nock(BASE).post('/mvts/service', isQuery).reply(503, 'busy', { 'Retry-After': '0' });
    nock(BASE)
      .post('/mvts/service', isQuery)
      .reply(200, fs.readFileSync(path.join(SAMPLES, 'empty-response.xml')), GBK);
    const pages = await readAll(adapter(), { stream: 'JC', from: null });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.records).toEqual([]);
    expect(pages[0]!.cursor).toEqual({ windowEnd: '20240612095800' });
  });

  it.each([
    ['an HTML page', Buffer.from('<!DOCTYPE html><html><body>维护</body></html>'), 'UNEXPECTED_RESPONSE'],
    ['JSON', Buffer.from('{"code":0}'), 'UNEXPECTED_RESPONSE'],
    ['XML without Head', gbk('<?xml version="1.0" encoding="GBK"?><Response><Body><Records/></Body></Response>'), 'UNEXPECTED_RESPONSE'],
    ['another root', gbk('<?xml version="1.0" encoding="GBK"?><Answer><Head><Code>0000</Code></Head></Answer>'), 'UNEXPECTED_RESPONSE'],
    ['an unknown result code', code('7777', '未知'), 'UNEXPECTED_RESPONSE'],
    ['a success without TotalCount', code('0000', '成功'), 'UNEXPECTED_RESPONSE'],
    ['a truncated body', fs.readFileSync(path.join(SAMPLES, 'dirty-jy-truncated.xml')), 'MALFORMED_BODY'],
    ['an empty body', Buffer.alloc(0), 'MALFORMED_BODY'],
    [
      'bytes invalid in GBK',
      Buffer.concat([
        gbk('<?xml version="1.0" encoding="GBK"?><Response><Head><Code>0000</Code><Message>'),
        Buffer.from([0x81, 0x20]),
        gbk('</Message></Head></Response>'),
      ]),
      'UNDECODABLE_BODY',
    ],
  ])('%s → %s, retried, then thrown', async (_what, body, errCode) => {
    login();
    const scope = nock(BASE).post('/mvts/service', isQuery).times(3).reply(200, body, GBK);
    const err = await failure();
    expect(err).toBeInstanceOf(PageError);
    expect((err as PageError).code).toBe(errCode);
    expect(scope.isDone()).toBe(true);
  });

  it('2001 is a permanent parameter error, never retried', async () => {
    login();
    nock(BASE).post('/mvts/service', isQuery).reply(200, code('2001', '参数错误：PageSize超出范围'), GBK);
    const err = await failure();
    expect(err).toMatchObject({ failure: 'config', code: 'TG_MVTS_PARAMETER_ERROR' });
    expect((err as Error).message).toContain('PageSize超出范围');
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('1001 on every attempt: logs in again twice, then gives up', async () => {
    nock(BASE).post('/mvts/service', isLogin).times(3).reply(200, LOGIN_OK, GBK);
    nock(BASE)
      .post('/mvts/service', isQuery)
      .times(3)
      .reply(200, fs.readFileSync(path.join(SAMPLES, 'token-expired-response.xml')), GBK);
    const err = await failure({ retry: { maxAttempts: 1 } });
    expect(err).toMatchObject({ failure: 'transient', code: 'TG_MVTS_TOKEN_REJECTED' });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('keeps a token whose ExpireTime is implausible for the local clock for the documented 30 minutes', async () => {
    const skewed = gbk(
      `<?xml version="1.0" encoding="GBK"?><Response><Head><Code>0000</Code><Message>登录成功</Message></Head><Body><Token>AAAA0000BBBB1111CCCC2222DDDD3333</Token><ExpireTime>20240612073000</ExpireTime></Body></Response>`,
    );
    const logins = nock(BASE).post('/mvts/service', isLogin).once().reply(200, skewed, GBK);
    nock(BASE)
      .post('/mvts/service', isQuery)
      .times(2)
      .reply(200, fs.readFileSync(path.join(SAMPLES, 'empty-response.xml')), GBK);
    const a = adapter();
    await readAll(a, { stream: 'JC', from: null });
    await readAll(a, { stream: 'JY', from: null });
    expect(logins.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a Login answer without Token is UNEXPECTED_RESPONSE', async () => {
    nock(BASE).post('/mvts/service', isLogin).times(3).reply(200, code('0000', '登录成功'), GBK);
    const err = await failure();
    expect(err).toBeInstanceOf(PageError);
    expect((err as PageError).code).toBe('UNEXPECTED_RESPONSE');
  });

  it('a Content-Length over maxResponseBytes is BODY_TOO_LARGE before reading the body', async () => {
    login();
    const big = gbk(
      `<?xml version="1.0" encoding="GBK"?><Response><Head><Code>0000</Code></Head><Body>${' '.repeat(5000)}</Body></Response>`,
    );
    nock(BASE)
      .post('/mvts/service', isQuery)
      .reply(200, big, { ...GBK, 'Content-Length': String(big.length) });
    const err = await failure({ maxResponseBytes: 4096 });
    expect(err).toBeInstanceOf(PageError);
    expect((err as PageError).code).toBe('BODY_TOO_LARGE');
  });

  it('sends GBK bodies with the documented content type', async () => {
    let contentType = '';
    let raw = '';
    nock(BASE)
      .post('/mvts/service', isLogin)
      .reply(function (_uri, body) {
        contentType = String(this.req.headers['content-type']);
        raw = String(body);
        return [200, LOGIN_OK, GBK];
      });
    expect(await adapter().check(new AbortController().signal)).toEqual({ ok: true });
    expect(contentType).toBe('text/xml; charset=GBK');
    expect(raw).toMatch(/^<\?xml version="1.0" encoding="GBK"\?>/);
  });
});
