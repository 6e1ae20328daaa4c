import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway';

type Need = 'public' | 'viewer' | 'operator' | 'admin';

/** The access matrix, written out here on purpose: the OpenAPI document must agree with it. */
const MINIMUM_ROLE: Record<string, Need> = {
  health: 'public',
  ready: 'public',
  metrics: 'public',
  openapi: 'public',
  getPublicTrace: 'public',
  publicTracePage: 'public',
  publicTraceQr: 'public',
  whoami: 'viewer',
  getStatus: 'viewer',
  getStatusHistory: 'viewer',
  listInterfaces: 'viewer',
  getNational: 'viewer',
  listAlerts: 'viewer',
  listAdapters: 'viewer',
  getAdapter: 'viewer',
  listAdapterKinds: 'viewer',
  listRecords: 'viewer',
  getLineage: 'viewer',
  traceChain: 'viewer',
  listQuarantine: 'viewer',
  quarantineSummary: 'viewer',
  getQuarantineEntry: 'viewer',
  listEvents: 'viewer',
  listReconciliations: 'viewer',
  listBatches: 'viewer',
  retryBatch: 'operator',
  resumeNational: 'operator',
  testAdapter: 'operator',
  pullAdapter: 'operator',
  backfillAdapter: 'operator',
  editQuarantinedRecord: 'operator',
  replayQuarantine: 'operator',
  getReplayJob: 'viewer',
  registerAdapter: 'admin',
  updateAdapter: 'admin',
  deleteAdapter: 'admin',
  enableAdapter: 'admin',
  disableAdapter: 'admin',
  listTokens: 'admin',
  createToken: 'admin',
  revokeToken: 'admin',
  listNotices: 'viewer',
  getNoticeCase: 'viewer',
  getNoticeReport: 'viewer',
  getNoticeReportPage: 'viewer',
  listRaisedNotices: 'viewer',
  recordNoticeAction: 'operator',
  closeNoticeCase: 'operator',
  confirmRaisedNotice: 'operator',
  dismissRaisedNotice: 'operator',
};
const RANK: Record<Need, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };
const SAMPLE_PARAMS: Record<string, string> = {
  id: '999999',
  traceCode: '62012301250101000010',
  noticeId: 'NT20261205999999',
  clientNoticeId: 'raise-unknown-1',
};

describe('access: every route of the OpenAPI document × every role', () => {
  let g: TestGateway;
  let doc: any;
  const ops: Array<{ operationId: string; method: string; path: string; url: string; access: string }> = [];

  beforeAll(async () => {
    g = await startTestGateway();
    doc = (await g.call('GET', '/api/openapi.json')).body;
    for (const [p, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        ops.push({
          operationId: op.operationId,
          method: method.toUpperCase(),
          path: p,
          access: op['x-access'],
          url: p.replace(/\{(\w+)\}/g, (_m, name: string) => SAMPLE_PARAMS[name]!),
        });
      }
    }
  });
  afterAll(async () => {
    await g?.stop();
  });

  it('documents exactly the operations of the matrix, with the same access', () => {
    expect(ops.map((o) => o.operationId).sort()).toEqual(Object.keys(MINIMUM_ROLE).sort());
    for (const o of ops) expect(o.access, o.operationId).toBe(MINIMUM_ROLE[o.operationId]);
  });

  it('answers 401 without a token and with an unknown token on every protected route', async () => {
    for (const o of ops.filter((x) => MINIMUM_ROLE[x.operationId] !== 'public')) {
      const none = await g.call(o.method, o.url, { token: null });
      expect(none.status, `${o.method} ${o.path} without token`).toBe(401);
      expect(none.body.code).toBe('TG_AUTH_REQUIRED');
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      const bad = await g.call(o.method, o.url, { token: 'tgw_not-a-real-token' });
      expect(bad.status, `${o.method} ${o.path} with a bad token`).toBe(401);
      expect(bad.body.code).toBe('TG_AUTH_INVALID');
    }
  });

  it('allows each role exactly the routes at or below it, and answers 403 above it', async () => {
    const roles = ['viewer', 'operator', 'admin'] as const;
    const seen: string[] = [];
    for (const o of ops) {
      for (const role of roles) {
        const r = await g.call(o.method, o.url, { token: g.tokens[role] });
        const allowed = RANK[role] >= RANK[MINIMUM_ROLE[o.operationId]!];
        if (allowed) {
          expect([401, 403], `${role} ${o.method} ${o.path} → ${r.status} ${r.text.slice(0, 200)}`).not.toContain(r.status);
          expect(r.status, `${role} ${o.method} ${o.path}`).toBeLessThan(500);
        } else {
          expect(r.status, `${role} ${o.method} ${o.path}`).toBe(403);
          expect(r.body.code).toBe('TG_AUTH_FORBIDDEN');
        }
        seen.push(`${role} ${o.operationId} ${r.status}`);
      }
    }
    expect(seen).toHaveLength(ops.length * 3);
  });

  it('serves public routes and the dashboard without a token', async () => {
    for (const o of ops.filter((x) => MINIMUM_ROLE[x.operationId] === 'public')) {
      const status = (await g.call(o.method, o.url, { token: null })).status;
      // The public trace surface answers 404 for a code it does not hold (and when it is switched off).
      if (o.path.startsWith('/public/') || o.path.startsWith('/t/')) expect(status, o.path).toBe(404);
      else expect(status, o.path).toBe(200);
    }
    const page = await g.call('GET', '/', { token: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await g.call('GET', '/js/app.js', { token: null })).status).toBe(200);
  });

  it('a revoked token is refused at once', async () => {
    const created = await g.call('POST', '/api/tokens', { token: g.tokens.admin, body: { name: 'short-lived', role: 'viewer' } });
    expect(created.status).toBe(201);
    expect((await g.call('GET', '/api/whoami', { token: created.body.token })).body).toEqual({
      actor: 'short-lived',
      tokenId: created.body.id,
      role: 'viewer',
    });
    expect((await g.call('DELETE', `/api/tokens/${created.body.id}`, { token: g.tokens.admin })).status).toBe(200);
    expect((await g.call('GET', '/api/whoami', { token: created.body.token })).status).toBe(401);
  });
});
