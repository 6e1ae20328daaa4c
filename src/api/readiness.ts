import type PgBoss from 'pg-boss';
import type { Db } from '../db/pool';
import { readNationalState } from '../db/queries/national-state';
import { pingDatabase } from '../db/queries/status';

/** State of one dependency, never with an error text (anyone who reaches the port may read it). */
export type DependencyState = 'ok' | 'down' | 'paused' | 'unknown';

export interface Readiness {
  status: 'ready' | 'not ready';
  checks: { database: DependencyState; jobs: DependencyState; national: DependencyState };
  /** The dependencies that are down, by name. */
  down: string[];
}

/**
 * Ready when PostgreSQL and the job queue answer. The national platform is reported (as last seen by
 * delivery: ok, down, paused for a credential, or unknown before the first contact) but never makes
 * the gateway unready: records wait in PostgreSQL until the platform answers again.
 */
export async function checkReadiness(db: Db, boss: PgBoss, appKey: string): Promise<Readiness> {
  const settle = async <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);
  const [database, queue, nat] = await Promise.all([
    settle(pingDatabase(db)),
    settle(boss.getQueue('deliver')),
    settle(readNationalState(db, appKey)),
  ]);
  const national: DependencyState = !nat
    ? 'unknown'
    : nat.paused
      ? 'paused'
      : nat.lastOkAt === null && nat.lastErrorAt === null
        ? 'unknown'
        : nat.lastErrorAt !== null && (nat.lastOkAt === null || nat.lastErrorAt > nat.lastOkAt)
          ? 'down'
          : 'ok';
  const checks = { database: database ? 'ok' : 'down', jobs: queue ? 'ok' : 'down', national } as const;
  const down = Object.entries(checks)
    .filter(([, v]) => v === 'down')
    .map(([k]) => k);
  return { status: checks.database === 'ok' && checks.jobs === 'ok' ? 'ready' : 'not ready', checks, down };
}
