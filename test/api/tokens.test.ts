import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdminToken } from '../../src/auth/bootstrap';
import { hashToken } from '../../src/auth/token-secret';
import { findActiveToken, listTokens } from '../../src/db/queries/tokens';
import { silentLogger } from '../../src/log';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startTestGateway, type TestGateway } from './support/test-gateway';

describe('tokens through the API', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway();
  });
  afterAll(async () => {
    await g?.stop();
  });
  const admin = (method: string, path: string, body?: unknown) => g.call(method, path, { token: g.tokens.admin, body });

  it('shows a new token once; the list never holds a token or its hash', async () => {
    const created = await admin('POST', '/api/tokens', { name: 'regulator-view', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^tgw_[A-Za-z0-9_-]{43}$/);
    const list = await admin('GET', '/api/tokens');
    expect(list.body.map((t: any) => [t.name, t.role]).slice(0, 4)).toEqual([
      ['admin (ADMIN_TOKEN)', 'admin'],
      ['ops-alice', 'operator'],
      ['viewer-bob', 'viewer'],
      ['regulator-view', 'viewer'],
    ]);
    expect(list.text).not.toContain(created.body.token);
    expect(list.text).not.toContain(hashToken(created.body.token));
    expect(list.body[3]).not.toHaveProperty('token');
    expect((await admin('POST', '/api/tokens', { name: 'regulator-view', role: 'viewer' })).status).toBe(409);
    expect((await admin('POST', '/api/tokens', { name: 'x', role: 'root' })).status).toBe(400);
  });

  it('creates tokens with an expiry, and refuses an expired token with a clear 401', async () => {
    const past = await admin('POST', '/api/tokens', {
      name: 'expired-already',
      role: 'viewer',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body.message).toContain('expiresAt');
    const soon = await admin('POST', '/api/tokens', {
      name: 'short-lived',
      role: 'viewer',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(soon.status).toBe(201);
    expect(Date.parse(soon.body.expiresAt)).toBeGreaterThan(Date.now());
    expect((await g.call('GET', '/api/whoami', { token: soon.body.token })).status).toBe(200);
    await g.t.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [soon.body.id]);
    const refused = await g.call('GET', '/api/whoami', { token: soon.body.token });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('TG_AUTH_EXPIRED');
    expect(refused.body.message).toMatch(/^the token expired at \d{4}-.*; ask an admin for a new one$/);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('never revokes the last admin token', async () => {
    const list = (await admin('GET', '/api/tokens')).body;
    const bootstrap = list.find((t: any) => t.name === 'admin (ADMIN_TOKEN)');
    const refused = await admin('DELETE', `/api/tokens/${bootstrap.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('TG_CONFLICT');
    const second = await admin('POST', '/api/tokens', { name: 'second-admin', role: 'admin' });
    const revoked = await g.call('DELETE', `/api/tokens/${bootstrap.id}`, { token: second.body.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await g.call('GET', '/api/whoami', { token: g.tokens.admin })).status).toBe(401);
    const audit = (await g.call('GET', '/api/events?action=token:revoked', { token: second.body.token })).body.items[0];
    expect(audit).toMatchObject({ actor: 'second-admin', subject: 'admin (ADMIN_TOKEN)' });
  });
});

describe('admin token bootstrap', () => {
  let t: TestDatabase;
  let dir: string;
  const tokenFile = () => path.join(dir, 'data', 'admin-token');
  beforeAll(async () => {
    t = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bootstrap-'));
  });
  afterAll(async () => {
    await t?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a generated admin token to a file of mode 600 and prints only its path, once, even when processes start together', async () => {
    const printed: string[] = [];
    const opts = { tokenFile: tokenFile(), print: (l: string) => printed.push(l), log: silentLogger() };
    const outcomes = await Promise.all([1, 2, 3].map(() => bootstrapAdminToken(t.db, opts)));
    expect(outcomes.sort()).toEqual(['admin-exists', 'admin-exists', 'generated']);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(tokenFile());
    expect(printed[0]).not.toMatch(/tgw_/);
    expect(fs.statSync(tokenFile()).mode & 0o777).toBe(0o600);
    const token = fs.readFileSync(tokenFile(), 'utf8').trim();
    expect(await findActiveToken(t.db, hashToken(token))).toMatchObject({ role: 'admin', bootstrap: 'generated' });
    expect(await bootstrapAdminToken(t.db, opts)).toBe('admin-exists');
    expect(printed).toHaveLength(1);
  });

  it('installs ADMIN_TOKEN, keeps it across starts, and a new value rotates it (the old bootstrap tokens revoked)', async () => {
    const print = () => {
      throw new Error('nothing is printed when ADMIN_TOKEN is set');
    };
    const opts = (envToken: string) => ({ envToken, tokenFile: tokenFile(), print, log: silentLogger() });
    const generated = fs.readFileSync(tokenFile(), 'utf8').trim();
    const first = 'first-admin-token-value-123';
    expect(await bootstrapAdminToken(t.db, opts(first))).toBe('env-installed');
    expect(await findActiveToken(t.db, hashToken(generated))).toBeUndefined();
    expect(fs.existsSync(tokenFile())).toBe(false);
    expect(await bootstrapAdminToken(t.db, opts(first))).toBe('env-present');
    const next = 'second-admin-token-value-456';
    expect(await bootstrapAdminToken(t.db, opts(next))).toBe('env-installed');
    expect(await findActiveToken(t.db, hashToken(first))).toBeUndefined();
    expect(await findActiveToken(t.db, hashToken(next))).toMatchObject({ name: 'admin (ADMIN_TOKEN) #2', role: 'admin' });
    expect((await listTokens(t.db, false)).filter((x) => x.role === 'admin').map((x) => x.name)).toEqual(['admin (ADMIN_TOKEN) #2']);
    const revoked = (await t.db.query(`SELECT subject, actor, details FROM events WHERE action = 'token:revoked' ORDER BY id`)).rows;
    expect(revoked.map((e) => [e.subject, e.actor, e.details.reason])).toEqual([
      ['admin (generated)', 'system', 'ADMIN_TOKEN changed'],
      ['admin (ADMIN_TOKEN)', 'system', 'ADMIN_TOKEN changed'],
    ]);
    await expect(bootstrapAdminToken(t.db, opts('short'))).rejects.toThrow(/at least 16/);
  });

  it('refuses a revoked value given again as ADMIN_TOKEN with a clear message, changing nothing', async () => {
    const err = await bootstrapAdminToken(t.db, {
      envToken: 'first-admin-token-value-123',
      tokenFile: tokenFile(),
      print: () => undefined,
      log: silentLogger(),
    }).catch((e) => e);
    expect(err.code).toBe('TG_ADMIN_TOKEN_REFUSED');
    expect(err.message).toMatch(
      /^ADMIN_TOKEN \(environment\): this value was revoked at .* \(token "admin \(ADMIN_TOKEN\)"\); a revoked token is never valid again/,
    );
    expect(err.message).not.toContain('first-admin-token-value-123');
    expect((await listTokens(t.db, false)).map((x) => x.name)).toEqual(['admin (ADMIN_TOKEN) #2']);
  });
});
