import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { SignMethod } from '../../national/types';
import { answerOf, expectRequestError } from '../checks';
import type { SendSpec, UploadExtras } from '../client';
import type { CaseContext } from '../context';
import { toJsonBuffer, toJsonText } from '../json-text';
import { beijingDate } from '../time';
import type { ConformanceCase, Endpoint } from '../types';
import { STALE_MS } from './auth-cases';
import { FOUR_MIB, freshBatch, paddedBody, uploadExpect } from './helpers';

const TRADES: Endpoint = 'POST /trades/batch';
const STATS: Endpoint = 'GET /stats';
const SIGN_METHODS: readonly SignMethod[] = ['HMAC-SHA256', 'HMAC-SM3'];

type Run = (ctx: CaseContext) => Promise<void>;

function tcase(id: string, endpoint: Endpoint, clauses: string[], title: string, run: Run): ConformanceCase {
  return { id: `transport.${id}`, endpoint, clauses, title, run };
}

/** A valid one-record trades upload, to be bent by the case. */
function tradeUpload(ctx: CaseContext, extra: Partial<SendSpec> = {}): SendSpec {
  return { method: 'POST', path: '/trades/batch', body: freshBatch(ctx, 'trades'), ...extra };
}

function statsQuery(ctx: CaseContext, extra: Partial<SendSpec> = {}): SendSpec {
  return { method: 'GET', path: `/stats?date=${beijingDate(ctx.client.now())}`, ...extra };
}

/** Sends and expects a whole-request error. */
function refuses(
  id: string,
  endpoint: Endpoint,
  clauses: string[],
  title: string,
  status: number,
  code: string,
  spec: (ctx: CaseContext) => SendSpec,
): ConformanceCase {
  return tcase(id, endpoint, clauses, title, async (ctx) => expectRequestError(ctx.v, await ctx.client.send(spec(ctx)), status, code));
}

/** A trades upload that must come back 200 with its record ACCEPTED. */
function acceptsUpload(
  id: string,
  clauses: string[],
  title: string,
  body: (ctx: CaseContext, batch: ReturnType<typeof freshBatch>) => UploadExtras,
): ConformanceCase {
  return tcase(id, TRADES, clauses, title, async (ctx) => {
    const batch = freshBatch(ctx, 'trades');
    await uploadExpect(ctx, 'trades', batch, ['ACCEPTED'], body(ctx, batch));
  });
}

function hex(n: number): string {
  return randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);
}

function invalidUtf8Body(ctx: CaseContext): Buffer {
  const text = toJsonText(freshBatch(ctx, 'trades'));
  const at = text.indexOf('"sourceSystem":"') + '"sourceSystem":"'.length;
  return Buffer.concat([Buffer.from(text.slice(0, at), 'utf8'), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(at), 'utf8')]);
}

export function transportCases(): ConformanceCase[] {
  return [...signingCases(), ...timestampNonceKeyCases(), ...bodyCases()];
}

function signingCases(): ConformanceCase[] {
  const flipLast = (s: string) => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0');
  return [
    ...SIGN_METHODS.map((m) =>
      acceptsUpload(
        `valid.${m}`,
        ['§2 X-Sign-Method', '§2 X-Signature', '§2 canonical-string', '§7.2 hmac-key'],
        `an upload signed with ${m}`,
        () => ({ sign: { signMethod: m } }),
      ),
    ),
    ...SIGN_METHODS.map((m) =>
      tcase(
        `valid.query-${m}`,
        STATS,
        ['§4 signed', '§2 canonical-string', '§7.4 canonical-path'],
        `a query with its query string, signed with ${m}`,
        async (ctx) => {
          const res = await ctx.client.send(statsQuery(ctx, { sign: { signMethod: m } }));
          ctx.v.equal('answer', '200 0', answerOf(res));
        },
      ),
    ),
    refuses(
      'E2001.bad-signature',
      TRADES,
      ['§3.2 E2001', '§2 X-Signature'],
      'last hex digit of the signature changed',
      401,
      'E2001',
      (ctx) =>
        tradeUpload(ctx, {
          mutateHeaders: (h) => {
            h['x-signature'] = flipLast(h['x-signature']);
          },
        }),
    ),
    refuses(
      'E2001.uppercase-signature',
      TRADES,
      ['§7.4 sign-method', '§2 X-Signature'],
      'the signature in upper-case hex',
      401,
      'E2001',
      (ctx) =>
        tradeUpload(ctx, {
          mutateHeaders: (h) => {
            h['x-signature'] = h['x-signature'].toUpperCase();
          },
        }),
    ),
    refuses('E2001.short-signature', TRADES, ['§7.4 sign-method'], 'a signature of 63 hex characters', 401, 'E2001', (ctx) =>
      tradeUpload(ctx, {
        mutateHeaders: (h) => {
          h['x-signature'] = h['x-signature'].slice(0, 63);
        },
      }),
    ),
    refuses('E2001.missing-signature', TRADES, ['§7.4 sign-method', '§2 X-Signature'], 'no X-Signature', 401, 'E2001', (ctx) =>
      tradeUpload(ctx, { headers: { 'x-signature': null } }),
    ),
    refuses('E2001.missing-sign-method', TRADES, ['§7.4 sign-method', '§2 X-Sign-Method'], 'no X-Sign-Method', 401, 'E2001', (ctx) =>
      tradeUpload(ctx, { headers: { 'x-sign-method': null } }),
    ),
    refuses('E2001.unknown-sign-method', TRADES, ['§7.4 sign-method', '§2 X-Sign-Method'], 'X-Sign-Method HMAC-MD5', 401, 'E2001', (ctx) =>
      tradeUpload(ctx, { headers: { 'x-sign-method': 'HMAC-MD5' } }),
    ),
    refuses(
      'E2001.sign-method-lower-case',
      TRADES,
      ['§7.4 sign-method'],
      'X-Sign-Method in lower case (case-sensitive)',
      401,
      'E2001',
      (ctx) => tradeUpload(ctx, { headers: { 'x-sign-method': ctx.client.signMethod.toLowerCase() } }),
    ),
    refuses(
      'E2001.sign-method-mismatch',
      TRADES,
      ['§2 X-Sign-Method', '§2 canonical-string'],
      'signed with HMAC-SHA256, labelled HMAC-SM3',
      401,
      'E2001',
      (ctx) => tradeUpload(ctx, { sign: { signMethod: 'HMAC-SHA256' }, headers: { 'x-sign-method': 'HMAC-SM3' } }),
    ),
    refuses('E2001.body-changed', TRADES, ['§2 canonical-string', '§3.2 E2001'], 'the body digest of another body', 401, 'E2001', (ctx) =>
      tradeUpload(ctx, { sign: { body: toJsonBuffer(freshBatch(ctx, 'trades')) } }),
    ),
    refuses(
      'E2001.query-not-signed',
      STATS,
      ['§2 canonical-string', '§7.4 canonical-path', '§4 signed'],
      'the query string left out of the canonical path',
      401,
      'E2001',
      (ctx) => statsQuery(ctx, { sign: { path: ctx.client.fullPath('/stats') } }),
    ),
    refuses(
      'E2001.base-path-not-signed',
      STATS,
      ['§7.4 canonical-path', '§1 base-path'],
      'the base path left out of the canonical path',
      401,
      'E2001',
      (ctx) => {
        const spec = statsQuery(ctx);
        return { ...spec, sign: { path: spec.path } };
      },
    ),
    refuses(
      'E2001.gzip-digest-of-inflated-body',
      TRADES,
      ['§2 canonical-string', '§1 gzip'],
      'gzip body signed over its inflated bytes',
      401,
      'E2001',
      (ctx) => {
        const plain = toJsonBuffer(freshBatch(ctx, 'trades'));
        return {
          method: 'POST',
          path: '/trades/batch',
          body: gzipSync(plain),
          headers: { 'content-encoding': 'gzip' },
          sign: { body: plain },
        };
      },
    ),
  ];
}

function timestampNonceKeyCases(): ConformanceCase[] {
  return [
    refuses('E2002.stale', TRADES, ['§3.2 E2002', '§2 X-Timestamp'], 'timestamp 330 s in the past', 401, 'E2002', (ctx) =>
      tradeUpload(ctx, { sign: { nowMs: ctx.client.now() - STALE_MS } }),
    ),
    refuses('E2002.future', TRADES, ['§3.2 E2002', '§2 X-Timestamp'], 'timestamp 330 s in the future', 401, 'E2002', (ctx) =>
      tradeUpload(ctx, { sign: { nowMs: ctx.client.now() + STALE_MS } }),
    ),
    acceptsUpload('valid.skew-240s', ['§2 X-Timestamp'], 'timestamp 240 s in the past is within the limit', (ctx) => ({
      sign: { nowMs: ctx.client.now() - 240_000 },
    })),
    refuses('E2002.seconds-not-milliseconds', TRADES, ['§2 X-Timestamp'], 'timestamp in seconds since the epoch', 401, 'E2002', (ctx) =>
      tradeUpload(ctx, { sign: { nowMs: Math.floor(ctx.client.now() / 1000) } }),
    ),
    refuses('E2002.missing-timestamp', TRADES, ['§7.4 timestamp'], 'no X-Timestamp', 401, 'E2002', (ctx) =>
      tradeUpload(ctx, { headers: { 'x-timestamp': null } }),
    ),
    refuses('E2002.non-numeric-timestamp', TRADES, ['§7.4 timestamp'], 'X-Timestamp as an ISO date', 401, 'E2002', (ctx) =>
      tradeUpload(ctx, { headers: { 'x-timestamp': new Date(ctx.client.now()).toISOString() } }),
    ),
    tcase('E2003.nonce-reuse', TRADES, ['§3.2 E2003', '§2 X-Nonce'], 'a nonce used by an accepted upload, used again', async (ctx) => {
      const nonce = ctx.client.newNonce();
      await uploadExpect(ctx, 'trades', freshBatch(ctx, 'trades'), ['ACCEPTED'], { sign: { nonce } });
      expectRequestError(ctx.v, await ctx.client.send(tradeUpload(ctx, { sign: { nonce } })), 401, 'E2003');
    }),
    tcase(
      'E2003.nonce-reuse-across-endpoints',
      TRADES,
      ['§2 X-Nonce', '§7.3 nonce-used-up', '§7.5 rate-window'],
      'a nonce used by a query, used again by an upload',
      async (ctx) => {
        const nonce = ctx.client.newNonce();
        ctx.v.equal('query', '200 0', answerOf(await ctx.client.send(statsQuery(ctx, { sign: { nonce } }))));
        expectRequestError(ctx.v, await ctx.client.send(tradeUpload(ctx, { sign: { nonce } })), 401, 'E2003');
      },
    ),
    tcase(
      'E2003.nonce-used-by-refused-request',
      TRADES,
      ['§7.3 nonce-used-up'],
      'a nonce whose request was refused with E1000 is used up',
      async (ctx) => {
        const nonce = ctx.client.newNonce();
        const refused = await ctx.client.send({
          method: 'POST',
          path: '/trades/batch',
          body: Buffer.from('not json', 'utf8'),
          sign: { nonce },
        });
        expectRequestError(ctx.v, refused, 400, 'E1000');
        expectRequestError(ctx.v, await ctx.client.send(tradeUpload(ctx, { sign: { nonce } })), 401, 'E2003');
      },
    ),
    tcase(
      'valid.nonce-of-bad-signature',
      TRADES,
      ['§7.3 nonce-used-up'],
      'a nonce whose request failed its signature (E2001) is not used up',
      async (ctx) => {
        const nonce = ctx.client.newNonce();
        const refused = await ctx.client.send(tradeUpload(ctx, { sign: { nonce, appSecret: `${hex(8)}-not-the-secret` } }));
        expectRequestError(ctx.v, refused, 401, 'E2001');
        await uploadExpect(ctx, 'trades', freshBatch(ctx, 'trades'), ['ACCEPTED'], { sign: { nonce } });
      },
    ),
    refuses('E2003.nonce-15-chars', TRADES, ['§2 X-Nonce', '§7.4 nonce'], 'a nonce of 15 characters', 401, 'E2003', (ctx) =>
      tradeUpload(ctx, { sign: { nonce: hex(15) } }),
    ),
    refuses('E2003.nonce-65-chars', TRADES, ['§2 X-Nonce', '§7.4 nonce'], 'a nonce of 65 characters', 401, 'E2003', (ctx) =>
      tradeUpload(ctx, { sign: { nonce: hex(65) } }),
    ),
    refuses('E2003.nonce-characters', TRADES, ['§2 X-Nonce', '§7.4 nonce'], 'a nonce with an underscore', 401, 'E2003', (ctx) =>
      tradeUpload(ctx, { sign: { nonce: `${hex(20)}_x` } }),
    ),
    refuses('E2003.missing-nonce', TRADES, ['§7.4 nonce'], 'no X-Nonce', 401, 'E2003', (ctx) =>
      tradeUpload(ctx, { headers: { 'x-nonce': null } }),
    ),
    acceptsUpload('valid.nonce-16-chars', ['§2 X-Nonce'], 'a nonce of exactly 16 characters', () => ({ sign: { nonce: hex(16) } })),
    acceptsUpload('valid.nonce-64-chars', ['§2 X-Nonce'], 'a nonce of exactly 64 characters with dashes', () => ({
      sign: { nonce: `${hex(30)}-${hex(33)}` },
    })),
    refuses('E2004.missing-app-key', TRADES, ['§7.4 app-key', '§2 X-App-Key'], 'no X-App-Key', 401, 'E2004', (ctx) =>
      tradeUpload(ctx, { headers: { 'x-app-key': null } }),
    ),
  ];
}

function bodyCases(): ConformanceCase[] {
  const contentType = (id: string, value: string | null, title: string) =>
    refuses(id, TRADES, ['§3.2 E1003', '§7.1 content-type', '§1 json-utf8'], title, 415, 'E1003', (ctx) =>
      tradeUpload(ctx, { contentType: value }),
    );
  const encoding = (id: string, name: string, pack: (b: Buffer) => Buffer) =>
    refuses(id, TRADES, ['§3.2 E1003', '§7.1 content-encoding'], `Content-Encoding ${name}`, 415, 'E1003', (ctx) => ({
      method: 'POST',
      path: '/trades/batch',
      body: pack(toJsonBuffer(freshBatch(ctx, 'trades'))),
      headers: { 'content-encoding': name },
    }));
  return [
    contentType('E1003.json-without-charset', 'application/json', 'Content-Type application/json without charset'),
    contentType('E1003.charset-gbk', 'application/json; charset=gbk', 'charset=gbk'),
    contentType('E1003.missing-content-type', null, 'no Content-Type'),
    encoding('E1003.deflate-encoding', 'deflate', (b) => deflateSync(b)),
    encoding('E1003.br-encoding', 'br', (b) => brotliCompressSync(b)),
    acceptsUpload('valid.content-type-case-insensitive', ['§7.1 content-type'], 'Content-Type in mixed case', () => ({
      contentType: 'Application/JSON; Charset=UTF-8',
    })),
    acceptsUpload('valid.charset-quoted', ['§7.1 content-type'], 'charset="utf-8"', () => ({
      contentType: 'application/json; charset="utf-8"',
    })),
    acceptsUpload(
      'valid.gzip',
      ['§1 gzip', '§7.1 content-encoding', '§2 canonical-string'],
      'a gzip body signed over the compressed bytes',
      (_ctx, batch) => ({
        body: gzipSync(toJsonBuffer(batch)),
        headers: { 'content-encoding': 'gzip' },
      }),
    ),
    refuses('E1000.bad-gzip', TRADES, ['§7.1 bad-gzip', '§3.2 E1000'], 'labelled gzip, not gzip', 400, 'E1000', (ctx) =>
      tradeUpload(ctx, { headers: { 'content-encoding': 'gzip' } }),
    ),
    refuses('E1000.byte-order-mark', TRADES, ['§7.1 bom-utf8', '§3.2 E1000'], 'a UTF-8 BOM before the JSON', 400, 'E1000', (ctx) => ({
      method: 'POST',
      path: '/trades/batch',
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), toJsonBuffer(freshBatch(ctx, 'trades'))]),
    })),
    refuses(
      'E1000.invalid-utf8',
      TRADES,
      ['§7.1 bom-utf8', '§1 json-utf8', '§3.2 E1000'],
      'bytes FF FE inside a string',
      400,
      'E1000',
      (ctx) => ({ method: 'POST', path: '/trades/batch', body: invalidUtf8Body(ctx) }),
    ),
    acceptsUpload('valid.exactly-4mib', ['§7.1 4MiB-inclusive', '§1 body-size'], 'a body of exactly 4,194,304 bytes', (_ctx, batch) => ({
      body: paddedBody(batch, FOUR_MIB),
    })),
    refuses(
      'E1002.over-4mib-by-one',
      TRADES,
      ['§7.1 4MiB-inclusive', '§3.2 E1002', '§1 body-size'],
      'a body of 4,194,305 bytes',
      413,
      'E1002',
      (ctx) => ({ method: 'POST', path: '/trades/batch', body: paddedBody(freshBatch(ctx, 'trades'), FOUR_MIB + 1) }),
    ),
    acceptsUpload(
      'valid.gzip-inflates-to-4mib',
      ['§1 body-size', '§7.1 4MiB-inclusive', '§1 gzip'],
      'gzip inflating to exactly 4,194,304 bytes',
      (_ctx, batch) => ({
        body: gzipSync(paddedBody(batch, FOUR_MIB)),
        headers: { 'content-encoding': 'gzip' },
      }),
    ),
    refuses(
      'E1002.gzip-inflates-over-4mib',
      TRADES,
      ['§1 body-size', '§3.2 E1002'],
      'a small gzip body inflating to 4,194,305 bytes',
      413,
      'E1002',
      (ctx) => ({
        method: 'POST',
        path: '/trades/batch',
        body: gzipSync(paddedBody(freshBatch(ctx, 'trades'), FOUR_MIB + 1)),
        headers: { 'content-encoding': 'gzip' },
      }),
    ),
    refuses('E1004.unknown-interface', 'POST /{unknown}/batch', ['§3.2 E1004'], 'POST /fruits/batch', 404, 'E1004', (ctx) => ({
      method: 'POST',
      path: '/fruits/batch',
      body: freshBatch(ctx, 'trades'),
    })),
  ];
}
