import { createHash, createHmac } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNationalClient } from '../../src/national/client';

const ORIGIN = 'http://ntp.example.test';
const SECRET = 'the-app-secret-value';
const BODY = '{"batchId":"batch-0001","records":[{"recordId":"r-1","version":1,"name":"金城"}]}';
const receipt = {
  code: '0',
  message: 'ok',
  receiptId: 'R-1',
  batchId: 'batch-0001',
  accepted: 1,
  duplicate: 0,
  rejected: 0,
  results: [{ index: 0, recordId: 'r-1', status: 'ACCEPTED' }],
};

function client(extra: Partial<Parameters<typeof createNationalClient>[0]> = {}) {
  return createNationalClient({
    baseUrl: `${ORIGIN}/ntp/v1`,
    appKey: 'gs-prov',
    appSecret: SECRET,
    signMethod: 'HMAC-SHA256',
    now: () => 1709251200000,
    ...extra,
  });
}

/** The signature the platform expects, computed here without the code under test. */
function expectedSignature(method: string, path: string, headers: Record<string, unknown>, body: Buffer, hash = 'sha256') {
  const digest = createHash(hash).update(body).digest('hex');
  const canonical = [method, path, headers['x-timestamp'], headers['x-nonce'], digest].join('\n');
  return createHmac(hash, Buffer.from(SECRET, 'utf8')).update(canonical).digest('hex');
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('postBatch', () => {
  it('sends the body byte for byte, signed, and returns the receipt', async () => {
    let seen: { headers: Record<string, unknown>; body: string } | undefined;
    nock(ORIGIN)
      .post('/ntp/v1/trades/batch')
      .reply(function (_uri, body) {
        seen = { headers: this.req.headers, body: JSON.stringify(body) };
        return [200, receipt];
      });
    const answer = await client().postBatch('trades', BODY);
    expect(answer).toEqual({ kind: 'receipt', status: 200, receipt });
    expect(seen).toBeDefined();
    const h = seen!.headers;
    expect(h['content-type']).toBe('application/json; charset=utf-8');
    expect(h['content-encoding']).toBeUndefined();
    expect(h['x-app-key']).toBe('gs-prov');
    expect(h['x-timestamp']).toBe('1709251200000');
    expect(h['x-sign-method']).toBe('HMAC-SHA256');
    expect(h['x-signature']).toBe(expectedSignature('POST', '/ntp/v1/trades/batch', h, Buffer.from(BODY, 'utf8')));
  });

  it('sends a body given as bytes exactly as the same body given as text', async () => {
    const seen: Array<{ body: string; signature: unknown }> = [];
    nock(ORIGIN)
      .post('/ntp/v1/trades/batch')
      .times(2)
      .reply(function (_uri, body) {
        seen.push({ body: JSON.stringify(body), signature: this.req.headers['x-signature'] });
        return [200, receipt];
      });
    const c = client({ nonce: () => 'fixed-nonce' });
    await c.postBatch('trades', BODY);
    await c.postBatch('trades', Buffer.from(BODY, 'utf8'));
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
  });

  it('signs with HMAC-SM3 when configured', async () => {
    let headers: Record<string, unknown> = {};
    nock(ORIGIN)
      .post('/ntp/v1/subjects/batch')
      .reply(function () {
        headers = this.req.headers;
        return [200, receipt];
      });
    await client({ signMethod: 'HMAC-SM3' }).postBatch('subjects', BODY);
    expect(headers['x-sign-method']).toBe('HMAC-SM3');
    expect(headers['x-signature']).toBe(expectedSignature('POST', '/ntp/v1/subjects/batch', headers, Buffer.from(BODY), 'sm3'));
  });

  it('uses a fresh nonce on every call', async () => {
    const nonces: unknown[] = [];
    nock(ORIGIN)
      .post('/ntp/v1/trades/batch')
      .times(2)
      .reply(function () {
        nonces.push(this.req.headers['x-nonce']);
        return [200, receipt];
      });
    const c = client();
    await c.postBatch('trades', BODY);
    await c.postBatch('trades', BODY);
    expect(nonces).toHaveLength(2);
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('compresses a body over the threshold and signs the compressed bytes', async () => {
    const big = JSON.stringify({
      batchId: 'batch-0002',
      records: Array.from({ length: 200 }, (_, i) => ({ recordId: `r-${i}`, version: 1 })),
    });
    let sent: { headers: Record<string, unknown>; bytes: Buffer } | undefined;
    const scope = nock(ORIGIN).post('/ntp/v1/trades/batch').reply(200, receipt);
    scope.on('request', (req: { headers: Record<string, unknown> }, _interceptor: unknown, bodyString: string) => {
      // nock hands over non-UTF-8 bodies as hex.
      sent = { headers: req.headers, bytes: Buffer.from(bodyString, 'hex') };
    });
    const answer = await client({ gzipAboveBytes: 1024 }).postBatch('trades', big);
    expect(answer.kind).toBe('receipt');
    expect(sent!.headers['content-encoding']).toBe('gzip');
    expect(sent!.bytes.length).toBeLessThan(Buffer.byteLength(big));
    expect(gunzipSync(sent!.bytes).toString('utf8')).toBe(big);
    expect(sent!.headers['x-signature']).toBe(expectedSignature('POST', '/ntp/v1/trades/batch', sent!.headers, sent!.bytes));
    expect(sent!.headers['x-signature']).not.toBe(
      expectedSignature('POST', '/ntp/v1/trades/batch', sent!.headers, Buffer.from(big, 'utf8')),
    );
  });

  it('does not compress a body at the threshold', async () => {
    let encoding: unknown = 'unset';
    nock(ORIGIN)
      .post('/ntp/v1/trades/batch')
      .reply(function () {
        encoding = this.req.headers['content-encoding'];
        return [200, receipt];
      });
    await client({ gzipAboveBytes: Buffer.byteLength(BODY) }).postBatch('trades', BODY);
    expect(encoding).toBeUndefined();
  });

  it('reports a 500 with its code', async () => {
    nock(ORIGIN).post('/ntp/v1/trades/batch').reply(500, { code: 'E9000', message: 'platform error' });
    expect(await client().postBatch('trades', BODY)).toEqual({ kind: 'error', status: 500, code: 'E9000', message: 'platform error' });
  });

  it('reports a 429 with Retry-After in seconds', async () => {
    nock(ORIGIN).post('/ntp/v1/trades/batch').reply(429, { code: 'E3001', message: 'slow down' }, { 'Retry-After': '3' });
    expect(await client().postBatch('trades', BODY)).toEqual({
      kind: 'error',
      status: 429,
      code: 'E3001',
      message: 'slow down',
      retryAfterMs: 3000,
    });
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const now = Date.parse('2024-03-01T00:00:00Z');
    nock(ORIGIN)
      .post('/ntp/v1/trades/batch')
      .reply(503, { code: 'E9001', message: 'maintenance' }, { 'Retry-After': 'Fri, 01 Mar 2024 00:01:00 GMT' });
    const answer = await client({ now: () => now }).postBatch('trades', BODY);
    expect(answer).toMatchObject({ kind: 'error', status: 503, code: 'E9001', retryAfterMs: 60_000 });
  });

  it('gives a stable code to an error without a JSON body', async () => {
    nock(ORIGIN).post('/ntp/v1/trades/batch').reply(502, '<html>bad gateway</html>');
    expect(await client().postBatch('trades', BODY)).toMatchObject({ kind: 'error', status: 502, code: 'TG_NATIONAL_NO_CODE' });
  });

  it('flags a 200 that is not a receipt', async () => {
    nock(ORIGIN).post('/ntp/v1/trades/batch').reply(200, { hello: 'world' });
    expect(await client().postBatch('trades', BODY)).toMatchObject({ kind: 'error', status: 200, code: 'TG_NATIONAL_BAD_RESPONSE' });
  });

  it('reports a timeout as a network answer that timed out', async () => {
    nock(ORIGIN).post('/ntp/v1/trades/batch').delay(1000).reply(200, receipt);
    const answer = await client({ timeoutMs: 50 }).postBatch('trades', BODY);
    expect(answer).toMatchObject({ kind: 'network', timedOut: true });
  });

  it('reports a lost connection as a network answer, without the secret', async () => {
    nock(ORIGIN)
      .post('/ntp/v1/trades/batch')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const answer = await client({ timeoutMs: 5000 }).postBatch('trades', BODY);
    expect(answer).toMatchObject({ kind: 'network', timedOut: false });
    expect(answer.kind === 'network' && answer.error).toContain('ECONNRESET');
    expect(JSON.stringify(answer)).not.toContain(SECRET);
  });
});

describe('queries', () => {
  it('signs GET /stats with the query string and the empty-body digest', async () => {
    let headers: Record<string, unknown> = {};
    const body = { code: '0', date: '2024-03-01', counts: {} };
    nock(ORIGIN)
      .get('/ntp/v1/stats')
      .query({ date: '2024-03-01' })
      .reply(function () {
        headers = this.req.headers;
        return [200, body];
      });
    expect(await client().getStats('2024-03-01')).toEqual({ kind: 'ok', status: 200, body });
    expect(headers['x-signature']).toBe(expectedSignature('GET', '/ntp/v1/stats?date=2024-03-01', headers, Buffer.alloc(0)));
  });

  it('returns a stored receipt as a receipt', async () => {
    nock(ORIGIN).get('/ntp/v1/receipts/R-1').reply(200, receipt);
    expect(await client().getReceipt('R-1')).toEqual({ kind: 'receipt', status: 200, receipt });
  });

  it('reads a record and a code list, and reports 404 E1404', async () => {
    nock(ORIGIN)
      .get('/ntp/v1/trades/records/r-1')
      .reply(200, { code: '0', record: { recordId: 'r-1' }, version: 2, receivedAt: 'x' });
    nock(ORIGIN).get('/ntp/v1/codelists/units').reply(200, { code: '0', name: 'units', version: '1.0', entries: [] });
    nock(ORIGIN).get('/ntp/v1/receipts/missing').reply(404, { code: 'E1404', message: 'not found' });
    expect(await client().getRecord('trades', 'r-1')).toMatchObject({ kind: 'ok', body: { version: 2 } });
    expect(await client().getCodeList('units')).toMatchObject({ kind: 'ok', body: { name: 'units' } });
    expect(await client().getReceipt('missing')).toMatchObject({ kind: 'error', status: 404, code: 'E1404' });
  });
});
