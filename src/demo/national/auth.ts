import type { IncomingHttpHeaders } from 'node:http';
import { isSignMethod, verifySignature } from '../../national/sign';
import type { MockClient } from './types';
import { wireError, type WireError } from './wire-error';

export const MAX_SKEW_MS = 300_000;

export interface AuthInput {
  method: string;
  /** Request target exactly as received. */
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  now: number;
}

export interface AuthSettings {
  clients: ReadonlyMap<string, MockClient>;
  /** Marks a nonce used; true when it was already used. */
  useUpNonce(appKey: string, nonce: string, now: number): boolean;
  acceptBadSignature: boolean;
  ignoreNonceReuse: boolean;
  ignoreTimestampSkew: boolean;
  /** The deliberate defect of using a nonce up before the signature is checked (against §7.3). */
  useUpNonceOnBadSignature: boolean;
}

/**
 * `verified` says the caller proved who it is (the signature checked out), which is what
 * the rate limit counts (§7.5), even when the request then fails on skew or nonce.
 */
export type AuthOutcome = { verified: false; error: WireError } | { verified: true; client: MockClient; error?: WireError };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** §2 and §7.3–7.4, in the order the clarifications list the malformed-header rules. */
export function authenticate(input: AuthInput, settings: AuthSettings): AuthOutcome {
  const appKey = header(input.headers, 'x-app-key');
  const client = appKey === undefined ? undefined : settings.clients.get(appKey);
  if (!client) return { verified: false, error: wireError(401, 'E2004', 'unknown or disabled appKey') };

  const signMethod = header(input.headers, 'x-sign-method');
  if (!isSignMethod(signMethod)) return { verified: false, error: wireError(401, 'E2001', 'unknown X-Sign-Method') };
  const signature = header(input.headers, 'x-signature') ?? '';
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    return { verified: false, error: wireError(401, 'E2001', 'X-Signature must be 64 lower-case hex characters') };
  }
  const timestamp = header(input.headers, 'x-timestamp') ?? '';
  if (!/^\d{1,16}$/.test(timestamp)) {
    return { verified: false, error: wireError(401, 'E2002', 'X-Timestamp must be milliseconds since the epoch') };
  }
  const nonce = header(input.headers, 'x-nonce') ?? '';
  if (!/^[A-Za-z0-9-]{16,64}$/.test(nonce)) {
    return { verified: false, error: wireError(401, 'E2003', 'X-Nonce must be 16-64 characters of [A-Za-z0-9-]') };
  }

  const usedEarly = settings.useUpNonceOnBadSignature ? settings.useUpNonce(client.appKey, nonce, input.now) : undefined;
  const verifies = verifySignature({
    method: input.method,
    path: input.target,
    body: input.body,
    timestamp,
    nonce,
    signMethod,
    signature,
    appSecret: client.appSecret,
  });
  if (!verifies && !settings.acceptBadSignature) {
    return { verified: false, error: wireError(401, 'E2001', 'signature does not verify') };
  }

  // A nonce is used up as soon as the signature verifies, whatever the answer (§7.3).
  const reused = usedEarly ?? settings.useUpNonce(client.appKey, nonce, input.now);
  if (!settings.ignoreTimestampSkew && Math.abs(input.now - Number(timestamp)) > MAX_SKEW_MS) {
    return { verified: true, client, error: wireError(401, 'E2002', 'timestamp skew over 300 s') };
  }
  if (reused && !settings.ignoreNonceReuse) {
    return { verified: true, client, error: wireError(401, 'E2003', 'nonce already used') };
  }
  return { verified: true, client };
}
