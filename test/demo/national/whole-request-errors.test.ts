import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { batchBody, GS, newBatchId, rec, startMock, type RawAnswer } from './helpers';

const MiB4 = 4_194_304;

function expectError(answer: RawAnswer, status: number, code: string) {
  expect({ status: answer.status, code: answer.json?.code }).toEqual({ status, code });
  expect(answer.json).not.toHaveProperty('results');
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
}

/** A valid batch whose serialized size is exactly `bytes`, padded inside a string field. */
function bodyOfSize(bytes: number): string {
  const base = batchBody(newBatchId(), [rec('batches', { baseName: '' })]);
  const pad = bytes - Buffer.byteLength(base);
  return base.replace('"baseName":""', `"baseName":"${' '.repeat(pad)}"`);
}

describe('§1 and §7.1 transport', () => {
  it.each([
    ['not JSON', '{"batchId":'],
    ['an array', '[]'],
    ['without records', '{"batchId":"abcdefgh"}'],
    ['without batchId', '{"records":[]}'],
    ['records not an array', '{"batchId":"abcdefgh","records":{}}'],
    ['a batchId too short', '{"batchId":"abc","records":[{}]}'],
    ['a batchId with a bad character', '{"batchId":"abcdefgh!","records":[{}]}'],
  ])('400 E1000 for a body that is %s', async (_, body) => {
    const { send } = await startMock();
    expectError(await send({ path: 'trades/batch', body }), 400, 'E1000');
  });

  it('400 E1000 for a UTF-8 byte-order mark', async () => {
    const { send } = await startMock();
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(batchBody(newBatchId(), [rec('trades')]))]);
    expectError(await send({ path: 'trades/batch', body }), 400, 'E1000');
  });

  it('400 E1000 for invalid UTF-8', async () => {
    const { send } = await startMock();
    const text = batchBody(newBatchId(), [rec('subjects', { name: 'XX' })]);
    const body = Buffer.from(text.replace('XX', '\u0000\u0000'));
    const at = body.indexOf(0);
    body[at] = 0xc3;
    body[at + 1] = 0x28; // 0xC3 must be followed by a continuation byte
    expectError(await send({ path: 'subjects/batch', body }), 400, 'E1000');
  });

  it('400 E1000 for a body labelled gzip that does not inflate', async () => {
    const { send } = await startMock();
    const answer = await send({
      path: 'trades/batch',
      body: batchBody(newBatchId(), [rec('trades')]),
      headers: { 'Content-Encoding': 'gzip' },
    });
    expectError(answer, 400, 'E1000');
  });

  it('accepts a gzip body', async () => {
    const { send } = await startMock();
    const body = gzipSync(batchBody(newBatchId(), [rec('trades')]));
    const answer = await send({ path: 'trades/batch', body, headers: { 'Content-Encoding': 'gzip' } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ accepted: 1 });
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['no charset', 'application/json'],
    ['another charset', 'application/json; charset=gbk'],
  ])('415 E1003 for a content type with %s', async (_, type) => {
    const { send } = await startMock();
    const answer = await send({ path: 'trades/batch', body: batchBody(newBatchId(), [rec('trades')]), headers: { 'Content-Type': type } });
    expectError(answer, 415, 'E1003');
  });

  it.each(['APPLICATION/JSON; CHARSET=UTF-8', 'application/json;charset="utf-8"'])('accepts content type %s', async (type) => {
    const { send } = await startMock();
    const answer = await send({ path: 'trades/batch', body: batchBody(newBatchId(), [rec('trades')]), headers: { 'Content-Type': type } });
    expect(answer.status).toBe(200);
  });

  it('415 E1003 for an encoding other than gzip', async () => {
    const { send } = await startMock();
    const answer = await send({
      path: 'trades/batch',
      body: batchBody(newBatchId(), [rec('trades')]),
      headers: { 'Content-Encoding': 'deflate' },
    });
    expectError(answer, 415, 'E1003');
  });

  it('accepts exactly 4 MiB and refuses one byte more with 413 E1002', async () => {
    const { send } = await startMock();
    const exact = bodyOfSize(MiB4);
    expect(Buffer.byteLength(exact)).toBe(MiB4);
    // The padding makes the record invalid (baseName too long) but the request is accepted.
    expect((await send({ path: 'batches/batch', body: exact })).status).toBe(200);
    expectError(await send({ path: 'batches/batch', body: bodyOfSize(MiB4 + 1) }), 413, 'E1002');
  });

  it('counts the 4 MiB after decompression', async () => {
    const { send } = await startMock();
    const body = gzipSync(bodyOfSize(MiB4 + 1));
    expect(body.length).toBeLessThan(MiB4);
    expectError(await send({ path: 'batches/batch', body, headers: { 'Content-Encoding': 'gzip' } }), 413, 'E1002');
  });

  it('400 E1001 for an empty batch and for 501 records; 500 records pass', async () => {
    const { send } = await startMock();
    expectError(await send({ path: 'trades/batch', body: batchBody(newBatchId(), []) }), 400, 'E1001');
    const many = (n: number) => Array.from({ length: n }, (_, i) => rec('trades', { recordId: `t-${i}` }));
    expectError(await send({ path: 'trades/batch', body: batchBody(newBatchId(), many(501)) }), 400, 'E1001');
    const ok = await send({ path: 'trades/batch', body: batchBody(newBatchId(), many(500)) });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ accepted: 500 });
  });

  it('404 E1004 for an unknown interface or endpoint', async () => {
    const { send } = await startMock();
    expectError(await send({ path: 'fish/batch', body: batchBody(newBatchId(), [rec('trades')]) }), 404, 'E1004');
    expectError(await send({ path: 'trades/upload', body: batchBody(newBatchId(), [rec('trades')]) }), 404, 'E1004');
    expectError(await send({ path: 'fish/records/x' }), 404, 'E1004');
    expectError(await send({ path: '/other/path' }), 404, 'E1004');
  });
});

describe('§2 and §7.3–7.4 authentication', () => {
  const body = () => batchBody(newBatchId(), [rec('trades')]);

  it.each([
    ['missing', undefined],
    ['unknown', 'nobody'],
  ])('401 E2004 for a %s appKey', async (_, key) => {
    const { send } = await startMock();
    expectError(await send({ path: 'trades/batch', body: body(), override: { 'X-App-Key': key } }), 401, 'E2004');
  });

  it.each([
    ['a signature made with another secret', { as: { ...GS, appSecret: 'wrong' } }],
    ['a missing sign method', { override: { 'X-Sign-Method': undefined } }],
    ['a sign method in the wrong case', { override: { 'X-Sign-Method': 'hmac-sha256' } }],
    ['an unknown sign method', { override: { 'X-Sign-Method': 'HMAC-MD5' } }],
    ['an upper-case signature', { override: { 'X-Signature': 'A'.repeat(64) } }],
    ['a short signature', { override: { 'X-Signature': 'abc' } }],
    ['a missing signature', { override: { 'X-Signature': undefined } }],
    ['a signature made with another method', { override: { 'X-Sign-Method': 'HMAC-SM3' } }],
  ])('401 E2001 for %s', async (_, change) => {
    const { send } = await startMock();
    expectError(await send({ path: 'trades/batch', body: body(), ...change }), 401, 'E2001');
  });

  it('verifies both signing methods', async () => {
    const { send } = await startMock();
    expect((await send({ path: 'trades/batch', body: body(), signMethod: 'HMAC-SM3' })).status).toBe(200);
    expect((await send({ path: 'trades/batch', body: body(), signMethod: 'HMAC-SHA256' })).status).toBe(200);
  });

  it('signs over the request target exactly as sent', async () => {
    const { send } = await startMock();
    const answer = await send({ path: 'stats?date=2024-03-01', override: { 'X-Signature': undefined } });
    expectError(answer, 401, 'E2001');
    expect((await send({ path: 'stats?date=2024-03-01' })).status).toBe(200);
  });

  it('401 E2002 for a skew over 300 s either way, accepting exactly 300 s', async () => {
    const t = Date.parse('2024-03-01T00:00:00Z');
    const { send } = await startMock({ now: () => t });
    const at = (offset: number) => send({ path: 'trades/batch', body: body(), now: () => t + offset });
    expectError(await at(300_001), 401, 'E2002');
    expectError(await at(-300_001), 401, 'E2002');
    expect((await at(300_000)).status).toBe(200);
    expect((await at(-300_000)).status).toBe(200);
  });

  it.each([
    ['missing', undefined],
    ['not numeric', '17092512e5'],
  ])('401 E2002 for a %s timestamp', async (_, value) => {
    const { send } = await startMock();
    expectError(await send({ path: 'trades/batch', body: body(), override: { 'X-Timestamp': value } }), 401, 'E2002');
  });

  it.each([
    ['missing', undefined],
    ['too short', 'abc'],
    ['with a bad character', 'abcdefghijklmnop_'],
    ['too long', 'a'.repeat(65)],
  ])('401 E2003 for a %s nonce', async (_, value) => {
    const { send } = await startMock();
    expectError(await send({ path: 'trades/batch', body: body(), override: { 'X-Nonce': value } }), 401, 'E2003');
  });

  it('401 E2003 when a nonce is reused, even when the first use was refused', async () => {
    const { send } = await startMock();
    const nonce = 'nonce-0123456789-abcdef';
    expectError(await send({ path: 'trades/batch', body: '{"broken"', nonce }), 400, 'E1000');
    expectError(await send({ path: 'trades/batch', body: body(), nonce }), 401, 'E2003');
    expectError(await send({ path: 'stats?date=2024-03-01', nonce }), 401, 'E2003');
  });

  it('does not use up a nonce when the signature fails', async () => {
    const { send } = await startMock();
    const nonce = 'nonce-unused-0123456789';
    expectError(await send({ path: 'trades/batch', body: body(), nonce, as: { ...GS, appSecret: 'wrong' } }), 401, 'E2001');
    expect((await send({ path: 'trades/batch', body: body(), nonce })).status).toBe(200);
  });

  it('forgets a nonce after 15 minutes', async () => {
    let t = Date.parse('2024-03-01T00:00:00Z');
    const { send } = await startMock({ now: () => t });
    const nonce = 'nonce-expiring-012345';
    expect((await send({ path: 'stats?date=2024-03-01', nonce, now: () => t })).status).toBe(200);
    t += 15 * 60_000 - 1;
    expectError(await send({ path: 'stats?date=2024-03-01', nonce, now: () => t }), 401, 'E2003');
    t += 15 * 60_000 + 1;
    expect((await send({ path: 'stats?date=2024-03-01', nonce, now: () => t })).status).toBe(200);
  });
});
