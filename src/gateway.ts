import type PgBoss from 'pg-boss';
import type { AdapterDeclaration } from './adapters/types';
import type { Db } from './db/pool';
import type { PullSummary } from './jobs/pull';
import type { Logger } from './log';
import type { AdapterInstances } from './runtime/instances';

/** A running gateway process, as startGateway (src/main.ts) returns it. */
export interface Gateway {
  readonly url: string;
  readonly port: number;
  readonly db: Db;
  readonly boss: PgBoss;
  readonly instances: AdapterInstances;
  readonly nationalUrl: string;
  /** Where /metrics is served when METRICS_PORT is set. */
  readonly metricsUrl: string | null;
  /** Runs a pull of one adapter now, in this process (tests, CLI). */
  pullNow(adapterId: string): Promise<PullSummary>;
  /** Re-pulls a window of one adapter now, in this process, without moving its live cursor. */
  backfillNow(adapterId: string, window: { stream?: string; from: string; until?: string }): Promise<PullSummary>;
  stop(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  /** Extra declarations (tests); added after the configured ones. */
  declarations?: AdapterDeclaration[];
  /** Start the HTTP API (default true). */
  api?: boolean;
  /** Register schedules (default true). */
  schedules?: boolean;
  /** Status reads within this many ms share one query round (default 2000; tests). */
  statusCacheMs?: number;
  /** /ready is checked at most once per this many ms (default 5000; tests). */
  readyCacheMs?: number;
}
