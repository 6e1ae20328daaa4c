import { createHash, createHmac } from 'node:crypto';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyAnswer } from '../../src/national/classify';
import { createNationalClient } from '../../src/national/client';
import { withRateLimitedQueries } from '../../src/national/limited-client';
import { newClientId, type Notice, type NoticeResponseBody, type RaiseNoticeBody } from '../../src/national/notices';

const ORIGIN = 'http://ntp.example.test';
const SECRET = 'the-app-secret-value';

function client(extra: Partial<Parameters<typeof createNationalClient>[0]> = {}) {
  return createNationalClient({ baseUrl: `${ORIGIN}/ntp/v1`, appKey: 'gs-prov', appSecret: SECRET, signMethod: 'HMAC-SHA256', ...extra });
}

function expectedSignature(method: string, path: string, headers: Record<string, unknown>, body: Buffer, hash = 'sha256') {
  const digest = createHash(hash).update(body).digest('hex');
  const canonical = [method, path, headers['x-timestamp'], headers['x-nonce'], digest].join('\n');
  return createHmac(hash, Buffer.from(SECRET, 'utf8')).update(canonical).digest('hex');
}

const NOTICE: Notice = {
  noticeId: 'NT20261205000001',
  revision: 1,
  kind: 'PROBLEM_PRODUCT',
  severity: 'HIGH',
  issuedAt: '2026-12-05T10:00:00+08:00',
  issuerRegion: '110101',
  targetRegions: ['62'],
  traceCodes: ['62012301240611000122'],
  productCode: 'VEG_LEAFY',
  hazard: 'chlorpyrifos above the limit',
  actionsRequired: ['TRACE'],
  respondBy: '2026-12-08T10:00:00+08:00',
};

const RESPONSE: NoticeResponseBody = {
  responseId: 'resp-0000000001',
  status: 'ACKNOWLEDGED',
  respondedAt: '2026-12-05T10:30:00+08:00',
};

const RAISE: RaiseNoticeBody = {
  clientNoticeId: 'notice-000000001',
  kind: 'PROBLEM_PRODUCT',
  severity: 'HIGH',
  issuerRegion: '620123',
  traceCodes: ['62012301240611000122'],
  productCode: 'VEG_LEAFY',
  hazard: 'chlorpyrifos above the limit',
  evidence: [{ interface: 'inspections', recordId: 'insp-1' }],
  actionsRequired: ['TRACE', 'OFF_SHELF'],
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('noticeFeed', () => {
  it('signs the path with its query string as sent and reads the page', async () => {
    let headers: Record<string, unknown> = {};
    let seenPath = '';
    const page = { code: '0', notices: [NOTICE], cursor: 'c/2+x', hasMore: true };
    nock(ORIGIN)
      .get(/^\/ntp\/v1\/notices/)
      .reply(function (uri) {
        headers = this.req.headers;
        seenPath = uri;
        return [200, page];
      });
    const answer = await client().noticeFeed('c/1+x', 20);
    expect(seenPath).toBe('/ntp/v1/notices?after=c%2F1%2Bx&limit=20');
    expect(headers['x-signature']).toBe(expectedSignature('GET', seenPath, headers, Buffer.alloc(0)));
    expect(answer).toEqual({ kind: 'ok', status: 200, body: { notices: [NOTICE], cursor: 'c/2+x', hasMore: true, malformed: [] } });
  });

  it('starts at the beginning without after', async () => {
    let seenPath = '';
    nock(ORIGIN)
      .get(/^\/ntp\/v1\/notices/)
      .reply(function (uri) {
        seenPath = uri;
        return [200, { code: '0', notices: [], cursor: 'c0', hasMore: false }];
      });
    await client().noticeFeed(undefined, 50);
    expect(seenPath).toBe('/ntp/v1/notices?limit=50');
  });

  it('sets a malformed notice aside with its errors and keeps the others and the cursor', async () => {
    const bad = { ...NOTICE, noticeId: 'NT20261205000002', traceCodes: ['62012301240611000123'], severity: 'SEVERE' };
    nock(ORIGIN)
      .get(/^\/ntp\/v1\/notices/)
      .reply(200, { code: '0', notices: [bad, NOTICE, 'not a notice'], cursor: 'c1', hasMore: false });
    const answer = await client().noticeFeed(undefined, 50);
    expect(answer.kind).toBe('ok');
    if (answer.kind !== 'ok') return;
    expect(answer.body.notices).toEqual([NOTICE]);
    expect(answer.body.cursor).toBe('c1');
    expect(answer.body.malformed).toEqual([
      {
        index: 0,
        noticeId: 'NT20261205000002',
        revision: 1,
        raw: bad,
        errors: [
          { code: 'E4001', path: '/severity', message: expect.any(String) },
          { code: 'E4004', path: '/traceCodes/0', message: 'trace code: wrong check digit' },
        ],
      },
      { index: 2, raw: 'not a notice', errors: [{ code: 'E4001', path: '', message: 'notice must be a JSON object' }] },
    ]);
  });

  it('flags a page without a cursor, and classifies E1005', async () => {
    nock(ORIGIN)
      .get(/^\/ntp\/v1\/notices/)
      .reply(200, { code: '0', notices: [] });
    expect(await client().noticeFeed(undefined, 50)).toMatchObject({ kind: 'error', status: 200, code: 'TG_NATIONAL_BAD_RESPONSE' });
    nock(ORIGIN)
      .get(/^\/ntp\/v1\/notices/)
      .reply(400, { code: 'E1005', message: 'unknown cursor' });
    const answer = await client().noticeFeed('nope', 50);
    expect(answer).toMatchObject({ kind: 'error', status: 400, code: 'E1005' });
    expect(classifyAnswer(answer)).toMatchObject({ action: 'fix', code: 'E1005' });
  });
});

describe('getNotice', () => {
  it('reads the latest revision and the responses', async () => {
    const body = { code: '0', notice: NOTICE, responses: [{ ...RESPONSE, receivedAt: '2026-12-05T10:30:01.000+08:00' }] };
    nock(ORIGIN).get('/ntp/v1/notices/NT20261205000001').reply(200, body);
    expect(await client().getNotice('NT20261205000001')).toEqual({ kind: 'ok', status: 200, body });
  });

  it('reports a malformed notice with its errors, and 404 E1404', async () => {
    nock(ORIGIN)
      .get('/ntp/v1/notices/NT20261205000001')
      .reply(200, { code: '0', notice: { ...NOTICE, kind: 'WITHDRAWN' }, responses: [] });
    const answer = await client().getNotice('NT20261205000001');
    expect(answer).toMatchObject({
      kind: 'error',
      code: 'TG_NATIONAL_BAD_RESPONSE',
      errors: [{ code: 'E4002', path: '/supersedes' }],
    });
    nock(ORIGIN).get('/ntp/v1/notices/NT20261205000009').reply(404, { code: 'E1404', message: 'notice not found' });
    expect(await client().getNotice('NT20261205000009')).toMatchObject({ kind: 'error', status: 404, code: 'E1404' });
  });
});

describe('respondToNotice', () => {
  it('sends the same bytes for the same body however it was built, signed over those bytes', async () => {
    const sent: { headers: Record<string, unknown>; text: string }[] = [];
    nock(ORIGIN)
      .post('/ntp/v1/notices/NT20261205000001/responses')
      .times(2)
      .reply(function (_uri, body) {
        sent.push({ headers: this.req.headers, text: typeof body === 'string' ? body : JSON.stringify(body) });
        return [200, { code: '0', noticeId: 'NT20261205000001', responseId: RESPONSE.responseId, receivedAt: '2026-12-05T10:30:01+08:00' }];
      });
    const body: NoticeResponseBody = {
      ...RESPONSE,
      status: 'COMPLETED',
      findings: [{ interface: 'batches', recordId: 'b-1' }],
      actions: [{ action: 'OFF_SHELF', at: '2026-12-05T10:20:00+08:00', quantity: 12.5, unit: 'KG' }],
    };
    const reordered = {
      actions: [{ unit: 'KG', quantity: 12.5, at: '2026-12-05T10:20:00+08:00', action: 'OFF_SHELF' }],
      findings: [{ recordId: 'b-1', interface: 'batches' }],
      respondedAt: body.respondedAt,
      status: body.status,
      responseId: body.responseId,
    } as NoticeResponseBody;
    const c = client();
    const first = await c.respondToNotice('NT20261205000001', body);
    const second = await c.respondToNotice('NT20261205000001', reordered);
    expect(first).toEqual({
      kind: 'ok',
      status: 200,
      body: { code: '0', noticeId: 'NT20261205000001', responseId: RESPONSE.responseId, receivedAt: '2026-12-05T10:30:01+08:00' },
    });
    expect(second).toEqual(first);
    expect(sent[0].text).toBe(sent[1].text);
    expect(sent[0].text).toBe(
      '{"responseId":"resp-0000000001","status":"COMPLETED","respondedAt":"2026-12-05T10:30:00+08:00",' +
        '"findings":[{"interface":"batches","recordId":"b-1"}],' +
        '"actions":[{"action":"OFF_SHELF","at":"2026-12-05T10:20:00+08:00","quantity":12.5,"unit":"KG"}]}',
    );
    for (const s of sent) {
      expect(s.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(s.headers['x-signature']).toBe(
        expectedSignature('POST', '/ntp/v1/notices/NT20261205000001/responses', s.headers, Buffer.from(s.text, 'utf8')),
      );
    }
    // A fresh nonce on every attempt (§7.3), the same body.
    expect(sent[0].headers['x-nonce']).not.toBe(sent[1].headers['x-nonce']);
  });

  it('signs with HMAC-SM3 when configured', async () => {
    let seen: { headers: Record<string, unknown>; text: string } | undefined;
    nock(ORIGIN)
      .post('/ntp/v1/notices/NT20261205000001/responses')
      .reply(function (_uri, body) {
        seen = { headers: this.req.headers, text: JSON.stringify(body) };
        return [200, { code: '0', noticeId: 'NT20261205000001', responseId: RESPONSE.responseId, receivedAt: 'x' }];
      });
    await client({ signMethod: 'HMAC-SM3' }).respondToNotice('NT20261205000001', RESPONSE);
    expect(seen!.headers['x-sign-method']).toBe('HMAC-SM3');
    expect(seen!.headers['x-signature']).toBe(
      expectedSignature('POST', '/ntp/v1/notices/NT20261205000001/responses', seen!.headers, Buffer.from(seen!.text), 'sm3'),
    );
  });

  it('returns the field errors of a 422 E4000', async () => {
    const errors = [
      { code: 'E4001', path: '/respondedAt', message: 'must be a timestamp' },
      { code: 'E4012', path: '/findings/0', message: 'not accepted' },
    ];
    nock(ORIGIN).post('/ntp/v1/notices/NT20261205000001/responses').reply(422, { code: 'E4000', message: 'field errors', errors });
    const answer = await client().respondToNotice('NT20261205000001', RESPONSE);
    expect(answer).toEqual({ kind: 'error', status: 422, code: 'E4000', message: 'field errors', errors });
    expect(classifyAnswer(answer)).toMatchObject({ action: 'fix', code: 'E4000' });
  });

  it.each([
    [409, 'E1409'],
    [409, 'E4011'],
    [409, 'E4013'],
    [404, 'E1404'],
    [422, 'E4012'],
  ])('classifies %i %s as needing a fix, never a retry', async (status, code) => {
    nock(ORIGIN).post('/ntp/v1/notices/NT20261205000001/responses').reply(status, { code, message: 'm' });
    const answer = await client().respondToNotice('NT20261205000001', RESPONSE);
    expect(answer).toMatchObject({ kind: 'error', status, code });
    expect(classifyAnswer(answer)).toMatchObject({ action: 'fix', code });
  });

  it('retries a 429 after Retry-After and a lost connection', async () => {
    nock(ORIGIN).post('/ntp/v1/notices/NT20261205000001/responses').reply(429, { code: 'E3001', message: 'slow' }, { 'Retry-After': '2' });
    expect(classifyAnswer(await client().respondToNotice('NT20261205000001', RESPONSE))).toMatchObject({
      action: 'retry',
      retryAfterMs: 2000,
    });
    nock(ORIGIN)
      .post('/ntp/v1/notices/NT20261205000001/responses')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const lost = await client().respondToNotice('NT20261205000001', RESPONSE);
    expect(lost).toMatchObject({ kind: 'network' });
    expect(classifyAnswer(lost).action).toBe('retry');
  });
});

describe('raiseNotice', () => {
  it('accepts 201 when created and 200 for a repeat, both with the same bytes', async () => {
    const texts: string[] = [];
    const answer = { code: '0', noticeId: 'NT20261205000003', clientNoticeId: RAISE.clientNoticeId, targetRegions: ['11'] };
    nock(ORIGIN)
      .post('/ntp/v1/notices')
      .reply(function (_uri, body) {
        texts.push(JSON.stringify(body));
        return [201, answer];
      })
      .post('/ntp/v1/notices')
      .reply(function (_uri, body) {
        texts.push(JSON.stringify(body));
        return [200, answer];
      });
    const c = client();
    expect(await c.raiseNotice(RAISE)).toEqual({ kind: 'ok', status: 201, body: answer });
    expect(await c.raiseNotice({ ...RAISE })).toEqual({ kind: 'ok', status: 200, body: answer });
    expect(texts[0]).toBe(texts[1]);
    expect(Object.keys(JSON.parse(texts[0]) as object)).toEqual([
      'clientNoticeId',
      'kind',
      'severity',
      'issuerRegion',
      'traceCodes',
      'productCode',
      'hazard',
      'evidence',
      'actionsRequired',
    ]);
  });

  it('flags a success without targetRegions', async () => {
    nock(ORIGIN).post('/ntp/v1/notices').reply(201, { code: '0', noticeId: 'NT20261205000003', clientNoticeId: RAISE.clientNoticeId });
    expect(await client().raiseNotice(RAISE)).toMatchObject({ kind: 'error', status: 201, code: 'TG_NATIONAL_BAD_RESPONSE' });
  });
});

describe('rate limiting and ids', () => {
  it('takes a token from the shared limiter for each notice call', async () => {
    let tokens = 0;
    const limited = withRateLimitedQueries(client(), {
      acquire: async () => {
        tokens++;
      },
    });
    nock(ORIGIN)
      .get(/^\/ntp\/v1\/notices/)
      .reply(200, { code: '0', notices: [], cursor: 'c', hasMore: false });
    nock(ORIGIN).get('/ntp/v1/notices/NT20261205000001').reply(404, { code: 'E1404', message: 'm' });
    nock(ORIGIN).post('/ntp/v1/notices/NT20261205000001/responses').reply(409, { code: 'E4011', message: 'm' });
    nock(ORIGIN).post('/ntp/v1/notices').reply(422, { code: 'E4000', message: 'm', errors: [] });
    await limited.noticeFeed(undefined, 10);
    await limited.getNotice('NT20261205000001');
    await limited.respondToNotice('NT20261205000001', RESPONSE);
    await limited.raiseNotice(RAISE);
    expect(tokens).toBe(4);
  });

  it('makes ids inside the 8-64 [A-Za-z0-9_-] pattern, different each time', () => {
    const a = newClientId('resp');
    const b = newClientId('notice');
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(b).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(a).not.toBe(newClientId('resp'));
  });
});
