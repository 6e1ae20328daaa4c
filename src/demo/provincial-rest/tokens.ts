import { randomBytes } from 'node:crypto';

interface TokenState {
  expiresAt: number;
  revoked: boolean;
  uses: number;
}

/** Access tokens of §2.3: issued for `ttlSeconds`, revocable, and a per-hour cap on token requests. */
export class TokenStore {
  private readonly tokens = new Map<string, TokenState>();
  private readonly requests: number[] = [];

  constructor(
    private readonly ttlSeconds: number,
    private readonly perHour: number,
  ) {}

  /** Counts a token request; seconds to wait when the hourly cap is exceeded, else undefined. */
  admit(now: number): number | undefined {
    while (this.requests.length > 0 && this.requests[0]! <= now - 3_600_000) this.requests.shift();
    if (this.perHour > 0 && this.requests.length >= this.perHour) return 60;
    this.requests.push(now);
    return undefined;
  }

  issue(now: number): { accessToken: string; expiresIn: number } {
    const accessToken = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, { expiresAt: now + this.ttlSeconds * 1000, revoked: false, uses: 0 });
    for (const [token, state] of this.tokens) if (state.expiresAt < now - 3_600_000) this.tokens.delete(token);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** The bearer token of an Authorization header when valid now; counts its use. */
  use(header: string | undefined, now: number): { token: string; previousUses: number } | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    const state = m ? this.tokens.get(m[1]!) : undefined;
    if (!m || !state || state.revoked || now >= state.expiresAt) return undefined;
    state.uses++;
    return { token: m[1]!, previousUses: state.uses - 1 };
  }

  revoke(token: string): void {
    const state = this.tokens.get(token);
    if (state) state.revoked = true;
  }
}
