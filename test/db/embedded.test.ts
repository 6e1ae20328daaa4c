import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { GatewayError } from '../../src/errors';
import { silentLogger } from '../../src/log';
import { captureLogger } from '../helpers/log-capture';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// Under /tmp, which the `postgres` user can enter when the tests run as root.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-embedded-'));
fs.chmodSync(base, 0o755);

describe('embedded PostgreSQL', () => {
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it('refuses a busy port with a clear error', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const err = await startEmbeddedPostgres({ dir: path.join(base, 'busy'), port, log: silentLogger() }).catch((e) => e);
      expect(err).toBeInstanceOf(GatewayError);
      expect(err.code).toBe('TG_DB_PORT_BUSY');
      expect(err.message).toContain(`port ${port}`);
      expect(err.message).toContain('DATABASE_URL');
    } finally {
      blocker.close();
    }
  });

  it('takes over from a server left running by a process killed with -9', async () => {
    const dir = path.join(base, 'stale');
    const port = await freePort();
    const script = `
      const { startEmbeddedPostgres } = require(${JSON.stringify(path.resolve('src/db/embedded.ts'))});
      const { silentLogger } = require(${JSON.stringify(path.resolve('src/log.ts'))});
      startEmbeddedPostgres({ dir: ${JSON.stringify(dir)}, port: ${port}, log: silentLogger() }).then(() => console.log('READY'));
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('READY') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const stalePid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(() => process.kill(stalePid, 0)).not.toThrow(); // the orphan is still running

    const server = await startEmbeddedPostgres({ dir, port, log: silentLogger() });
    try {
      const c = new pg.Client({ connectionString: server.url });
      await c.connect();
      expect((await c.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      await c.end();
      const pid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(pid).not.toBe(stalePid);
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
  });

  it('refuses to take over the server of a gateway that is still running', async () => {
    const dir = path.join(base, 'owned');
    const owner = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(`${dir}.owner`, String(owner.pid));
      const err = await startEmbeddedPostgres({ dir, port: await freePort(), log: silentLogger() }).catch((e) => e);
      expect(err).toBeInstanceOf(GatewayError);
      expect(err.message).toContain(`pid ${owner.pid}`);
      expect(err.message).toContain('DATABASE_URL');
    } finally {
      owner.kill();
    }
  });

  it('restarts a server that was killed, saying so, until it is stopped', async () => {
    const dir = path.join(base, 'supervised');
    const { log, entries } = captureLogger();
    const server = await startEmbeddedPostgres({ dir, port: await freePort(), log, restartDelaysMs: [200, 400] });
    const postmaster = () => Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const query = async () => {
      const c = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2000 });
      try {
        await c.connect();
        return (await c.query('SELECT 1 AS one')).rows[0].one as number;
      } finally {
        await c.end().catch(() => undefined);
      }
    };
    try {
      for (let round = 1; round <= 2; round++) {
        const killed = postmaster();
        process.kill(killed, 'SIGKILL');
        const deadline = Date.now() + 60_000;
        while (server.restarts() < round && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(server.restarts()).toBe(round);
        expect(postmaster()).not.toBe(killed);
        expect(await query()).toBe(1);
      }
      expect(entries.filter((e) => e.event === 'db:embedded-exited').map((e) => e.signal)).toEqual(['SIGKILL', 'SIGKILL']);
      expect(entries.filter((e) => e.event === 'db:embedded-restarted')).toHaveLength(2);
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
    expect(server.restarts()).toBe(2);
  }, 150_000);
});
