import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../helpers/fleet';
import { spawnGateway, type GatewayProcess } from '../helpers/gateway-process';
import { freePort } from '../helpers/ports';
import { testDatabaseUrl } from '../helpers/db';

const ROOT = path.resolve(__dirname, '../..');
const isRoot = process.getuid?.() === 0;

/**
 * `git clone … && npm install && npm start` as root in a folder the `postgres` user cannot enter (root's
 * home, mode 700): the embedded PostgreSQL runs as `postgres`, so its data folder is kept under
 * /var/lib/trace-gateway instead, and the gateway starts.
 */
describe.skipIf(!isRoot)(
  `first start as root in a mode-700 folder${isRoot ? '' : ' (skipped: only root starts the embedded PostgreSQL as the postgres user; CI runs as root)'}`,
  () => {
    let home: string;
    let project: string;
    let fleet: Fleet;
    let env: Record<string, string>;
    let gateway: GatewayProcess | null = null;
    let expectedDir: string;

    beforeAll(async () => {
      // A home folder only root may enter, holding the project: its files are links to this checkout.
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-root-home-'));
      fs.chmodSync(home, 0o700);
      project = path.join(home, 'trace-gateway');
      fs.mkdirSync(project);
      for (const entry of ['config', 'node_modules', 'package.json', 'tsconfig.json'])
        fs.symlinkSync(path.join(ROOT, entry), path.join(project, entry));
      expectedDir = path.join('/var/lib/trace-gateway', createHash('sha256').update(project).digest('hex').slice(0, 12), 'pg');

      fleet = await startFleet({
        databaseUrl: testDatabaseUrl(),
        seed: 7,
        initialRecords: 3,
        newRecordsPerMinute: 0,
        nationalFaultShare: 0,
        sourceFaultShare: 0,
      });
      const configFile = path.join(project, 'local.json');
      const fleetConfig = JSON.parse(fs.readFileSync(fleet.env.CONFIG_FILE!, 'utf8'));
      fs.writeFileSync(configFile, JSON.stringify({ ...fleetConfig, database: { embedded: { dir: 'var/pg', port: await freePort() } } }));
      // No DATABASE_URL: the gateway runs its own embedded server, as a first `npm start` does.
      env = { ...fleet.env, DATABASE_URL: '', CONFIG_FILE: configFile };
    }, 60_000);

    afterAll(async () => {
      if (gateway) {
        gateway.kill('SIGTERM');
        await gateway.exited;
      }
      await fleet?.close();
      fs.rmSync(home, { recursive: true, force: true });
      fs.rmSync(path.dirname(expectedDir), { recursive: true, force: true });
    }, 60_000);

    it('keeps the embedded cluster under /var/lib/trace-gateway, says so, serves /ready, and tools find it', async () => {
      gateway = spawnGateway(env, { cwd: project });
      const port = await gateway.ready;
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(ready.status).toBe(200);

      const located = gateway.lines
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.event === 'db:location');
      expect(located?.dir).toBe(expectedDir);
      expect(String(located?.message)).toContain(expectedDir);
      const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const st = fs.statSync(expectedDir);
      expect(st.uid).toBe(postgresUid);
      expect(st.mode & 0o777).toBe(0o700);
      expect(fs.existsSync(path.join(expectedDir, 'PG_VERSION'))).toBe(true);
      expect(fs.existsSync(path.join(project, 'var/pg/PG_VERSION'))).toBe(false);

      // A command-line tool run from the same folder attaches to the running gateway's server.
      const status = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'status', '--json'], {
        cwd: project,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      status.stdout.on('data', (d) => (out += d));
      status.stderr.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((r) => status.once('exit', r));
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(
        JSON.parse(out)
          .adapters.map((a: { id: string }) => a.id)
          .sort(),
      ).toEqual(['gs-mvts', 'gs-provincial', 'lz-jc-market']);
    }, 120_000);
  },
);
