import pg from 'pg';
import type { Logger } from '../log';

export interface DatabaseState {
  reachable: boolean;
  /** When the database was first found unreachable in the current outage; null while reachable. */
  downSince: Date | null;
  /** The last probe's error in the current outage. */
  lastError: string | null;
}

/** What `/health` answers: unhealthy once the database has been unreachable longer than the limit. */
export interface Liveness {
  healthy: boolean;
  database: { reachable: boolean; downSince: string | null; downSeconds: number; limitSeconds: number; error: string | null };
}

export interface DatabaseWatchOptions {
  url: string;
  log: Logger;
  /** Between probes (default 5 s). */
  intervalMs?: number;
  /** A probe that takes longer fails (default 5 s). */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Watches whether the database answers: a `SELECT 1` on a connection of its own every few seconds, so a
 * pool busy with long statements is not mistaken for a lost server. Logs when the database becomes
 * unreachable and when it answers again; `/health` turns unhealthy once an outage lasts too long.
 */
export class DatabaseWatch {
  private downSince: number | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private probing: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly opts: DatabaseWatchOptions) {
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    const tick = () => {
      this.probing = this.probe().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.opts.intervalMs ?? 5000);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.probing;
  }

  state(): DatabaseState {
    return {
      reachable: this.downSince === null,
      downSince: this.downSince === null ? null : new Date(this.downSince),
      lastError: this.lastError,
    };
  }

  /** Healthy while the database answers or has been unreachable for at most `limitSeconds`. */
  liveness(limitSeconds: number): Liveness {
    const downSeconds = Math.floor(this.downSeconds());
    return {
      healthy: downSeconds <= limitSeconds,
      database: {
        reachable: this.downSince === null,
        downSince: this.downSince === null ? null : new Date(this.downSince).toISOString(),
        downSeconds,
        limitSeconds,
        error: this.lastError,
      },
    };
  }

  /** Seconds the database has been unreachable (0 while it answers). */
  downSeconds(): number {
    return this.downSince === null ? 0 : (this.now() - this.downSince) / 1000;
  }

  /** One probe now; updates the state and logs a change. */
  async probe(): Promise<void> {
    const timeout = this.opts.timeoutMs ?? 5000;
    const client = new pg.Client({
      connectionString: this.opts.url,
      connectionTimeoutMillis: timeout,
      query_timeout: timeout,
      application_name: 'trace-gateway-watch',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      if (this.downSince !== null) {
        const downMs = this.now() - this.downSince;
        this.opts.log.warn(`the database answers again after ${Math.round(downMs / 1000)} s`, { event: 'db:reachable', downMs });
      }
      this.downSince = null;
      this.lastError = null;
    } catch (err) {
      const message = (err as Error).message || String(err);
      if (this.downSince === null) {
        this.downSince = this.now();
        this.opts.log.error('the database does not answer; pulls and deliveries wait for it', { event: 'db:unreachable', error: message });
      }
      this.lastError = message;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
