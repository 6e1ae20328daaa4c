import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SignMethod } from './types';

/** The five signing headers of national §2, in the spelling the platform expects. */
export interface SignedHeaders extends Record<string, string> {
  'X-App-Key': string;
  'X-Timestamp': string;
  'X-Nonce': string;
  'X-Sign-Method': SignMethod;
  'X-Signature': string;
}

export interface CanonicalParts {
  method: string;
  /** Request target exactly as sent: path plus query string, no host. */
  path: string;
  timestamp: string;
  nonce: string;
  bodyDigestHex: string;
}

export const SIGN_METHODS: readonly SignMethod[] = ['HMAC-SHA256', 'HMAC-SM3'];

const HASH_OF: Record<SignMethod, 'sha256' | 'sm3'> = { 'HMAC-SHA256': 'sha256', 'HMAC-SM3': 'sm3' };

export function isSignMethod(value: unknown): value is SignMethod {
  return typeof value === 'string' && (SIGN_METHODS as readonly string[]).includes(value);
}

/** §2: five lines joined by `\n`, no trailing newline. */
export function canonicalString(parts: CanonicalParts): string {
  return [parts.method.toUpperCase(), parts.path, parts.timestamp, parts.nonce, parts.bodyDigestHex].join('\n');
}

/** Lowercase hex digest of the body bytes as sent (after compression), with the method's hash. */
export function bodyDigest(body: Buffer | string, method: SignMethod): string {
  return createHash(HASH_OF[method]).update(body).digest('hex');
}

/** HMAC of the canonical string, keyed with the appSecret's UTF-8 bytes (§7.2). */
export function hmacHex(appSecret: string, canonical: string, method: SignMethod): string {
  return createHmac(HASH_OF[method], Buffer.from(appSecret, 'utf8')).update(canonical, 'utf8').digest('hex');
}

/** 32 characters of [0-9a-f]: inside the §2 nonce alphabet and length. */
export function randomNonce(): string {
  return randomBytes(16).toString('hex');
}

export interface SignRequestOptions {
  method: string;
  path: string;
  body: Buffer | string;
  appKey: string;
  appSecret: string;
  signMethod: SignMethod;
  now?: () => number;
  nonce?: () => string;
}

/** The X-* headers of one attempt; call again for every retry (§7.3). */
export function signRequest(opts: SignRequestOptions): SignedHeaders {
  const timestamp = String(Math.floor((opts.now ?? Date.now)()));
  const nonce = (opts.nonce ?? randomNonce)();
  const canonical = canonicalString({
    method: opts.method,
    path: opts.path,
    timestamp,
    nonce,
    bodyDigestHex: bodyDigest(opts.body, opts.signMethod),
  });
  return {
    'X-App-Key': opts.appKey,
    'X-Timestamp': timestamp,
    'X-Nonce': nonce,
    'X-Sign-Method': opts.signMethod,
    'X-Signature': hmacHex(opts.appSecret, canonical, opts.signMethod),
  };
}

export interface VerifySignatureOptions {
  method: string;
  path: string;
  body: Buffer | string;
  timestamp: string;
  nonce: string;
  signMethod: SignMethod;
  signature: string;
  appSecret: string;
}

/** Constant-time check of a received signature; false for any malformed value. */
export function verifySignature(opts: VerifySignatureOptions): boolean {
  if (!/^[0-9a-f]{64}$/.test(opts.signature)) return false;
  const expected = hmacHex(
    opts.appSecret,
    canonicalString({
      method: opts.method,
      path: opts.path,
      timestamp: opts.timestamp,
      nonce: opts.nonce,
      bodyDigestHex: bodyDigest(opts.body, opts.signMethod),
    }),
    opts.signMethod,
  );
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(opts.signature, 'hex'));
}
