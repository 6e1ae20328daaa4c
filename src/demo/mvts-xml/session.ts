import { createHash } from 'node:crypto';
import type { Rng } from '../common/random';

/**
 * Login semantics of source-subsystems §4.3 and §7.6: one token per node code, a new Login
 * invalidates the previous token, tokens expire after their TTL, and the fifth consecutive failed
 * Login answers 1002 and locks the account (1003) for 30 minutes.
 */

export const LOCK_MS = 30 * 60_000;
const MAX_FAILURES = 5;

export type LoginOutcome = { code: '0000'; token: string; expiresAt: number } | { code: '1002' | '1003' };

export class Sessions {
  private token: { value: string; expiresAt: number } | null = null;
  private failures = 0;
  private lockedUntil = 0;
  private readonly passwordMd5: string;
  logins = 0;

  constructor(
    private readonly nodeCode: string,
    password: string,
    private readonly ttlMs: number,
    private readonly rng: Rng,
  ) {
    this.passwordMd5 = createHash('md5').update(password, 'utf8').digest('hex').toUpperCase();
  }

  login(nodeCode: string, passwordMd5: string, now: number): LoginOutcome {
    if (nodeCode !== this.nodeCode) return { code: '1002' };
    if (now < this.lockedUntil) return { code: '1003' };
    if (this.lockedUntil !== 0) {
      this.lockedUntil = 0;
      this.failures = 0;
    }
    if (passwordMd5 !== this.passwordMd5) {
      this.failures++;
      if (this.failures >= MAX_FAILURES) this.lockedUntil = now + LOCK_MS;
      return { code: '1002' };
    }
    this.failures = 0;
    this.logins++;
    let value = '';
    for (let i = 0; i < 32; i++) value += '0123456789ABCDEF'[this.rng.int(0, 15)];
    this.token = { value, expiresAt: now + this.ttlMs };
    return { code: '0000', token: value, expiresAt: this.token.expiresAt };
  }

  isValid(nodeCode: string, token: string, now: number): boolean {
    return nodeCode === this.nodeCode && this.token !== null && token === this.token.value && now < this.token.expiresAt;
  }

  /** The token is revoked (a `tokenExpiry` fault, or a restart of the central system). */
  revoke(): void {
    this.token = null;
  }

  isLocked(now: number): boolean {
    return now < this.lockedUntil;
  }
}
