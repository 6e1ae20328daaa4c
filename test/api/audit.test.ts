import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvincialSimulator, type ProvincialSimulator } from '../../src/demo/provincial-rest';
import { parsePrometheusText, sampleValue } from '../metrics/prometheus-text';
import { startTestGateway, type TestGateway } from './support/test-gateway';

const SECRET = 'prov-secret-audit-0123456789';

describe('the audit trail', () => {
  let g: TestGateway;
  let sim: ProvincialSimulator;
  let simHost: string;
  const logged: Array<{ message: string; meta: Record<string, unknown> }> = [];

  const admin = (method: string, path: string, body?: unknown) => g.call(method, path, { token: g.tokens.admin, body });
  const events = async (query: string) => (await admin('GET', `/api/events?${query}`)).body.items as any[];

  beforeAll(async () => {
    sim = createProvincialSimulator({
      appId: 'app-1',
      appSecret: SECRET,
      initialRecords: 1,
      newRecordsPerMinute: 0,
      rateLimitPerSecond: 0,
      tokenRequestsPerHour: 0,
    });
    const { port } = await sim.listen(0, '127.0.0.1');
    simHost = `127.0.0.1:${port}`;
    const log = {
      error: () => undefined,
      warn: (message: string, meta: Record<string, unknown>) => logged.push({ message, meta }),
      info: () => undefined,
      http: () => undefined,
      verbose: () => undefined,
      debug: () => undefined,
      child() {
        return this;
      },
    };
    g = await startTestGateway({
      env: { TG_SOURCE_TEST_AUDIT_APP_ID: 'app-1', TG_SOURCE_TEST_AUDIT_APP_SECRET: SECRET, METRICS_CACHE_SECONDS: '0' },
      log: log as any,
    });
  });
  afterAll(async () => {
    await g?.stop();
    await sim?.close();
  });

  it('names the actor of every event by the token id and name', async () => {
    const tokens = (await admin('GET', '/api/tokens')).body as any[];
    const adminToken = tokens.find((t) => t.name === 'admin (ADMIN_TOKEN)');
    const created = (await events('action=token:created')).find((e) => e.subject === 'ops-alice');
    expect(created).toMatchObject({ actor: 'admin (ADMIN_TOKEN)', actorTokenId: adminToken.id });
    const bootstrap = (await events('action=token:created')).find((e) => e.subject === 'admin (ADMIN_TOKEN)');
    expect(bootstrap).toMatchObject({ actor: 'system', actorTokenId: null });
  });

  it('keeps token names unique for ever, and "system" is reserved', async () => {
    const first = await admin('POST', '/api/tokens', { name: 'temp-reader', role: 'viewer' });
    expect(first.status).toBe(201);
    expect((await admin('DELETE', `/api/tokens/${first.body.id}`)).status).toBe(200);
    const again = await admin('POST', '/api/tokens', { name: 'temp-reader', role: 'viewer' });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/temp-reader.*already used.*revoked/);
    for (const name of ['system', 'System']) {
      const reserved = await admin('POST', '/api/tokens', { name, role: 'admin' });
      expect(reserved.status, name).toBe(400);
      expect(reserved.body.message).toMatch(/reserved/);
    }
  });

  it('stores the adapter declaration before and after a registration, an update and a removal, with credential references only', async () => {
    const decl = {
      id: 'audit-prov',
      kind: 'provincial-rest',
      regionCode: '620000',
      sourceSystem: 'gs-prov',
      schedule: '0 0 * * *',
      baseUrl: `http://${simHost}`,
      allowedHosts: [simHost],
      allowPrivateAddresses: true,
      credentials: { appId: 'env:TG_SOURCE_TEST_AUDIT_APP_ID', appSecret: 'env:TG_SOURCE_TEST_AUDIT_APP_SECRET' },
      options: { pageSize: 50, requestsPerSecond: 0 },
    };
    expect((await admin('POST', '/api/adapters', decl)).status).toBe(201);
    expect((await admin('PUT', '/api/adapters/audit-prov', { ...decl, options: { pageSize: 20, requestsPerSecond: 0 } })).status).toBe(200);
    expect((await admin('DELETE', '/api/adapters/audit-prov')).status).toBe(200);
    const trail = await events('subject=audit-prov');
    const [registered, updated, deleted] = ['adapter:registered', 'adapter:updated', 'adapter:deleted'].map((a) =>
      trail.find((e) => e.action === a),
    );
    expect(registered.details.before).toBeNull();
    expect(registered.details.after).toMatchObject({ id: 'audit-prov', credentials: decl.credentials, options: { pageSize: 50 } });
    expect(updated.details.before).toMatchObject({ options: { pageSize: 50 } });
    expect(updated.details.after).toMatchObject({ options: { pageSize: 20 }, credentials: decl.credentials });
    expect(deleted.details.before).toMatchObject({ options: { pageSize: 20 } });
    expect(deleted.details.after).toBeNull();
    expect(JSON.stringify(trail)).not.toContain(SECRET);
  });

  it('counts refused authentications by reason and logs them at a bounded rate', async () => {
    const before = logged.filter((l) => l.meta.event === 'auth:refused').length;
    for (let i = 0; i < 20; i++)
      expect((await g.call('GET', '/api/status', { token: `tgw_wrong-${i}-000000000000000000` })).status).toBe(401);
    expect((await g.call('GET', '/api/status')).status).toBe(401);
    expect((await g.call('POST', '/api/tokens', { token: g.tokens.viewer, body: { name: 'x', role: 'viewer' } })).status).toBe(403);
    const families = parsePrometheusText((await g.call('GET', '/metrics')).text);
    expect(sampleValue(families, 'tg_api_auth_refused_total', { reason: 'unknown' })).toBe(20);
    expect(sampleValue(families, 'tg_api_auth_refused_total', { reason: 'missing' })).toBe(1);
    expect(sampleValue(families, 'tg_api_auth_refused_total', { reason: 'forbidden' })).toBe(1);
    const lines = logged.filter((l) => l.meta.event === 'auth:refused').slice(before);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(JSON.stringify(lines)).not.toContain('tgw_wrong');
  });
});
