import type { Request, Response } from 'express';
import type PgBoss from 'pg-boss';
import type { AdapterKind } from '../adapters/types';
import type { Caller } from '../auth/authenticate';
import type { Liveness } from '../db/database-watch';
import type { RefusalReason } from '../auth/refusal-log';
import type { Db } from '../db/pool';
import type { Actor } from '../db/queries/events';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { CodeLists } from '../national/codelists';
import type { OpenNotice } from '../db/queries/notices';
import type { Queryable } from '../db/pool';
import type { BatchLimits } from '../pipeline/batch';
import type { PipelineDeps } from '../pipeline/types';
import type { QueueName } from '../queues/payloads';
import type { AdapterInstances } from '../runtime/instances';
import type { AdapterControl } from './adapter-control';
import type { StatusHistory } from './status-history';
import type { StatusSources } from './status';

/** Everything the status API needs; main.ts builds the concrete parts. */
export interface ApiDeps extends StatusSources {
  db: Db;
  boss: PgBoss;
  log: Logger;
  /** Adapter kinds (GET /api/adapter-kinds, declaration validation). */
  kinds: Readonly<Record<string, AdapterKind>>;
  /** Live adapter instances of this process (replay maps with them). */
  instances: AdapterInstances;
  adapters: AdapterControl;
  pipeline: PipelineDeps;
  limits: BatchLimits;
  notifyDeliver?(count?: number): void;
  /** Wakes this process's workers of a queue the API just enqueued a job in (pull, backfill, replay). */
  notifyQueue?(queue: QueueName): void;
  /** Prometheus exposition for /metrics (404 without). */
  metrics?: { render(): Promise<{ contentType: string; body: string }>; onAuthRefused?(reason: RefusalReason): void };
  history?: StatusHistory;
  /** GET /health: unhealthy (503) once the database has been unreachable too long; without it always healthy. */
  liveness?(): Liveness;
  /** Serve the dashboard at / (default true). */
  dashboard?: boolean;
  /** Status reads within this many ms share one query round (default 2000). */
  statusCacheMs?: number;
  /** /ready is checked at most once per this many ms (default 5000). */
  readyCacheMs?: number;
  /** Who may read /metrics and how often it is computed. */
  metricsAccess?: MetricsAccess;
  /** Requests per window per client address and per token (0: no limit). */
  rateLimit?: { windowSeconds: number; perAddress: number; perToken: number };
  version?: string;
  /** The public trace page and API (`/t/{code}`, `/public/v1/trace/{code}`); answered 404 without. */
  publicTrace?: PublicTraceDeps;
  /** Notices (§8): asks for a notices round soon after an operator's action. */
  notices?: { requestRound(): Promise<void>; isUnit?(code: string): boolean };
}

export interface PublicTraceDeps {
  settings: Config['publicTrace'];
  /** The national code lists in force (labels, provinces). */
  codeLists(): CodeLists;
  /** Parties named in a directory the province keeps (a kind's party directory, such as the mvts nodes), by code. */
  directory?(): ReadonlyMap<string, Record<string, unknown>>;
  /** The public base URL: PUBLIC_BASE_URL, or the listening URL once the server listens. */
  baseUrl(): string;
  /** Open notices covering codes; default: the notices query module. */
  noticesCovering?(db: Queryable, traceCodes: readonly string[]): Promise<OpenNotice[]>;
  /** Counts an answer for the metrics (found, not_found, malformed, qr, rate_limited). */
  onRequest?(outcome: PublicTraceOutcome): void;
}

export type PublicTraceOutcome = 'found' | 'not_found' | 'malformed' | 'qr' | 'rate_limited';

export interface MetricsAccess {
  /** METRICS_TOKEN: when set, /metrics needs `Authorization: Bearer <token>`. */
  token?: string;
  /** The exposition is computed at most once per this many ms (default 15000). */
  cacheMs?: number;
  /** METRICS_PORT is set: /metrics is served there, and this app answers 404 for it. */
  ownPort?: boolean;
}

export type Handler = (req: Request, res: Response) => Promise<void> | void;

/** Validated path parameters and query (coerced, defaults applied) of the current request. */
export function paramsOf<T = Record<string, any>>(res: Response): T {
  return res.locals.params as T;
}

export function queryOf<T = Record<string, any>>(res: Response): T {
  return res.locals.query as T;
}

/** The token behind the request, as the audit trail names it. */
export function actorOf(res: Response): Actor {
  const caller = res.locals.caller as Caller;
  return { tokenId: caller.tokenId, name: caller.actor };
}

/** Keyset cursor text → id (the pattern was checked by validation). */
export function cursorId(value: unknown): number | null {
  return typeof value === 'string' && value !== '' ? Number(value) : null;
}
