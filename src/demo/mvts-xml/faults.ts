import { Rng } from '../common/random';
import { RECORD_TYPES } from './types';

/** Faults of source-subsystems §5.12 and §7.11 for mvts. */
export const MVTS_FAULT_KINDS = [
  'timeout',
  'serverError',
  'rateLimit',
  'tokenExpiry',
  'truncatedBody',
  'wrongEncoding',
  'duplicateRows',
  'lateRecords',
  'pageShift',
  'dirtyRecords',
  'unexpectedResponse',
] as const;
export type MvtsFaultKind = (typeof MVTS_FAULT_KINDS)[number];

/** Calls faults can target: the four record types (QueryRecords) and `Login`. */
export const FAULT_TARGETS = [...RECORD_TYPES, 'Login'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

const LOGIN_FAULTS: ReadonlySet<MvtsFaultKind> = new Set([
  'timeout',
  'serverError',
  'rateLimit',
  'truncatedBody',
  'wrongEncoding',
  'unexpectedResponse',
]);

export interface MvtsFaults {
  seed?: number;
  /** Chance per request of a fault drawn from `kinds`. */
  probability?: number;
  kinds?: MvtsFaultKind[];
  /** Calls the probability applies to; default the four record types. */
  targets?: FaultTarget[];
  /** A fault at a chosen request (1-based, counted per target since the faults were set). */
  at?: Array<{ target: FaultTarget; request: number; kind: MvtsFaultKind }>;
  /** How long a `timeout` holds the request before dropping the connection; default 120 s. */
  timeoutMs?: number;
  /** Fixes the `serverError` variant; by default 502, 503, 504 and code 9999 are drawn. */
  serverError?: 502 | 503 | 504 | 9999;
  /** `Retry-After` on a 503, in seconds; none by default. */
  retryAfterSeconds?: number;
}

export interface InjectedFault {
  target: FaultTarget;
  request: number;
  kind: MvtsFaultKind;
}

/** Refuses a fault configuration the simulator would misread; returns a copy. */
export function checkFaults(input: unknown): MvtsFaults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('faults must be an object');
  const f = input as Record<string, unknown>;
  const known = ['seed', 'probability', 'kinds', 'targets', 'at', 'timeoutMs', 'serverError', 'retryAfterSeconds'];
  for (const key of Object.keys(f)) if (!known.includes(key)) throw new Error(`unknown fault setting "${key}"`);
  const num = (key: string, min: number, max: number) => {
    const v = f[key];
    if (v !== undefined && (typeof v !== 'number' || !(v >= min && v <= max))) throw new Error(`${key} must be a number in ${min}…${max}`);
  };
  num('seed', 0, 2 ** 32);
  num('probability', 0, 1);
  num('timeoutMs', 0, 3_600_000);
  num('retryAfterSeconds', 0, 86_400);
  const isKind = (k: unknown) => (MVTS_FAULT_KINDS as readonly unknown[]).includes(k);
  const isTarget = (t: unknown) => (FAULT_TARGETS as readonly unknown[]).includes(t);
  if (f.kinds !== undefined && !(Array.isArray(f.kinds) && f.kinds.every(isKind)))
    throw new Error(`kinds must list some of ${MVTS_FAULT_KINDS.join(', ')}`);
  if (f.targets !== undefined && !(Array.isArray(f.targets) && f.targets.every(isTarget)))
    throw new Error(`targets must list some of ${FAULT_TARGETS.join(', ')}`);
  if (f.serverError !== undefined && ![502, 503, 504, 9999].includes(f.serverError as number))
    throw new Error('serverError must be 502, 503, 504 or 9999');
  if (f.at !== undefined) {
    const ok =
      Array.isArray(f.at) &&
      f.at.every((a: any) => a && isTarget(a.target) && isKind(a.kind) && Number.isInteger(a.request) && a.request >= 1);
    if (!ok) throw new Error('at must list { target, request ≥ 1, kind }');
  }
  return structuredClone(f) as MvtsFaults;
}

/** Decides, reproducibly from the seed, which request gets which fault. */
export class FaultPlan {
  private config: MvtsFaults = {};
  private rng = new Rng(1);
  private counters = new Map<FaultTarget, number>();
  readonly injected: InjectedFault[] = [];

  constructor(
    initial: MvtsFaults | undefined,
    private readonly defaultSeed: number,
  ) {
    this.set(initial ?? {});
  }

  set(config: MvtsFaults): void {
    this.config = checkFaults(config);
    this.rng = new Rng(this.config.seed ?? this.defaultSeed);
    this.counters = new Map();
    this.injected.length = 0;
  }

  get(): MvtsFaults {
    return structuredClone(this.config);
  }

  /** Random draws for the details of a fault (cut position, variant), from the same seed. */
  get random(): Rng {
    return this.rng;
  }

  next(target: FaultTarget): MvtsFaultKind | null {
    const request = (this.counters.get(target) ?? 0) + 1;
    this.counters.set(target, request);
    let kind: MvtsFaultKind | null = this.config.at?.find((a) => a.target === target && a.request === request)?.kind ?? null;
    if (kind === null) {
      const targets = this.config.targets ?? RECORD_TYPES;
      const kinds = (this.config.kinds ?? []).filter((k) => target !== 'Login' || LOGIN_FAULTS.has(k));
      const p = this.config.probability ?? 0;
      if (p > 0 && kinds.length > 0 && (targets as readonly string[]).includes(target) && this.rng.next() < p) kind = this.rng.pick(kinds);
    }
    if (kind !== null) this.injected.push({ target, request, kind });
    return kind;
  }

  get timeoutMs(): number {
    return this.config.timeoutMs ?? 120_000;
  }

  get serverError(): MvtsFaults['serverError'] {
    return this.config.serverError;
  }

  get retryAfterSeconds(): number | undefined {
    return this.config.retryAfterSeconds;
  }
}
