import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { canEnter, locateEmbeddedDir, postgresUser, projectKey, relocatedDir } from '../../src/db/embedded-location';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { silentLogger } from '../../src/log';
import { freePort } from '../helpers/ports';

const isRoot = process.getuid?.() === 0;

describe('relocatedDir', () => {
  it('maps folders of the project below a key of the project path, without the leading var/', () => {
    const key = projectKey('/root/trace-gateway');
    expect(key).toMatch(/^[0-9a-f]{12}$/);
    expect(relocatedDir('var/pg', '/root/trace-gateway')).toBe(`/var/lib/trace-gateway/${key}/pg`);
    expect(relocatedDir('/root/trace-gateway/var/test-pg/4242', '/root/trace-gateway')).toBe(`/var/lib/trace-gateway/${key}/test-pg/4242`);
    expect(relocatedDir('var/bench-pg', '/root/trace-gateway')).toBe(`/var/lib/trace-gateway/${key}/bench-pg`);
    expect(relocatedDir('data/pg', '/root/trace-gateway', '/srv/tg')).toBe(`/srv/tg/${key}/data/pg`);
  });

  it('keys a folder outside the project by its own path', () => {
    expect(relocatedDir('/root/elsewhere/pg', '/root/trace-gateway')).toBe(`/var/lib/trace-gateway/${projectKey('/root/elsewhere/pg')}/pg`);
  });

  it('gives two checkouts different folders', () => {
    expect(relocatedDir('var/pg', '/root/a')).not.toBe(relocatedDir('var/pg', '/root/b'));
  });
});

describe('locateEmbeddedDir', () => {
  it('keeps the requested folder when not running as root', () => {
    expect(locateEmbeddedDir('var/pg', { isRoot: false, projectDir: '/root/x' })).toEqual({
      dir: path.resolve('var/pg'),
      requested: path.resolve('var/pg'),
      relocatedBecause: null,
    });
  });

  describe.skipIf(!isRoot)(`as root${isRoot ? '' : ' (skipped: the server user is only switched to by root)'}`, () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-locate-'));
    fs.chmodSync(base, 0o755);
    const stateRoot = path.join(base, 'state');
    const user = postgresUser()!;
    afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

    it('keeps a folder the postgres user can reach', () => {
      const project = path.join(base, 'open');
      fs.mkdirSync(project);
      const loc = locateEmbeddedDir(path.join(project, 'var/pg'), { projectDir: project, stateRoot });
      expect(loc.dir).toBe(path.join(project, 'var/pg'));
      expect(loc.relocatedBecause).toBeNull();
    });

    it('relocates below a mode-700 folder and names that folder', () => {
      const home = path.join(base, 'home');
      fs.mkdirSync(path.join(home, 'project'), { recursive: true });
      fs.chmodSync(home, 0o700);
      expect(canEnter(user, home)).toBe(false);
      const project = path.join(home, 'project');
      const loc = locateEmbeddedDir(path.join(project, 'var/pg'), { projectDir: project, stateRoot });
      expect(loc.dir).toBe(path.join(stateRoot, projectKey(project), 'pg'));
      expect(loc.relocatedBecause).toContain(`cannot enter ${home} (mode 700)`);
    });

    it('before the postgres user exists (it is created at the first start), goes by the bits for others', () => {
      const home = path.join(base, 'home-nouser');
      fs.mkdirSync(path.join(home, 'project'), { recursive: true });
      fs.chmodSync(home, 0o700);
      const project = path.join(home, 'project');
      expect(locateEmbeddedDir(path.join(project, 'var/pg'), { projectDir: project, stateRoot, user: null }).dir).toBe(
        path.join(stateRoot, projectKey(project), 'pg'),
      );
      const open = path.join(base, 'open-nouser');
      fs.mkdirSync(open, { mode: 0o755 });
      expect(locateEmbeddedDir(path.join(open, 'var/pg'), { projectDir: open, stateRoot, user: null }).relocatedBecause).toBeNull();
    });

    it('stays with a relocated cluster once the requested folder becomes reachable, while that one holds none', () => {
      const project = path.join(base, 'later-open');
      fs.mkdirSync(project);
      const moved = relocatedDir(path.join(project, 'var/pg'), project, stateRoot);
      fs.mkdirSync(moved, { recursive: true });
      fs.writeFileSync(path.join(moved, 'PG_VERSION'), '18\n');
      const loc = locateEmbeddedDir(path.join(project, 'var/pg'), { projectDir: project, stateRoot });
      expect(loc.dir).toBe(moved);
      expect(loc.relocatedBecause).toContain('earlier start');
    });

    it('starts the server of a folder under a mode-700 folder there (npm test and the benchmark start theirs so)', async () => {
      const home = path.join(base, 'home-start');
      fs.mkdirSync(home);
      fs.chmodSync(home, 0o700);
      const server = await startEmbeddedPostgres({ dir: path.join(home, 'var/test-pg/1'), port: await freePort(), log: silentLogger() });
      try {
        expect(server.dir.startsWith('/var/lib/trace-gateway/')).toBe(true);
        expect(fs.statSync(server.dir).uid).toBe(user.uid);
        expect(fs.statSync(server.dir).mode & 0o777).toBe(0o700);
        const c = new pg.Client({ connectionString: server.url });
        await c.connect();
        expect((await c.query('SELECT 1 AS one')).rows[0].one).toBe(1);
        await c.end();
      } finally {
        await server.stop();
        fs.rmSync(path.dirname(server.dir), { recursive: true, force: true });
      }
    }, 90_000);
  });
});
