import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded';
import { silentLogger } from '../../src/log';
import { startFleet, type Fleet } from '../helpers/fleet';
import { spawnGateway, type GatewayProcess } from '../helpers/gateway-process';
import { freePort } from '../helpers/ports';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (
      await Promise.resolve()
        .then(cond)
        .catch(() => false)
    )
      return true;
    await sleep(250);
  }
  return Promise.resolve()
    .then(cond)
    .catch(() => false);
}

const DOWN_LIMIT_SECONDS = 3;

/**
 * A gateway on DATABASE_URL whose server goes away (kill -9) and comes back later: `/health` turns
 * unhealthy once the outage outlasts HEALTH_DB_DOWN_SECONDS, and the same process reconnects and
 * delivers again when the server is back. The server is one of the test's own, never the shared one.
 */
describe('a gateway on DATABASE_URL when its server goes away and comes back', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-outage-'));
  fs.chmodSync(work, 0o755);
  const dir = path.join(work, 'pg');
  let server: EmbeddedServer | null = null;
  let fleet: Fleet | null = null;
  let gateway: GatewayProcess | null = null;

  afterAll(async () => {
    if (gateway) {
      gateway.kill('SIGKILL');
      await gateway.exited;
    }
    await server?.stop();
    await fleet?.close();
    fs.rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('turns /health unhealthy after the limit, then reconnects and delivers without a restart', async () => {
    const port = await freePort();
    const start = () => startEmbeddedPostgres({ dir, port, log: silentLogger(), supervise: false });
    server = await start();
    fleet = await startFleet({
      databaseUrl: server.url,
      seed: 11,
      initialRecords: 5,
      newRecordsPerMinute: 30,
      nationalFaultShare: 0,
      sourceFaultShare: 0,
    });
    gateway = spawnGateway({ ...fleet.env, HEALTH_DB_DOWN_SECONDS: String(DOWN_LIMIT_SECONDS) });
    const api = `http://127.0.0.1:${await gateway.ready}`;
    const status = async (p: string) => (await fetch(`${api}${p}`)).status;
    const accepted = () => fleet!.mock.acceptLog().length;
    expect(await status('/health')).toBe(200);
    const first = accepted();
    expect(await until(() => accepted() > first, 60_000)).toBe(true);

    // The server goes away.
    process.kill(Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGKILL');
    expect(await until(async () => (await status('/ready')) === 503, 30_000)).toBe(true);
    expect(await until(async () => (await status('/health')) === 503, 60_000)).toBe(true);
    const unhealthy = (await (await fetch(`${api}/health`)).json()) as {
      status: string;
      database: { reachable: boolean; downSeconds: number; limitSeconds: number };
    };
    expect(unhealthy.status).toBe('unhealthy');
    expect(unhealthy.database.reachable).toBe(false);
    expect(unhealthy.database.downSeconds).toBeGreaterThan(DOWN_LIMIT_SECONDS);
    expect(unhealthy.database.limitSeconds).toBe(DOWN_LIMIT_SECONDS);
    expect(await (await fetch(`${api}/metrics`)).text()).toMatch(/^tg_database_up 0$/m);

    // It comes back (on the same address); the same process reconnects.
    await server.stop();
    server = await start();
    expect(await until(async () => (await status('/health')) === 200 && (await status('/ready')) === 200, 60_000)).toBe(true);
    const back = accepted();
    expect(await until(() => accepted() > back, 60_000), 'deliveries after the server came back').toBe(true);
    expect(gateway.child.exitCode).toBeNull();
    const events = gateway.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event?: string; level?: string });
    expect(events.some((e) => e.event === 'db:unreachable')).toBe(true);
    expect(events.some((e) => e.event === 'db:reachable')).toBe(true);
    // An outage is reported, not repeated by every worker at every poll.
    expect(events.filter((e) => e.event === 'jobs:error').length).toBeLessThan(20);
  }, 240_000);
});
