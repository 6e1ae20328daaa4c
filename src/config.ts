import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { configSchema } from './config-schema';
import { GatewayError } from './errors';
import type { SignMethod } from './national/types';

export interface Config {
  readonly port: number;
  readonly logLevel: string;
  readonly simulators: boolean;
  /** Where the gateway keeps files of its own (the generated admin token). */
  readonly dataDir: string;
  readonly api: {
    /** Requests per window per client address and per token (0: no limit). */
    readonly rateLimit: { readonly windowSeconds: number; readonly perAddress: number; readonly perToken: number };
    /** /metrics is computed at most once per cacheSeconds; `port` serves it on a listener of its own. */
    readonly metrics: { readonly cacheSeconds: number; readonly port: number | null };
  };
  readonly adaptersDir: string;
  readonly demoAdaptersDir: string;
  readonly translationsDir: string;
  readonly codelistsDir: string;
  readonly database: {
    readonly url: string | null;
    readonly schema: string;
    readonly bossSchema: string;
    readonly poolSize: number;
    readonly embedded: { readonly dir: string; readonly port: number };
  };
  readonly national: {
    readonly baseUrl: string | null;
    readonly appKey: string | null;
    /** The resolved secret value (the file holds only an `env:NAME` reference). */
    readonly appSecret: string | null;
    readonly appSecretRef: string | null;
    readonly signMethod: SignMethod;
    readonly regionScope: string;
    readonly rateLimitPerSecond: number;
    readonly timeoutMs: number;
    readonly gzipAboveBytes: number;
  };
  readonly delivery: {
    readonly batchMaxRecords: number;
    readonly batchMaxBytes: number;
    readonly workers: number;
    readonly sweepSeconds: number;
  };
  readonly pull: { readonly maxSeconds: number; readonly expireSeconds: number };
  readonly retention: { readonly days: number };
  readonly jobs: { readonly maintenanceIntervalSeconds: number; readonly deliverExpireSeconds: number };
  /** `/health` answers 503 once the database has been unreachable longer than databaseDownSeconds. */
  readonly health: { readonly databaseDownSeconds: number };
  /**
   * How far V8 lets the old generation grow past what survived its last full collection before the
   * next one, in percent (200: to three times); 0 leaves it to V8, which picks up to four times.
   */
  readonly memory: { readonly heapGrowthPercent: number };
  readonly maintenance: {
    readonly reconcileCron: string;
    readonly pruneCron: string;
    readonly codelistsCron: string;
    readonly timezone: string;
  };
  /** Notices of national §8: how often the feed is read, and whether failed inspections raise notices. */
  readonly notices: { readonly pollSeconds: number; readonly raise: 'off' | 'propose' | 'auto' };
  readonly publicTrace: {
    readonly enabled: boolean;
    /** Where the public trace pages are reached from outside (QR codes point here); null = the listening URL. */
    readonly baseUrl: string | null;
    readonly cacheSeconds: number;
    readonly rateLimit: { readonly max: number; readonly windowSeconds: number };
    readonly trustProxyHops: number;
  };
  readonly demo: { readonly dataDir: string; readonly ports: { national: number; provincial: number; market: number; mvts: number } };
}

type Env = Readonly<Record<string, string | undefined>>;

/** Environment variables that override a configuration path. */
const ENV_OVERRIDES: ReadonlyArray<{ name: string; path: string[]; parse: (v: string) => unknown }> = [
  { name: 'PORT', path: ['port'], parse: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  { name: 'DATABASE_URL', path: ['database', 'url'], parse: (v) => v },
  { name: 'LOG_LEVEL', path: ['logLevel'], parse: (v) => v },
  { name: 'NATIONAL_BASE_URL', path: ['national', 'baseUrl'], parse: (v) => v },
  { name: 'NATIONAL_APP_KEY', path: ['national', 'appKey'], parse: (v) => v },
  { name: 'NATIONAL_SIGN_METHOD', path: ['national', 'signMethod'], parse: (v) => v },
  { name: 'NATIONAL_REGION_SCOPE', path: ['national', 'regionScope'], parse: (v) => v },
  { name: 'SIMULATORS', path: ['simulators'], parse: parseSwitch },
  { name: 'ADAPTERS_DIR', path: ['adaptersDir'], parse: (v) => v },
  { name: 'RETENTION_DAYS', path: ['retention', 'days'], parse: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  { name: 'DATA_DIR', path: ['dataDir'], parse: (v) => v },
  { name: 'RATE_LIMIT_WINDOW_SECONDS', path: ['api', 'rateLimit', 'windowSeconds'], parse: parseNumber },
  { name: 'RATE_LIMIT_PER_ADDRESS', path: ['api', 'rateLimit', 'perAddress'], parse: parseNumber },
  { name: 'RATE_LIMIT_PER_TOKEN', path: ['api', 'rateLimit', 'perToken'], parse: parseNumber },
  { name: 'METRICS_CACHE_SECONDS', path: ['api', 'metrics', 'cacheSeconds'], parse: parseNumber },
  { name: 'METRICS_PORT', path: ['api', 'metrics', 'port'], parse: parseNumber },
  { name: 'DATABASE_SCHEMA', path: ['database', 'schema'], parse: (v) => v },
  { name: 'BOSS_SCHEMA', path: ['database', 'bossSchema'], parse: (v) => v },
  { name: 'NOTICES_POLL_SECONDS', path: ['notices', 'pollSeconds'], parse: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  { name: 'NOTICES_RAISE', path: ['notices', 'raise'], parse: (v) => v.trim().toLowerCase() },
  { name: 'PUBLIC_TRACE', path: ['publicTrace', 'enabled'], parse: parseSwitch },
  { name: 'PUBLIC_BASE_URL', path: ['publicTrace', 'baseUrl'], parse: (v) => v },
  { name: 'PUBLIC_TRACE_CACHE_SECONDS', path: ['publicTrace', 'cacheSeconds'], parse: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  { name: 'PUBLIC_TRACE_RATE_LIMIT', path: ['publicTrace', 'rateLimit', 'max'], parse: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  {
    name: 'PUBLIC_TRACE_RATE_WINDOW_SECONDS',
    path: ['publicTrace', 'rateLimit', 'windowSeconds'],
    parse: (v) => (/^\d+$/.test(v) ? Number(v) : v),
  },
  { name: 'PUBLIC_TRACE_TRUST_PROXY_HOPS', path: ['publicTrace', 'trustProxyHops'], parse: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  { name: 'HEAP_GROWTH_PERCENT', path: ['memory', 'heapGrowthPercent'], parse: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  { name: 'HEALTH_DB_DOWN_SECONDS', path: ['health', 'databaseDownSeconds'], parse: (v) => (/^\d+$/.test(v) ? Number(v) : v) },
  { name: 'NATIONAL_RATE_LIMIT', path: ['national', 'rateLimitPerSecond'], parse: (v) => (/^\d+(\.\d+)?$/.test(v) ? Number(v) : v) },
];

function parseNumber(v: string): unknown {
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

function parseSwitch(v: string): unknown {
  const s = v.trim().toLowerCase();
  if (['off', 'false', '0', 'no'].includes(s)) return false;
  if (['on', 'true', '1', 'yes'].includes(s)) return true;
  return v;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateShape = ajv.compile(configSchema);

function setPath(obj: Record<string, any>, p: string[], value: unknown): void {
  let cur = obj;
  for (const key of p.slice(0, -1)) cur = cur[key] ??= {};
  cur[p[p.length - 1]!] = value;
}

function configError(problems: string[]): GatewayError {
  return new GatewayError('TG_CONFIG_INVALID', `invalid configuration:\n  - ${problems.join('\n  - ')}`, problems);
}

/** Resolves `env:NAME`; undefined when the variable is unset or empty. */
export function resolveEnvRef(ref: string, env: Env = process.env): string | undefined {
  if (!ref.startsWith('env:')) throw new GatewayError('TG_CONFIG_INVALID', `"${ref.slice(0, 8)}…" is not an env:NAME reference`);
  const value = env[ref.slice(4)];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * config/default.json, then environment overrides, validated with ajv and frozen. Every problem names
 * where it came from: the environment variable, or the file and JSON path.
 */
export function loadConfig(opts: { file?: string; env?: Env } = {}): Config {
  const env = opts.env ?? process.env;
  const file = opts.file ?? path.resolve('config/default.json');
  let raw: Record<string, any> = readJson(file);
  // CONFIG_FILE: a JSON file of overrides deep-merged over the defaults (a deployment's own settings).
  const overrideFile = env.CONFIG_FILE;
  if (overrideFile) raw = deepMerge(raw, readJson(path.resolve(overrideFile)));
  const origin = new Map<string, string>();
  for (const o of ENV_OVERRIDES) {
    const value = env[o.name];
    if (value === undefined || value === '') continue;
    setPath(raw, o.path, o.parse(value));
    origin.set(`/${o.path.join('/')}`, o.name);
  }
  if (!validateShape(raw)) {
    const problems = (validateShape.errors ?? []).map((e) => {
      const at = e.instancePath || '/';
      const name = origin.get(at);
      const where = name ? `${name} (environment)` : `${path.relative(process.cwd(), file) || file} ${at}`;
      const allowed = e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
      const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
      return `${where}: ${e.message ?? 'is invalid'}${extra}${allowed}`;
    });
    throw configError(problems);
  }
  const problems: string[] = [];
  const national = raw.national as Record<string, any>;
  const appKey =
    typeof national.appKey === 'string' && national.appKey.startsWith('env:')
      ? (resolveEnvRef(national.appKey, env) ?? null)
      : national.appKey;
  const appSecretRef: string | null = national.appSecret;
  const appSecret = appSecretRef ? (resolveEnvRef(appSecretRef, env) ?? null) : null;
  if (national.baseUrl) {
    if (!appKey) problems.push('NATIONAL_APP_KEY (environment): is required when NATIONAL_BASE_URL is set');
    if (!appSecret)
      problems.push(`${appSecretRef?.slice(4) ?? 'NATIONAL_APP_SECRET'} (environment): is required when NATIONAL_BASE_URL is set`);
  } else if (!raw.simulators) {
    problems.push('NATIONAL_BASE_URL (environment): is required when SIMULATORS=off (there is no bundled national platform to deliver to)');
  }
  if (problems.length) throw configError(problems);
  const config = { ...raw, national: { ...national, appKey, appSecret, appSecretRef } } as Config;
  return deepFreeze(config);
}

function readJson(file: string): Record<string, any> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw configError([`${file}: cannot be read as JSON (${(err as Error).message})`]);
  }
}

function deepMerge(base: Record<string, any>, over: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && base[k] && typeof base[k] === 'object' ? deepMerge(base[k], v) : v;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
