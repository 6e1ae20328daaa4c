import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config';
import { upsertAdapter } from '../../../src/db/queries/adapters';
import { silentLogger, type Logger } from '../../../src/log';
import { startGateway, type Gateway, type StartOptions } from '../../../src/main';
import { createMockNational, type MockNational } from '../../../src/demo/national';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { FixtureSource } from './fixture-source';

export const ADMIN_TOKEN = 'tgw_test-admin-token-0123456789abcdef';
export const APP_KEY = 'k-ops';
export const APP_SECRET = 'secret-ops-123456';

export interface TestGateway {
  gw: Gateway;
  t: TestDatabase;
  mock: MockNational;
  source: FixtureSource;
  /** Bearer tokens by role (admin from ADMIN_TOKEN, the others created through the API). */
  tokens: { admin: string; operator: string; viewer: string };
  call(
    method: string,
    urlPath: string,
    opts?: { token?: string | null; body?: unknown },
  ): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  /** POST /api/quarantine/replay with a filter (a job) as the operator, then its state once it has ended. */
  replayMatching(filter: Record<string, unknown>): Promise<any>;
  /** The fixture adapter `fx-people`, live in the gateway and registered in its database. */
  addFixtureAdapter(id?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A whole gateway on a fresh schema, with the mock national platform and no configured adapters
 * (SIMULATORS=off, an empty ADAPTERS_DIR), listening on a free port.
 */
export async function startTestGateway(
  opts: { env?: Record<string, string>; log?: Logger; start?: Partial<StartOptions> } = {},
): Promise<TestGateway> {
  const t = await createTestDatabase();
  const mock = createMockNational({ clients: [{ appKey: APP_KEY, appSecret: APP_SECRET, regionScope: '62' }], rateLimitPerSecond: 0 });
  const { url: nationalUrl } = await mock.listen(0, '127.0.0.1');
  const adaptersDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-adapters-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-data-'));
  process.env.ADMIN_TOKEN = ADMIN_TOKEN;
  for (const [k, v] of Object.entries(opts.env ?? {})) process.env[k] = v;
  const config = loadConfig({
    env: {
      DATABASE_URL: t.url,
      DATABASE_SCHEMA: t.schema,
      BOSS_SCHEMA: t.bossSchema,
      SIMULATORS: 'off',
      NATIONAL_BASE_URL: nationalUrl,
      NATIONAL_APP_KEY: APP_KEY,
      NATIONAL_APP_SECRET: APP_SECRET,
      ADAPTERS_DIR: adaptersDir,
      PORT: '0',
      NATIONAL_RATE_LIMIT: '1000',
      DATA_DIR: dataDir,
      // Tests read fresh metrics and send many requests from one address; a test about either sets its own.
      METRICS_CACHE_SECONDS: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_TOKEN: '0',
      // Settings a test asks for (PUBLIC_TRACE_*, …) reach the configuration too.
      ...opts.env,
    },
  });
  const gw = await startGateway(config, { log: opts.log ?? silentLogger(), ...opts.start });
  const source = new FixtureSource();

  const call: TestGateway['call'] = async (method, urlPath, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${gw.url}${urlPath}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
    const text = await res.text();
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: res.status, body, text, headers: res.headers };
  };
  const create = async (name: string, role: string) => {
    const r = await call('POST', '/api/tokens', { token: ADMIN_TOKEN, body: { name, role } });
    if (r.status !== 201) throw new Error(`token ${name}: ${r.status} ${r.text}`);
    return r.body.token as string;
  };
  const tokens = { admin: ADMIN_TOKEN, operator: await create('ops-alice', 'operator'), viewer: await create('viewer-bob', 'viewer') };

  return {
    gw,
    t,
    mock,
    source,
    tokens,
    call,
    async replayMatching(filter) {
      const started = await call('POST', '/api/quarantine/replay', { token: tokens.operator, body: { filter } });
      if (started.status !== 202) throw new Error(`replay: ${started.status} ${started.text}`);
      return eventually(async () => {
        const job = (await call('GET', started.body.progressUrl, { token: tokens.viewer })).body;
        return job.state === 'done' || job.state === 'failed' ? job : undefined;
      });
    },
    async addFixtureAdapter(id = 'fx-people') {
      gw.instances.set(source.instance(id));
      await upsertAdapter(gw.db, source.declaration(id), 'config');
      return id;
    },
    async stop() {
      await gw.stop();
      await mock.close();
      await t.drop();
      fs.rmSync(adaptersDir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
      for (const k of Object.keys(opts.env ?? {})) delete process.env[k];
    },
  };
}

/** Polls `check` until it returns a truthy value (a pipeline step finishing in the background). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
