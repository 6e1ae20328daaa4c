import { FAULT_KINDS, type FaultConfig, type FaultKind } from './types';

/** mulberry32: a tiny seeded PRNG, so a faulty run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultPlan {
  config(): FaultConfig;
  set(config: FaultConfig): void;
  /** The fault for the next upload request, if any. */
  nextUploadFault(): FaultKind | null;
  /** Seconds until the maintenance window ends, or null outside one. */
  maintenanceSeconds(now: number): number | null;
  retryAfterSeconds(): number;
  latencyMs(): number;
}

/** Refuses a config the mock would misread; returns a normalised copy. */
export function checkFaultConfig(input: unknown): FaultConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('faults must be an object');
  const f = input as Record<string, unknown>;
  const known = ['seed', 'probability', 'kinds', 'latencyMs', 'maintenance', 'retryAfterSeconds'];
  for (const key of Object.keys(f)) if (!known.includes(key)) throw new Error(`unknown fault setting "${key}"`);
  const out: FaultConfig = {};
  const num = (key: string, min: number, max: number): number | undefined => {
    const v = f[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw new Error(`${key} must be a number in ${min}…${max}`);
    }
    return v;
  };
  out.seed = num('seed', 0, 2 ** 32);
  out.probability = num('probability', 0, 1);
  out.latencyMs = num('latencyMs', 0, 600_000);
  out.retryAfterSeconds = num('retryAfterSeconds', 0, 86_400);
  if (f.kinds !== undefined) {
    if (!Array.isArray(f.kinds) || !f.kinds.every((k) => (FAULT_KINDS as readonly unknown[]).includes(k))) {
      throw new Error(`kinds must list some of ${FAULT_KINDS.join(', ')}`);
    }
    out.kinds = [...(f.kinds as FaultKind[])];
  }
  if (f.maintenance !== undefined && f.maintenance !== null) {
    const m = f.maintenance as { until?: unknown };
    if (typeof m !== 'object' || typeof m.until !== 'string' || Number.isNaN(Date.parse(m.until))) {
      throw new Error('maintenance must be null or { "until": "<ISO timestamp>" }');
    }
    out.maintenance = { until: m.until };
  } else if (f.maintenance === null) {
    out.maintenance = null;
  }
  for (const key of Object.keys(out) as (keyof FaultConfig)[]) if (out[key] === undefined) delete out[key];
  return out;
}

export function createFaultPlan(initial: FaultConfig | undefined, defaultSeed: number): FaultPlan {
  let current: FaultConfig = {};
  let random = seededRandom(defaultSeed);
  const plan: FaultPlan = {
    config: () => structuredClone(current),
    set(config) {
      current = checkFaultConfig(config);
      random = seededRandom(current.seed ?? defaultSeed);
    },
    nextUploadFault() {
      const kinds = current.kinds ?? [];
      const p = current.probability ?? 0;
      if (kinds.length === 0 || p <= 0) return null;
      if (random() >= p) return null;
      return kinds[Math.floor(random() * kinds.length)];
    },
    maintenanceSeconds(now) {
      const until = current.maintenance ? Date.parse(current.maintenance.until) : NaN;
      if (Number.isNaN(until) || now >= until) return null;
      return Math.max(1, Math.ceil((until - now) / 1000));
    },
    retryAfterSeconds: () => current.retryAfterSeconds ?? 1,
    latencyMs: () => current.latencyMs ?? 2000,
  };
  plan.set(initial ?? {});
  return plan;
}
