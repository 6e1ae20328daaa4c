/** Why a request was refused at the door. */
export type RefusalReason = 'missing' | 'unknown' | 'revoked' | 'expired' | 'forbidden';

export interface RefusalLine {
  event: 'auth:refused';
  reason: RefusalReason;
  /** Address of the request that triggered this line. */
  address: string;
  /** Refusals since the previous line, this one included. */
  refused: number;
  intervalSeconds: number;
}

/**
 * Logs refused authentications at a bounded rate: at most one line per interval, however many
 * requests are refused, so a client guessing tokens cannot flood the log. Each line carries how many
 * refusals it stands for; the Prometheus counter has every one.
 */
export class BoundedRefusalLog {
  private lastAt = -Infinity;
  private pending = 0;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly write: (line: RefusalLine) => void,
    opts: { intervalMs?: number; now?: () => number } = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  refused(reason: RefusalReason, address: string): void {
    this.pending++;
    const t = this.now();
    if (t - this.lastAt < this.intervalMs) return;
    this.lastAt = t;
    const refused = this.pending;
    this.pending = 0;
    this.write({ event: 'auth:refused', reason, address, refused, intervalSeconds: Math.round(this.intervalMs / 1000) });
  }
}
