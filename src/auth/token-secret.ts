import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'tgw_';

/** A new bearer token: 32 random bytes, URL-safe; only its hash is ever stored. */
export function generateToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 is enough for high-entropy random tokens (no password stretching needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Bearer token of an Authorization header, or null when the header is absent or not a bearer. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return m ? m[1]! : null;
}
