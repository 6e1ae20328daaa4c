import { Rng } from '../common/random';
import { FAULT_NAMES, PROVINCIAL_STREAMS, type FaultName, type FaultRule, type FaultTarget, type ProvincialFaults } from './types';

const ALL_TARGETS: readonly FaultTarget[] = [...PROVINCIAL_STREAMS, 'auth', 'lookup'];

/** Where each fault can be observed by a consumer (§5.12, §7.11). */
const APPLICABLE: Readonly<Record<FaultName, readonly FaultTarget[]>> = {
  timeout: ALL_TARGETS,
  serverError: ALL_TARGETS,
  rateLimit: ALL_TARGETS,
  unexpectedResponse: ALL_TARGETS,
  truncatedBody: ALL_TARGETS,
  tokenExpiry: [...PROVINCIAL_STREAMS, 'lookup'],
  wrongEncoding: [...PROVINCIAL_STREAMS, 'lookup'],
  cursorExpired: PROVINCIAL_STREAMS,
  duplicateRows: PROVINCIAL_STREAMS,
  lateRecords: PROVINCIAL_STREAMS,
};

const RULE_KEYS = new Set(['probability', 'requests', 'pages', 'targets', 'times']);
const EXTRA_KEYS: Partial<Record<FaultName, readonly string[]>> = {
  serverError: ['status', 'retryAfterSeconds'],
  rateLimit: ['retryAfterSeconds'],
  lateRecords: ['lateBySeconds'],
  unexpectedResponse: ['variant'],
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positiveIntegers(v: unknown, what: string): void {
  if (!Array.isArray(v) || !v.every((n) => Number.isInteger(n) && n >= 1)) throw new Error(`${what} must be a list of integers >= 1`);
}

/** Refuses a fault configuration the simulator would misread; returns a copy. */
export function checkFaults(input: unknown): ProvincialFaults {
  if (!isObject(input)) throw new Error('faults must be an object');
  for (const [name, value] of Object.entries(input)) {
    if (name === 'seed') {
      if (!Number.isInteger(value)) throw new Error('seed must be an integer');
      continue;
    }
    if (name === 'dirtyRecords') {
      if (!isObject(value) || typeof value.share !== 'number' || value.share < 0 || value.share > 1)
        throw new Error('dirtyRecords must be { "share": 0…1 }');
      continue;
    }
    if (!(FAULT_NAMES as readonly string[]).includes(name))
      throw new Error(`unknown fault "${name}" (known: ${FAULT_NAMES.join(', ')}, dirtyRecords, seed)`);
    const fault = name as FaultName;
    if (!isObject(value)) throw new Error(`${name} must be an object`);
    for (const key of Object.keys(value)) {
      if (!RULE_KEYS.has(key) && !EXTRA_KEYS[fault]?.includes(key)) throw new Error(`${name}.${key} is not a setting of ${name}`);
    }
    const rule = value as FaultRule & Record<string, unknown>;
    if (rule.probability !== undefined && (typeof rule.probability !== 'number' || rule.probability < 0 || rule.probability > 1))
      throw new Error(`${name}.probability must be 0…1`);
    if (rule.requests !== undefined) positiveIntegers(rule.requests, `${name}.requests`);
    if (rule.pages !== undefined) positiveIntegers(rule.pages, `${name}.pages`);
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0))
      throw new Error(`${name}.times must be an integer >= 0`);
    if (rule.targets !== undefined) {
      if (!Array.isArray(rule.targets)) throw new Error(`${name}.targets must be a list`);
      for (const target of rule.targets) {
        if (!APPLICABLE[fault].includes(target))
          throw new Error(`${name} cannot target ${String(target)} (possible: ${APPLICABLE[fault].join(', ')})`);
      }
    }
    if (fault === 'serverError' && rule.status !== undefined && ![500, 502, 503, 504].includes(rule.status as number))
      throw new Error('serverError.status must be 500, 502, 503 or 504');
    if (
      fault === 'unexpectedResponse' &&
      rule.variant !== undefined &&
      !['html', 'noEnvelope', 'nonZeroCode'].includes(rule.variant as string)
    ) {
      throw new Error('unexpectedResponse.variant must be html, noEnvelope or nonZeroCode');
    }
    for (const key of ['retryAfterSeconds', 'lateBySeconds']) {
      if (rule[key] !== undefined && !(Number.isInteger(rule[key]) && (rule[key] as number) >= 0))
        throw new Error(`${name}.${key} must be an integer >= 0`);
    }
  }
  return structuredClone(input) as ProvincialFaults;
}

/** The request a fault decision is about. */
export interface FaultContext {
  target: FaultTarget;
  /** 1-based number of this request among the target's requests. */
  requestNo: number;
  /** Page of the pull (1 = no cursor), list requests only. */
  page?: number;
  /** Identifies the request for that page (its cursor, or the query of a first page). */
  pageKey?: string;
}

/** Decides, reproducibly from its seed, which faults hit which request. */
export class FaultPlan {
  private config: ProvincialFaults = {};
  private rng: Rng;
  private fired = new Map<FaultName, number>();
  private pageKeys = new Map<FaultName, Set<string>>();

  constructor(
    initial: ProvincialFaults | undefined,
    private readonly defaultSeed: number,
  ) {
    this.rng = new Rng(defaultSeed);
    this.set(initial ?? {});
  }

  set(faults: ProvincialFaults): void {
    this.config = checkFaults(faults);
    this.rng = new Rng(this.config.seed ?? this.defaultSeed ^ 0x5f3759df);
    this.fired = new Map();
    this.pageKeys = new Map();
  }

  get(): ProvincialFaults {
    return structuredClone(this.config);
  }

  /** Whether a rule for `name` is set at all: a response need not be prepared for a fault that cannot fire. */
  configured(name: FaultName): boolean {
    return this.config[name] !== undefined;
  }

  /** The rule of `name` when it fires for this request, else undefined. */
  fires<N extends FaultName>(name: N, ctx: FaultContext): NonNullable<ProvincialFaults[N]> | undefined {
    const rule = this.config[name] as (FaultRule & NonNullable<ProvincialFaults[N]>) | undefined;
    if (!rule) return undefined;
    const targets: readonly FaultTarget[] = rule.targets ?? PROVINCIAL_STREAMS;
    if (!targets.includes(ctx.target) || !APPLICABLE[name].includes(ctx.target)) return undefined;
    const fired = this.fired.get(name) ?? 0;
    if (rule.times !== undefined && fired >= rule.times) return undefined;
    let hit = rule.requests?.includes(ctx.requestNo) ?? false;
    if (!hit && rule.pages && ctx.page !== undefined && rule.pages.includes(ctx.page) && ctx.pageKey !== undefined) {
      const seen = this.pageKeys.get(name) ?? new Set<string>();
      this.pageKeys.set(name, seen);
      if (!seen.has(ctx.pageKey)) {
        seen.add(ctx.pageKey);
        hit = true;
      }
    }
    if (!hit && rule.probability !== undefined && rule.probability > 0) hit = this.rng.next() < rule.probability;
    if (hit) this.fired.set(name, fired + 1);
    return hit ? rule : undefined;
  }

  /** A draw from the fault stream (truncation points, variants). */
  random(): number {
    return this.rng.next();
  }

  dirtyShare(): number | undefined {
    return this.config.dirtyRecords?.share;
  }
}
