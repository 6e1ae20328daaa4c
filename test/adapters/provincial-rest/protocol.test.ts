import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keysOf, readAll, readError } from '../../contracts/source-adapter';
import { APP_ID, APP_SECRET, provincialAdapter, signal } from './setup';

const BASE = 'http://trace.example.test';
const ok = (data: unknown) => ({ code: 0, msg: 'ok', data });
const batch = (pcid: string, gxsj: string, extra: Record<string, unknown> = {}) => ({
  pcid,
  zsm: '62012301240611000122',
  qyid: '1699204518370328577',
  sl: '10',
  dw: '公斤',
  gxsj,
  sfsc: '0',
  ...extra,
});
const list = (records: unknown[], nextCursor: string | null = null, total = records.length) => ok({ records, nextCursor, total });

function tokenEndpoint(token = 'tok-1', expiresIn = 7200) {
  return nock(BASE)
    .post('/api/auth/token', { appId: APP_ID, appSecret: APP_SECRET })
    .matchHeader('content-type', /application\/json/)
    .reply(200, ok({ accessToken: token, expiresIn }));
}

/** A GET of a list whose query is exactly `query` (decoded), with the given bearer token. */
function listEndpoint(stream: string, query: Record<string, string>, token = 'tok-1') {
  return nock(BASE).get(`/api/v2/${stream}`).query(query).matchHeader('authorization', `Bearer ${token}`);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('incremental pull (§2.4)', () => {
  it('pulls from the beginning of history, follows nextCursor with the same query, and reports pages', async () => {
    tokenEndpoint();
    const body1 = JSON.stringify(
      list(
        [batch('1800000000000000001', '2024-06-11 18:20:05'), batch('1800000000000000002', '2024-06-11 18:45:51', { sfsc: '1' })],
        'MjAy+NC0w/Ni0x=',
        3,
      ),
    );
    listEndpoint('batches', { updatedAfter: '1970-01-01 00:00:00', pageSize: '100' }).reply(200, body1, {
      'Content-Type': 'application/json;charset=UTF-8',
    });
    nock(BASE)
      .get(
        (uri) =>
          uri.startsWith('/api/v2/batches?') &&
          uri.includes('cursor=MjAy%2BNC0w%2FNi0x%3D') &&
          uri.includes('updatedAfter=1970-01-01%2000%3A00%3A00') &&
          uri.includes('pageSize=100'),
      )
      .reply(200, list([batch('1800000000000000003', '2024-06-11 19:02:33')], null, 3));
    const { adapter } = provincialAdapter(BASE);
    const pages = await readAll(adapter, { stream: 'batches' });

    expect(pages.map((p) => p.cursor)).toEqual([{ updatedAt: '2024-06-11 18:45:51' }, { updatedAt: '2024-06-11 19:02:33' }]);
    expect(pages.map((p) => p.total)).toEqual([3, 3]);
    const [first, second] = pages[0]!.records;
    expect(first).toMatchObject({
      sourceKey: '1800000000000000001',
      orderingKey: '2024-06-11 18:20:05',
      payload: batch('1800000000000000001', '2024-06-11 18:20:05'),
    });
    expect(first!.deleted).toBeFalsy();
    expect(first!.rawText).toBeUndefined();
    expect(second!.deleted).toBe(true);
    expect(pages[0]!.meta).toEqual({
      request: 'GET /api/v2/batches?updatedAfter=1970-01-01%2000%3A00%3A00&pageSize=100',
      status: 200,
      headers: expect.objectContaining({ 'content-type': 'application/json;charset=UTF-8' }),
      charset: 'utf-8',
      bodyBytes: Buffer.byteLength(body1),
      bodySha256: createHash('sha256').update(body1).digest('hex'),
    });
    expect(JSON.stringify(pages[0]!.meta)).not.toContain('tok-1');
    expect(nock.isDone()).toBe(true);
  });

  it('asks for the stored high-water mark minus the lookback (10 minutes by default)', async () => {
    tokenEndpoint();
    listEndpoint('batches', { updatedAfter: '2024-06-12 08:10:37', pageSize: '100' }).reply(200, list([]));
    const { adapter } = provincialAdapter(BASE);
    const pages = await readAll(adapter, { stream: 'batches', from: { updatedAt: '2024-06-12 08:20:37' } });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.records).toEqual([]);
    expect(pages[0]!.cursor).toEqual({ updatedAt: '2024-06-12 08:20:37' });
    expect(nock.isDone()).toBe(true);
  });

  it('honours lookbackSeconds, pageSize and startFrom of the declaration (Beijing time whatever the offset written)', async () => {
    tokenEndpoint();
    listEndpoint('inspections', { updatedAfter: '2024-06-12 08:20:07', pageSize: '250' }).reply(200, list([]));
    listEndpoint('certificates', { updatedAfter: '2024-06-01 00:00:00', pageSize: '250' }).reply(200, list([]));
    listEndpoint('enterprises', { updatedAfter: '2024-06-02 00:00:00', pageSize: '250' }).reply(200, list([]));
    const { adapter } = provincialAdapter(BASE, {
      options: { pageSize: 250 },
      streams: {
        inspections: { lookbackSeconds: 30 },
        certificates: { startFrom: '2024-05-31T16:00:00Z' },
        enterprises: { startFrom: '2024-06-02' },
      },
    });
    await readAll(adapter, { stream: 'inspections', from: { updatedAt: '2024-06-12 08:20:37' } });
    expect((await readAll(adapter, { stream: 'certificates' }))[0]!.cursor).toEqual({ updatedAt: '2024-06-01 00:00:00' });
    await readAll(adapter, { stream: 'enterprises' });
    expect(nock.isDone()).toBe(true);
  });

  it('never moves the mark backwards, and ignores malformed gxsj for it', async () => {
    tokenEndpoint();
    listEndpoint('batches', { updatedAfter: '2024-06-12 08:10:37', pageSize: '100' }).reply(
      200,
      list([batch('1800000000000000001', '2024-06-12 08:15:00'), batch('1800000000000000002', '2024/06/13 08:00')]),
    );
    const { adapter } = provincialAdapter(BASE);
    const pages = await readAll(adapter, { stream: 'batches', from: { updatedAt: '2024-06-12 08:20:37' } });
    expect(pages[0]!.cursor).toEqual({ updatedAt: '2024-06-12 08:20:37' });
    expect(pages[0]!.records.map((r) => r.orderingKey)).toEqual(['2024-06-12 08:15:00', '2024/06/13 08:00']);
  });

  it('refuses a stored cursor that is not {updatedAt}', async () => {
    const { adapter } = provincialAdapter(BASE);
    expect(await readError(adapter, { stream: 'batches', from: { seq: 5 } })).toMatchObject({
      code: 'TG_SOURCE_BAD_CURSOR',
      failure: 'system',
    });
  });

  it('reads a backfill window exactly: from the window start, without lookback, stopping at its end', async () => {
    tokenEndpoint();
    listEndpoint('batches', { updatedAfter: '2024-06-12 08:00:00', pageSize: '100' }).reply(
      200,
      list(
        [
          batch('1800000000000000001', '2024-06-12 08:00:00'),
          batch('1800000000000000002', '2024-06-12 08:59:59'),
          batch('1800000000000000003', '2024-06-12 09:00:00'),
        ],
        'more',
      ),
    );
    const { adapter } = provincialAdapter(BASE);
    const pages = await readAll(adapter, {
      stream: 'batches',
      from: { updatedAt: '2024-06-20 00:00:00' },
      window: { from: '2024-06-12T08:00:00+08:00', until: '2024-06-12T09:00:00+08:00' },
    });
    expect(keysOf(pages)).toEqual(['1800000000000000001', '1800000000000000002']);
    expect(pages.at(-1)!.cursor).toEqual({ updatedAt: '2024-06-12 08:59:59' });
    expect(nock.isDone()).toBe(true);
  });

  it('restarts from the mark reached when a cursor has expired (40002), losing nothing', async () => {
    tokenEndpoint();
    listEndpoint('batches', { updatedAfter: '2024-06-12 07:50:00', pageSize: '2' }).reply(
      200,
      list([batch('1800000000000000001', '2024-06-12 08:01:00'), batch('1800000000000000002', '2024-06-12 08:30:00')], 'c1'),
    );
    listEndpoint('batches', { updatedAfter: '2024-06-12 07:50:00', pageSize: '2', cursor: 'c1' }).reply(400, {
      code: 40002,
      msg: '游标无效或已过期',
      data: null,
    });
    listEndpoint('batches', { updatedAfter: '2024-06-12 08:20:00', pageSize: '2' }).reply(
      200,
      list([batch('1800000000000000002', '2024-06-12 08:30:00'), batch('1800000000000000003', '2024-06-12 08:40:00')]),
    );
    const { adapter } = provincialAdapter(BASE, { options: { pageSize: 2 } });
    const pages = await readAll(adapter, { stream: 'batches', from: { updatedAt: '2024-06-12 08:00:00' } });
    expect(keysOf(pages)).toEqual(['1800000000000000001', '1800000000000000002', '1800000000000000002', '1800000000000000003']);
    expect(pages.at(-1)!.cursor).toEqual({ updatedAt: '2024-06-12 08:40:00' });
    expect(nock.isDone()).toBe(true);
  });

  it('gives up when cursors keep expiring without progress', async () => {
    tokenEndpoint();
    listEndpoint('batches', { updatedAfter: '2024-06-12 07:50:00', pageSize: '100' })
      .times(3)
      .reply(200, list([batch('1800000000000000001', '2024-06-12 07:55:00')], 'c1'));
    listEndpoint('batches', { updatedAfter: '2024-06-12 07:50:00', pageSize: '100', cursor: 'c1' })
      .times(3)
      .reply(400, { code: 40002, msg: '', data: null });
    const { adapter } = provincialAdapter(BASE, { options: { maxCursorRestarts: 2 } });
    expect(await readError(adapter, { stream: 'batches', from: { updatedAt: '2024-06-12 08:00:00' } })).toMatchObject({
      code: 'TG_SOURCE_CURSOR_EXPIRED',
      failure: 'transient',
    });
    expect(nock.isDone()).toBe(true);
  });
});

describe('tokens (§2.3)', () => {
  it('reuses a token across reads and refreshes it when less than 300 s of its life remain', async () => {
    let clock = Date.parse('2024-06-12T08:00:00+08:00');
    tokenEndpoint('tok-1', 7200);
    listEndpoint('batches', { updatedAfter: '1970-01-01 00:00:00', pageSize: '100' }, 'tok-1').times(2).reply(200, list([]));
    tokenEndpoint('tok-2', 7200);
    listEndpoint('batches', { updatedAfter: '1970-01-01 00:00:00', pageSize: '100' }, 'tok-2').reply(200, list([]));
    const { adapter } = provincialAdapter(BASE, { now: () => clock });
    await readAll(adapter, { stream: 'batches' });
    clock += (7200 - 301) * 1000;
    await readAll(adapter, { stream: 'batches' });
    clock += 2000;
    await readAll(adapter, { stream: 'batches' });
    expect(nock.isDone()).toBe(true);
  });

  it('on 40101 between two pages obtains a new token once and repeats the same page, without restarting', async () => {
    tokenEndpoint('tok-1');
    listEndpoint('batches', { updatedAfter: '1970-01-01 00:00:00', pageSize: '100' }, 'tok-1').reply(
      200,
      list([batch('1800000000000000001', '2024-06-12 08:00:00')], 'c+1'),
    );
    listEndpoint('batches', { updatedAfter: '1970-01-01 00:00:00', pageSize: '100', cursor: 'c+1' }, 'tok-1').reply(
      401,
      fs.readFileSync(path.resolve(__dirname, '../../fixtures/samples/provincial/error-token-expired.json')),
      { 'Content-Type': 'application/json;charset=UTF-8' },
    );
    tokenEndpoint('tok-2');
    listEndpoint('batches', { updatedAfter: '1970-01-01 00:00:00', pageSize: '100', cursor: 'c+1' }, 'tok-2').reply(
      200,
      list([batch('1800000000000000002', '2024-06-12 08:01:00')]),
    );
    const { adapter, sleeps } = provincialAdapter(BASE);
    expect(keysOf(await readAll(adapter, { stream: 'batches' }))).toEqual(['1800000000000000001', '1800000000000000002']);
    expect(sleeps).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('a 40101 on the repeated request is a credential failure', async () => {
    tokenEndpoint('tok-1');
    tokenEndpoint('tok-2');
    nock(BASE).get('/api/v2/batches').query(true).times(2).reply(401, { code: 40101, msg: '', data: null });
    const { adapter } = provincialAdapter(BASE);
    expect(await readError(adapter, { stream: 'batches' })).toMatchObject({ failure: 'config', code: 'TG_SOURCE_TOKEN_REJECTED' });
    expect(nock.isDone()).toBe(true);
  });

  it('wrong credentials (40102) fail at once as a config failure, and check() says so', async () => {
    nock(BASE).post('/api/auth/token').times(2).reply(401, { code: 40102, msg: 'appId或appSecret错误', data: null });
    const { adapter, sleeps } = provincialAdapter(BASE, { appSecret: 'wrong' });
    const err = await readError(adapter, { stream: 'batches' });
    expect(err).toMatchObject({ failure: 'config', code: 'TG_SOURCE_BAD_CREDENTIALS' });
    expect(err.message).not.toContain('wrong');
    expect(await adapter.check(signal())).toEqual({ ok: false, failure: 'config', message: expect.stringContaining('40102') });
    expect(sleeps).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('check() obtains a token and nothing else', async () => {
    tokenEndpoint();
    const { adapter } = provincialAdapter(BASE);
    expect(await adapter.check(signal())).toEqual({ ok: true });
    expect(nock.isDone()).toBe(true);
  });

  it('a 429 of the token endpoint (Retry-After 60) is not waited for inside a read, and no token is asked for until it has passed', async () => {
    let clock = Date.parse('2024-06-12T08:00:00+08:00');
    let tokenCalls = 0;
    nock(BASE)
      .post('/api/auth/token')
      .times(2)
      .reply(() => {
        tokenCalls++;
        return tokenCalls === 1
          ? [429, { code: 42901, msg: '', data: null }, { 'Retry-After': '60' }]
          : [200, ok({ accessToken: 'tok-9', expiresIn: 7200 })];
      });
    listEndpoint('batches', { updatedAfter: '1970-01-01 00:00:00', pageSize: '100' }, 'tok-9').reply(200, list([]));
    const { adapter, sleeps } = provincialAdapter(BASE, { now: () => clock });
    expect(await readError(adapter, { stream: 'batches' })).toMatchObject({
      failure: 'transient',
      code: 'TG_SOURCE_AUTH_UNAVAILABLE',
      retryAfterMs: 60_000,
    });
    clock += 20_000;
    expect(await readError(adapter, { stream: 'batches' })).toMatchObject({ failure: 'transient', retryAfterMs: 40_000 });
    expect(tokenCalls).toBe(1);
    clock += 41_000;
    await readAll(adapter, { stream: 'batches' });
    expect(tokenCalls).toBe(2);
    expect(sleeps).toEqual([]);
  });
});

describe('enterprise lookup (§2.5)', () => {
  const enterprise = {
    qyid: '1699204518370328577',
    qymc: '兰州榆中陇源蔬菜种植有限公司',
    tyshxydm: '91620123MA72K4D128',
    xzqhdm: '620123',
    gxsj: '2024-06-12 08:01:15',
    sfsc: '1',
  };

  it('returns the enterprise as a raw record, soft-deleted ones too', async () => {
    tokenEndpoint();
    nock(BASE).get('/api/v2/enterprises/1699204518370328577').matchHeader('authorization', 'Bearer tok-1').reply(200, ok(enterprise));
    const { adapter } = provincialAdapter(BASE);
    const rec = await adapter.lookup!({ stream: 'enterprises', sourceKey: '1699204518370328577' }, signal());
    expect(rec).toMatchObject({ sourceKey: '1699204518370328577', payload: enterprise, orderingKey: '2024-06-12 08:01:15', deleted: true });
  });

  it('an unknown qyid (404 code 40401) is null', async () => {
    tokenEndpoint();
    nock(BASE).get('/api/v2/enterprises/1800999999999999999').reply(404, { code: 40401, msg: '企业不存在', data: null });
    const { adapter } = provincialAdapter(BASE);
    expect(await adapter.lookup!({ stream: 'enterprises', sourceKey: '1800999999999999999' }, signal())).toBeNull();
  });

  it('a 404 without the 40401 envelope is a configuration problem, not a missing enterprise', async () => {
    tokenEndpoint();
    nock(BASE).get('/api/v2/enterprises/1').reply(404, '<html>Not Found</html>');
    const { adapter } = provincialAdapter(BASE);
    await expect(adapter.lookup!({ stream: 'enterprises', sourceKey: '1' }, signal())).rejects.toMatchObject({
      failure: 'config',
      code: 'TG_SOURCE_NOT_FOUND',
    });
  });

  it('serves enterprises only', async () => {
    const { adapter } = provincialAdapter(BASE);
    await expect(adapter.lookup!({ stream: 'batches', sourceKey: '1' }, signal())).rejects.toMatchObject({ failure: 'system' });
  });
});

describe('pacing (§2.6: 10 requests per second)', () => {
  it('spaces requests by 1/requestsPerSecond', async () => {
    tokenEndpoint();
    listEndpoint('batches', { updatedAfter: '1970-01-01 00:00:00', pageSize: '100' }).reply(
      200,
      list([batch('1800000000000000001', '2024-06-12 08:00:00')], 'c1'),
    );
    listEndpoint('batches', { updatedAfter: '1970-01-01 00:00:00', pageSize: '100', cursor: 'c1' }).reply(200, list([]));
    const { adapter, sleeps } = provincialAdapter(BASE, { options: { requestsPerSecond: 10 } });
    await readAll(adapter, { stream: 'batches' });
    // Token, page 1, page 2: the second and third wait one gap each on the harness's clock.
    expect(sleeps).toEqual([100, 100]);
  });
});
