/**
 * The whole gateway in this process (src/main.ts startGateway), configured as an operator would:
 * environment overrides plus a CONFIG_FILE deep-merged over config/default.json, no bundled
 * simulators, adapter declarations passed in, fresh schemas.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import winston from 'winston';
import { adapterKinds } from '../../src/adapters/registry';
import { validateDeclaration } from '../../src/adapters/declaration';
import type { AdapterDeclaration } from '../../src/adapters/types';
import { loadConfig, type Config } from '../../src/config';
import { createLogger, type Logger } from '../../src/log';
import { startGateway, type Gateway } from '../../src/main';
import type { BenchSchemas } from './database';

export interface BenchGatewayOptions {
  databaseUrl: string;
  schemas: BenchSchemas;
  /** rateLimitPerSecond: NATIONAL_RATE_LIMIT; left out, the gateway's default applies. */
  national: { url: string; appKey: string; appSecret: string; rateLimitPerSecond?: number };
  /** Raw declarations (as in config/adapters/*.json); validated like a file would be. */
  declarations: unknown[];
  /** Credential values, exported into this process's environment under their names. */
  secrets: Record<string, string>;
  /** Deep-merged over config/default.json (CONFIG_FILE). */
  overrides?: Record<string, unknown>;
  schedules: boolean;
  /** Start the operator API on a free port (default false); callers use ADMIN_TOKEN (adminToken()). */
  api?: boolean;
  log: Logger;
}

export interface BenchGateway {
  gateway: Gateway;
  config: Config;
  stop(): Promise<void>;
}

/** Warnings and errors of the gateway go to a file, never between the figures. */
export function createBenchLogger(file: string): Logger {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const log = createLogger({ level: 'warn', pretty: false });
  log.clear();
  log.add(new winston.transports.File({ filename: file }));
  return log;
}

/**
 * The admin token of the bench's gateways (ADMIN_TOKEN, chosen here when unset): without it the
 * operator surfaces' bootstrap would print a generated one between the figures.
 */
export function adminToken(): string {
  process.env.ADMIN_TOKEN ||= randomBytes(24).toString('hex');
  return process.env.ADMIN_TOKEN;
}

/** A call to the running gateway's operator API as an admin, e.g. apiRequest(gw, 'POST', '/api/adapters/x/pull'). */
export async function apiRequest(
  gw: BenchGateway,
  method: 'GET' | 'POST',
  route: string,
): Promise<{ status: number; body: string; ms: number }> {
  if (!gw.gateway.port) throw new Error('the operator API of this gateway is not started (api: true)');
  const started = performance.now();
  const res = await fetch(`${gw.gateway.url}${route}`, { method, headers: { authorization: `Bearer ${adminToken()}` } });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - started };
}

export function validatedDeclarations(raw: unknown[]): AdapterDeclaration[] {
  return raw.map((d, i) => validateDeclaration(d, adapterKinds, `bench declaration ${i + 1}`));
}

export async function startBenchGateway(opts: BenchGatewayOptions): Promise<BenchGateway> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bench-'));
  fs.mkdirSync(path.join(dir, 'adapters'));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(opts.overrides ?? {}));
  for (const [name, value] of Object.entries(opts.secrets)) process.env[name] = value;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: opts.databaseUrl,
    DATABASE_SCHEMA: opts.schemas.schema,
    BOSS_SCHEMA: opts.schemas.bossSchema,
    SIMULATORS: 'off',
    NATIONAL_BASE_URL: opts.national.url,
    NATIONAL_APP_KEY: opts.national.appKey,
    NATIONAL_APP_SECRET: opts.national.appSecret,
    ...(opts.national.rateLimitPerSecond !== undefined ? { NATIONAL_RATE_LIMIT: String(opts.national.rateLimitPerSecond) } : {}),
    ADAPTERS_DIR: path.join(dir, 'adapters'),
    CONFIG_FILE: path.join(dir, 'config.json'),
    PORT: '0',
    LOG_LEVEL: 'warn',
  };
  adminToken();
  const config = loadConfig({ env });
  let gateway: Gateway;
  try {
    gateway = await startGateway(config, {
      log: opts.log,
      declarations: validatedDeclarations(opts.declarations),
      api: opts.api ?? false,
      schedules: opts.schedules,
    });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    gateway,
    config,
    async stop() {
      await gateway.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
