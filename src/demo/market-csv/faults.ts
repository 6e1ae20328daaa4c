import { Rng } from '../common/random';
import { MARKET_FAULT_KINDS, MARKET_STREAM_NAMES, type MarketFaultConfig, type MarketFaultKind, type MarketStreamName } from './types';

/** Refuses a fault config the simulator would misread; returns a normalised copy. */
export function checkFaultConfig(input: unknown): MarketFaultConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('faults must be an object');
  const f = input as Record<string, unknown>;
  const known = [
    'seed',
    'probability',
    'kinds',
    'at',
    'retryAfterSeconds',
    'serverErrorStatus',
    'duplicateRows',
    'wrongEncoding',
    'dirtyShare',
  ];
  for (const key of Object.keys(f)) if (!known.includes(key)) throw new Error(`unknown fault setting "${key}"`);
  const num = (key: string, min: number, max: number): number | undefined => {
    const v = f[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new Error(`${key} must be a number in ${min}…${max}`);
    return v;
  };
  const isKind = (k: unknown): k is MarketFaultKind => (MARKET_FAULT_KINDS as readonly unknown[]).includes(k);
  const out: MarketFaultConfig = {
    seed: num('seed', 0, 2 ** 32),
    probability: num('probability', 0, 1),
    retryAfterSeconds: num('retryAfterSeconds', 0, 86_400),
    duplicateRows: num('duplicateRows', 1, 1000),
    dirtyShare: num('dirtyShare', 0, 1),
  };
  if (f.kinds !== undefined) {
    if (!Array.isArray(f.kinds) || !f.kinds.every(isKind)) throw new Error(`kinds must list some of ${MARKET_FAULT_KINDS.join(', ')}`);
    out.kinds = [...f.kinds];
  }
  if (f.at !== undefined) {
    const ok =
      Array.isArray(f.at) &&
      f.at.every(
        (a) =>
          typeof a === 'object' &&
          a !== null &&
          (MARKET_STREAM_NAMES as readonly unknown[]).includes((a as Record<string, unknown>).stream) &&
          Number.isInteger((a as Record<string, unknown>).request) &&
          (a as Record<string, number>).request >= 1 &&
          isKind((a as Record<string, unknown>).kind),
      );
    if (!ok) throw new Error('at must list { stream, request (≥ 1), kind }');
    out.at = (f.at as MarketFaultConfig['at'])!.map((a) => ({ stream: a.stream, request: a.request, kind: a.kind }));
  }
  if (f.serverErrorStatus !== undefined) {
    if (f.serverErrorStatus !== 500 && f.serverErrorStatus !== 503) throw new Error('serverErrorStatus must be 500 or 503');
    out.serverErrorStatus = f.serverErrorStatus;
  }
  if (f.wrongEncoding !== undefined) {
    if (f.wrongEncoding !== 'utf8-labelled-gbk' && f.wrongEncoding !== 'gbk-labelled-utf8')
      throw new Error('wrongEncoding must be utf8-labelled-gbk or gbk-labelled-utf8');
    out.wrongEncoding = f.wrongEncoding;
  }
  for (const key of Object.keys(out) as Array<keyof MarketFaultConfig>) if (out[key] === undefined) delete out[key];
  return out;
}

/** Decides, reproducibly from the seed, which fault (if any) each export request gets. */
export class FaultPlan {
  private config: MarketFaultConfig = {};
  private rng = new Rng(1);
  private readonly requests: Record<MarketStreamName, number> = { vendors: 0, entries: 0, sales: 0 };
  readonly injected: Partial<Record<MarketFaultKind, number>> = {};

  constructor(config: MarketFaultConfig | undefined, seed: number) {
    this.set(config ?? {}, seed);
  }

  set(config: MarketFaultConfig, fallbackSeed = 1): void {
    this.config = checkFaultConfig(config);
    this.rng = new Rng(this.config.seed ?? fallbackSeed);
  }

  get(): MarketFaultConfig {
    return structuredClone(this.config);
  }

  requestCounts(): Record<MarketStreamName, number> {
    return { ...this.requests };
  }

  /** Counts the request and returns its fault. */
  next(stream: MarketStreamName): MarketFaultKind | null {
    const n = ++this.requests[stream];
    const scheduled = this.config.at?.find((a) => a.stream === stream && a.request === n);
    const roll = this.rng.next();
    const kind =
      scheduled?.kind ??
      (roll < (this.config.probability ?? 0) ? this.rng.pick(this.config.kinds?.length ? this.config.kinds : MARKET_FAULT_KINDS) : null);
    if (kind) this.injected[kind] = (this.injected[kind] ?? 0) + 1;
    return kind;
  }

  retryAfterSeconds(): number {
    return this.config.retryAfterSeconds ?? 1;
  }

  serverErrorStatus(): 500 | 503 {
    return this.config.serverErrorStatus ?? (this.rng.chance(0.5) ? 500 : 503);
  }

  duplicateRows(): number {
    return this.config.duplicateRows ?? 3;
  }

  wrongEncoding(): 'utf8-labelled-gbk' | 'gbk-labelled-utf8' {
    return this.config.wrongEncoding ?? (this.rng.chance(0.5) ? 'utf8-labelled-gbk' : 'gbk-labelled-utf8');
  }

  /** A cut point in [from, to] for truncatedBody. */
  cutBetween(from: number, to: number): number {
    return this.rng.int(from, to);
  }
}
