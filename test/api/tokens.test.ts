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
    expect(list.body.map((t: any) => [t.name, t.role])).toEqual([
      ['admin (ADMIN_TOKEN)', 'admin'], ['ops-alice', 'operator'], ['viewer-bob', 'viewer'], ['regulator-view', 'viewer'],
    ]);
    expect(list.text).not.toContain(created.body.token);
    expect(list.text).not.toContain(hashToken(created.body.token));
    expect(list.body[3]).not.toHaveProperty('token');
    expect((await admin('POST', '/api/tokens', { name: 'regulator-view', role: 'viewer' })).status).toBe(409);
    expect((await admin('POST', '/api/tokens', { name: 'x', role: 'root' })).status).toBe(400);
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
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('generates and prints one admin token at first start, once, even when processes start together', async () => {
    const printed: string[] = [];
    const outcomes = await Promise.all([1, 2, 3].map(() => bootstrapAdminToken(t.db, { print: (l) => printed.push(l), log: silentLogger() })));
    expect(outcomes.sort()).toEqual(['admin-exists', 'admin-exists', 'generated']);
    expect(printed).toHaveLength(1);
    const token = /(tgw_\S+)$/.exec(printed[0]!)![1]!;
    expect(printed[0]).toContain('shown once');
    expect(await findActiveToken(t.db, hashToken(token))).toMatchObject({ role: 'admin', bootstrap: 'generated' });
    expect(await bootstrapAdminToken(t.db, { print: (l) => printed.push(l), log: silentLogger() })).toBe('admin-exists');
    expect(printed).toHaveLength(1);
  });

  it('installs ADMIN_TOKEN, keeps it across starts and replaces it when it changes', async () => {
    const print = () => {
      throw new Error('nothing is printed when ADMIN_TOKEN is set');
    };
    const first = 'first-admin-token-value-123';
    expect(await bootstrapAdminToken(t.db, { envToken: first, print, log: silentLogger() })).toBe('env-installed');
    expect(await bootstrapAdminToken(t.db, { envToken: first, print, log: silentLogger() })).toBe('env-present');
    const next = 'second-admin-token-value-456';
    expect(await bootstrapAdminToken(t.db, { envToken: next, print, log: silentLogger() })).toBe('env-installed');
    expect(await findActiveToken(t.db, hashToken(first))).toBeUndefined();
    expect(await findActiveToken(t.db, hashToken(next))).toMatchObject({ name: 'admin (ADMIN_TOKEN)', role: 'admin' });
    expect((await listTokens(t.db, false)).filter((x) => x.role === 'admin')).toHaveLength(2);
    await expect(bootstrapAdminToken(t.db, { envToken: 'short', print, log: silentLogger() })).rejects.toThrow(/at least 16/);
  });
});
