import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bodyDigest, canonicalString, signRequest, verifySignature } from '../../src/national/sign';

const SECRET = 'sk-test-秘密-0001';
const BODY = '{"batchId":"b-00000001","records":[{"recordId":"r1","version":1}]}';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('bodyDigest', () => {
  it('matches the GB/T 32905 SM3 test vector', () => {
    expect(bodyDigest('abc', 'HMAC-SM3')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('is SHA-256 of the bytes for HMAC-SHA256, including the empty GET body', () => {
    expect(bodyDigest('', 'HMAC-SHA256')).toBe(EMPTY_SHA256);
    expect(bodyDigest(Buffer.from([0x1f, 0x8b, 0x00]), 'HMAC-SHA256')).toBe(
      createHash('sha256')
        .update(Buffer.from([0x1f, 0x8b, 0x00]))
        .digest('hex'),
    );
  });
});

describe('canonicalString', () => {
  it('joins the five lines with \\n, upper-cases the method, no trailing newline', () => {
    expect(
      canonicalString({
        method: 'post',
        path: '/ntp/v1/trades/batch',
        timestamp: '1709251200000',
        nonce: 'n-1234567890abcdef',
        bodyDigestHex: 'ab',
      }),
    ).toBe('POST\n/ntp/v1/trades/batch\n1709251200000\nn-1234567890abcdef\nab');
  });
});

describe('signRequest', () => {
  const now = () => 1709251200123;
  const nonce = () => 'abcdef0123456789-ABCDEF';

  it.each([
    ['HMAC-SHA256', 'sha256'],
    ['HMAC-SM3', 'sm3'],
  ] as const)('signs %s over the canonical string built by hand', (signMethod, hash) => {
    const headers = signRequest({
      method: 'POST',
      path: '/ntp/v1/subjects/batch',
      body: BODY,
      appKey: 'gs-prov',
      appSecret: SECRET,
      signMethod,
      now,
      nonce,
    });
    const digest = createHash(hash).update(Buffer.from(BODY, 'utf8')).digest('hex');
    const canonical = `POST\n/ntp/v1/subjects/batch\n1709251200123\nabcdef0123456789-ABCDEF\n${digest}`;
    const expected = createHmac(hash, Buffer.from(SECRET, 'utf8')).update(canonical).digest('hex');
    expect(headers).toEqual({
      'X-App-Key': 'gs-prov',
      'X-Timestamp': '1709251200123',
      'X-Nonce': 'abcdef0123456789-ABCDEF',
      'X-Sign-Method': signMethod,
      'X-Signature': expected,
    });
  });

  it('signs a GET with the digest of the empty string and keeps the query string', () => {
    const headers = signRequest({
      method: 'GET',
      path: '/ntp/v1/stats?date=2024-03-01',
      body: '',
      appKey: 'k',
      appSecret: SECRET,
      signMethod: 'HMAC-SHA256',
      now,
      nonce,
    });
    const canonical = `GET\n/ntp/v1/stats?date=2024-03-01\n1709251200123\nabcdef0123456789-ABCDEF\n${EMPTY_SHA256}`;
    expect(headers['X-Signature']).toBe(createHmac('sha256', SECRET).update(canonical).digest('hex'));
  });

  it('uses a fresh 32-character nonce of the allowed alphabet by default', () => {
    const a = signRequest({ method: 'GET', path: '/x', body: '', appKey: 'k', appSecret: 's', signMethod: 'HMAC-SHA256' });
    const b = signRequest({ method: 'GET', path: '/x', body: '', appKey: 'k', appSecret: 's', signMethod: 'HMAC-SHA256' });
    expect(a['X-Nonce']).toMatch(/^[A-Za-z0-9-]{32}$/);
    expect(a['X-Nonce']).not.toBe(b['X-Nonce']);
    expect(a['X-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verifySignature', () => {
  const signed = signRequest({
    method: 'POST',
    path: '/ntp/v1/trades/batch',
    body: BODY,
    appKey: 'k',
    appSecret: SECRET,
    signMethod: 'HMAC-SM3',
    now: () => 1,
    nonce: () => 'nonce-nonce-nonce-1',
  });
  const base = {
    method: 'POST',
    path: '/ntp/v1/trades/batch',
    body: BODY,
    timestamp: '1',
    nonce: 'nonce-nonce-nonce-1',
    signMethod: 'HMAC-SM3' as const,
    signature: signed['X-Signature'],
    appSecret: SECRET,
  };
  it('accepts the signature it made', () => {
    expect(verifySignature(base)).toBe(true);
  });
  it.each([
    ['another secret', { appSecret: 'other' }],
    ['another body', { body: `${BODY} ` }],
    ['another path', { path: '/ntp/v1/trades/batch?x=1' }],
    ['another method', { signMethod: 'HMAC-SHA256' as const }],
    ['upper-case hex', { signature: signed['X-Signature'].toUpperCase() }],
    ['a short value', { signature: 'abc' }],
  ])('refuses %s', (_, change) => {
    expect(verifySignature({ ...base, ...change })).toBe(false);
  });
});
