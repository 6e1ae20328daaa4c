import iconv from 'iconv-lite';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PageError, SourceError } from '../../../src/adapters/errors';
import { readAll, recordsOf } from '../../contracts/source-adapter';
import { marketAdapter } from './setup';

const BASE = 'http://market.test';
const HEADER = '同步序号,经营户编号,摊位号,经营者名称,证件类型,证件号码,联系电话,登记日期\r\n';
const ROW_1 = '1001,SH000118,A-03,王秀兰,身份证,"\t620102196804123323",13919234567,2019-03-12\r\n';
const ROW_2 = '1002,SH000125,A-07,"城关区老马""清真""牛羊肉店",营业执照,"\t92620102MA71C3K95B",0931-8456721,2021-08-01\r\n';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function csvHeaders(rows: number, next: number, charset = 'GBK') {
  return { 'Content-Type': `text/csv; charset=${charset}`, 'X-Row-Count': String(rows), 'X-Next-Since': String(next) };
}

const gbk = (text: string) => iconv.encode(text, 'gb18030');

async function failure(promise: Promise<unknown>): Promise<PageError | SourceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeDefined();
  return err as PageError | SourceError;
}

describe('market-csv adapter: HTTP edge', () => {
  it('sends X-Api-Key and since/limit; reads a GBK page', async () => {
    const scope = nock(BASE, { reqheaders: { 'x-api-key': /^mk-test-/ } })
      .get('/export/vendors')
      .query({ since: '0', limit: '1000' })
      .reply(200, gbk(HEADER + ROW_1 + ROW_2), csvHeaders(2, 1002));
    const pages = await readAll(marketAdapter(BASE, {}).adapter, { stream: 'vendors' });
    expect(scope.isDone()).toBe(true);
    expect(pages).toHaveLength(1);
    const [a, b] = recordsOf(pages);
    expect(a!.payload).toEqual({
      同步序号: '1001',
      经营户编号: 'SH000118',
      摊位号: 'A-03',
      经营者名称: '王秀兰',
      证件类型: '身份证',
      证件号码: '620102196804123323',
      联系电话: '13919234567',
      登记日期: '2019-03-12',
    });
    expect(a!.rawText).toBe(ROW_1.trimEnd());
    expect(b!.payload).toMatchObject({ 经营者名称: '城关区老马"清真"牛羊肉店' });
    expect([a!.sourceKey, a!.orderingKey]).toEqual(['SH000118', '00000000000000001001']);
    expect(pages[0]!.cursor).toEqual({ seq: 1002 });
  });

  it.each([
    [{ seq: 1000 }, 800],
    [{ seq: 150 }, 0],
    [{ seq: '5000' }, 4800],
  ])('turns the stored cursor %j into since=%d (lookback 200)', async (cursor, since) => {
    const scope = nock(BASE)
      .get('/export/vendors')
      .query({ since: String(since), limit: '1000' })
      .reply(200, gbk(HEADER), csvHeaders(0, since));
    const pages = await readAll(marketAdapter(BASE).adapter, { stream: 'vendors', from: cursor });
    expect(scope.isDone()).toBe(true);
    expect(pages[0]!.records).toEqual([]);
    expect(pages[0]!.cursor).toEqual({ seq: Number(cursor.seq) });
  });

  it('starts a stream without a cursor at its numeric startFrom, and refuses any other startFrom', async () => {
    const scope = nock(BASE).get('/export/vendors').query({ since: '4242', limit: '1000' }).reply(200, gbk(HEADER), csvHeaders(0, 4242));
    await readAll(marketAdapter(BASE, {}, { vendors: { startFrom: '4242' } }).adapter, { stream: 'vendors' });
    expect(scope.isDone()).toBe(true);
    const err = await failure(
      readAll(marketAdapter(BASE, {}, { vendors: { startFrom: '2024-01-01T00:00:00+08:00' } }).adapter, { stream: 'vendors' }),
    );
    expect([err instanceof SourceError && err.failure, (err as SourceError).code]).toEqual(['config', 'TG_SOURCE_BAD_POSITION']);
  });

  it('refuses a stored cursor that is not a sequence, and an unknown stream', async () => {
    const bad = await failure(readAll(marketAdapter(BASE).adapter, { stream: 'vendors', from: { updatedAt: '2024-01-01' } }));
    expect((bad as SourceError).failure).toBe('config');
    const unknown = await failure(readAll(marketAdapter(BASE).adapter, { stream: 'stalls' }));
    expect((unknown as SourceError).code).toBe('TG_SOURCE_UNKNOWN_STREAM');
  });

  it('pages while a page is full, with since = X-Next-Since', async () => {
    const scope = nock(BASE)
      .get('/export/vendors')
      .query({ since: '0', limit: '2' })
      .reply(200, gbk(HEADER + ROW_1 + ROW_2), csvHeaders(2, 1002))
      .get('/export/vendors')
      .query({ since: '1002', limit: '2' })
      .reply(200, gbk(HEADER), csvHeaders(0, 1002));
    const pages = await readAll(marketAdapter(BASE, { limit: 2 }).adapter, { stream: 'vendors' });
    expect(scope.isDone()).toBe(true);
    expect(pages.map((p) => [p.records.length, p.cursor.seq])).toEqual([
      [2, 1002],
      [0, 1002],
    ]);
  });

  it.each([
    [400, 'limit must be 1..5000', 'config', 'TG_SOURCE_BAD_REQUEST'],
    [401, 'invalid api key', 'config', 'TG_SOURCE_AUTH'],
    [403, 'forbidden', 'config', 'TG_SOURCE_FORBIDDEN'],
    [404, 'unknown stream', 'config', 'TG_SOURCE_NOT_FOUND'],
  ])('%d is permanent: no retry (%s)', async (status, body, failureKind, code) => {
    const scope = nock(BASE).get('/export/sales').query(true).once().reply(status, body, { 'Content-Type': 'text/plain; charset=utf-8' });
    const t = marketAdapter(BASE);
    const err = (await failure(readAll(t.adapter, { stream: 'sales' }))) as SourceError;
    expect([err.failure, err.code]).toEqual([failureKind, code]);
    expect(err.message).toContain(body);
    expect(t.sleeps).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('retries 500 with exponential backoff, then succeeds', async () => {
    nock(BASE)
      .get('/export/vendors')
      .query(true)
      .times(2)
      .reply(500, 'internal error')
      .get('/export/vendors')
      .query(true)
      .reply(200, gbk(HEADER + ROW_1), csvHeaders(1, 1001));
    const t = marketAdapter(BASE, { retry: { baseDelayMs: 100 } });
    const pages = await readAll(t.adapter, { stream: 'vendors' });
    expect(recordsOf(pages)).toHaveLength(1);
    expect(t.sleeps).toEqual([100, 150]);
  });

  it('honours Retry-After as seconds and as an HTTP date', async () => {
    const date = new Date(Date.parse('2024-06-12T10:00:00+08:00') + 4000).toUTCString();
    nock(BASE)
      .get('/export/vendors')
      .query(true)
      .reply(503, 'maintenance', { 'Retry-After': date })
      .get('/export/vendors')
      .query(true)
      .reply(429, 'too many requests', { 'Retry-After': '2' })
      .get('/export/vendors')
      .query(true)
      .reply(200, gbk(HEADER), csvHeaders(0, 0));
    const t = marketAdapter(BASE);
    await readAll(t.adapter, { stream: 'vendors' });
    expect(t.sleeps).toEqual([4000, 2000]);
  });

  it.each([
    ['an HTML page', 'text/html; charset=utf-8', '<html><body>维护中</body></html>', {}, 'UNEXPECTED_RESPONSE'],
    ['no X-Row-Count', 'text/csv; charset=GBK', HEADER + ROW_1, { 'X-Next-Since': '1001' }, 'UNEXPECTED_RESPONSE'],
    ['no X-Next-Since', 'text/csv; charset=GBK', HEADER + ROW_1, { 'X-Row-Count': '1' }, 'UNEXPECTED_RESPONSE'],
    [
      'an X-Next-Since that does not advance',
      'text/csv; charset=GBK',
      HEADER + ROW_1,
      { 'X-Row-Count': '1', 'X-Next-Since': '0' },
      'UNEXPECTED_RESPONSE',
    ],
    [
      'fewer rows than X-Row-Count',
      'text/csv; charset=GBK',
      HEADER + ROW_1,
      { 'X-Row-Count': '2', 'X-Next-Since': '1001' },
      'MALFORMED_BODY',
    ],
    [
      'a last 同步序号 other than X-Next-Since',
      'text/csv; charset=GBK',
      HEADER + ROW_1,
      { 'X-Row-Count': '1', 'X-Next-Since': '1005' },
      'MALFORMED_BODY',
    ],
    [
      'a quoted field left open',
      'text/csv; charset=GBK',
      HEADER + ROW_1 + '1002,SH000125,A-07,"城关区',
      { 'X-Row-Count': '2', 'X-Next-Since': '1002' },
      'MALFORMED_BODY',
    ],
    [
      'a last row without its line break',
      'text/csv; charset=GBK',
      HEADER + ROW_1 + ROW_2.trimEnd().slice(0, -1),
      { 'X-Row-Count': '2', 'X-Next-Since': '1002' },
      'MALFORMED_BODY',
    ],
    [
      'a row with a missing field',
      'text/csv; charset=GBK',
      HEADER + '1001,SH000118,A-03\r\n',
      { 'X-Row-Count': '1', 'X-Next-Since': '1001' },
      'MALFORMED_BODY',
    ],
    [
      'a missing column',
      'text/csv; charset=GBK',
      HEADER.replace(',联系电话', '') + '1001,SH000118,A-03,王秀兰,身份证,x,2019-03-12\r\n',
      { 'X-Row-Count': '1', 'X-Next-Since': '1001' },
      'MALFORMED_BODY',
    ],
    ['an empty body', 'text/csv; charset=GBK', '', { 'X-Row-Count': '0', 'X-Next-Since': '0' }, 'MALFORMED_BODY'],
    [
      'a non-numeric 同步序号',
      'text/csv; charset=GBK',
      HEADER + ROW_1.replace('1001', 'abc'),
      { 'X-Row-Count': '1', 'X-Next-Since': '1001' },
      'MALFORMED_BODY',
    ],
    [
      'GBK bytes labelled UTF-8',
      'text/csv; charset=utf-8',
      HEADER + ROW_1,
      { 'X-Row-Count': '1', 'X-Next-Since': '1001' },
      'UNDECODABLE_BODY',
    ],
  ])('%s is a page error (%s…), retried, then raised', async (_what, type, text, headers, code) => {
    const body = gbk(text);
    nock(BASE)
      .get('/export/vendors')
      .query(true)
      .times(2)
      .reply(200, body, { 'Content-Type': type, ...headers });
    const t = marketAdapter(BASE, { retry: { maxAttempts: 2 } });
    const err = await failure(readAll(t.adapter, { stream: 'vendors' }));
    expect(err).toBeInstanceOf(PageError);
    expect((err as PageError).code).toBe(code);
    expect(t.sleeps).toEqual([10]);
  });

  it('refuses a body over maxResponseBytes with BODY_TOO_LARGE, without retrying', async () => {
    const big = gbk(HEADER + ROW_1.repeat(200));
    nock(BASE).get('/export/vendors').query(true).reply(200, big, csvHeaders(200, 1001));
    const t = marketAdapter(BASE, { maxResponseBytes: 2048 });
    const err = await failure(readAll(t.adapter, { stream: 'vendors' }));
    expect((err as PageError).code).toBe('BODY_TOO_LARGE');
    expect(t.sleeps).toEqual([]);
  });

  it('locates columns by name and keeps (ignores) extra ones', async () => {
    const text =
      '经营户编号,同步序号,备注,摊位号,经营者名称,证件类型,证件号码,联系电话,登记日期\r\nSH000118,1001,新增列,A-03,王秀兰,身份证,620102196804123323,,2019-03-12\r\n';
    nock(BASE).get('/export/vendors').query(true).reply(200, gbk(text), csvHeaders(1, 1001));
    const [rec] = recordsOf(await readAll(marketAdapter(BASE).adapter, { stream: 'vendors' }));
    expect(rec!.sourceKey).toBe('SH000118');
    expect(rec!.orderingKey).toBe('00000000000000001001');
    expect(rec!.payload).toMatchObject({ 经营户编号: 'SH000118', 备注: '新增列', 摊位号: 'A-03' });
  });

  it.each([
    ['UTF-8 with BOM labelled utf-8', 'utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER + ROW_1)]), []],
    ['UTF-8 without BOM labelled utf-8 (§7.7)', 'utf-8', Buffer.from(HEADER + ROW_1), []],
    [
      'UTF-8 with BOM labelled GBK',
      'GBK',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER + ROW_1)]),
      ['CHARSET_MISLABELLED'],
    ],
    ['UTF-8 without BOM labelled GBK', 'GBK', Buffer.from(HEADER + ROW_1), ['CHARSET_MISLABELLED']],
    ['GB18030 four-byte sequences labelled GBK', 'GBK', gbk(HEADER + ROW_1.replace('王秀兰', '王秀兰•')), []],
  ])('decodes %s', async (_what, charset, body, warnings) => {
    nock(BASE)
      .get('/export/vendors')
      .query(true)
      .reply(200, body, csvHeaders(1, 1001, charset));
    const pages = await readAll(marketAdapter(BASE).adapter, { stream: 'vendors' });
    expect((pages[0]!.warnings ?? []).map((w) => w.code)).toEqual(warnings);
    expect((recordsOf(pages)[0]!.payload as Record<string, string>)['经营者名称']).toMatch(/^王秀兰•?$/);
    expect(Object.keys(recordsOf(pages)[0]!.payload as object)[0]).toBe('同步序号');
  });

  it('stages a row without its key under #<同步序号>, so that the mapping quarantines it', async () => {
    nock(BASE)
      .get('/export/vendors')
      .query(true)
      .reply(200, gbk(HEADER + ROW_1.replace('SH000118', '')), csvHeaders(1, 1001));
    const [rec] = recordsOf(await readAll(marketAdapter(BASE).adapter, { stream: 'vendors' }));
    expect(rec!.sourceKey).toBe('#1001');
  });
});
