import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadiness } from '../../src/api/readiness';
import { createPool } from '../../src/db/pool';
import { upsertAdapter } from '../../src/db/queries/adapters';
import { noteNationalError, noteNationalOk } from '../../src/db/queries/national-state';
import { parsePrometheusText, sampleValue } from '../metrics/prometheus-text';
import { APP_KEY, startTestGateway, type TestGateway } from './support/test-gateway';

const METRICS_TOKEN = 'metrics-scrape-token-0123456789';

describe('answers for anyone who reaches the port stay cheap', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({
      env: { METRICS_CACHE_SECONDS: '3600', METRICS_TOKEN },
      start: { statusCacheMs: 3_600_000, readyCacheMs: 0 },
    });
  });
  afterAll(async () => {
    await g?.stop();
    delete process.env.METRICS_TOKEN;
  });
  const scrape = (token: string | null = METRICS_TOKEN) => g.call('GET', '/metrics', { token });

  it('computes /metrics at most once per cache period and serves the cached text meanwhile', async () => {
    const first = await scrape();
    expect(first.status).toBe(200);
    expect((await g.call('GET', '/api/status', { token: 'tgw_not-a-token-000000000000' })).status).toBe(401);
    const second = await scrape();
    expect(second.text).toBe(first.text);
    expect(sampleValue(parsePrometheusText(second.text), 'tg_api_auth_refused_total', { reason: 'unknown' })).toBe(0);
  });

  it('asks for METRICS_TOKEN when it is set', async () => {
    const none = await scrape(null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await scrape('not-the-metrics-token')).status).toBe(401);
    expect((await scrape(g.tokens.admin)).status).toBe(401);
    expect(none.text).not.toContain(METRICS_TOKEN);
  });

  it('never lets an unauthenticated request clear the shared status read', async () => {
    const before = (await g.call('GET', '/api/status', { token: g.tokens.viewer })).body.adapters.map((a: any) => a.id);
    await upsertAdapter(g.gw.db, g.source.declaration('fx-late'), 'config');
    expect((await g.call('POST', '/api/national/resume')).status).toBe(401);
    expect((await g.call('POST', '/api/national/resume', { token: 'tgw_not-a-token-000000000000' })).status).toBe(401);
    expect((await g.call('POST', '/api/national/resume', { token: g.tokens.viewer })).status).toBe(403);
    expect((await g.call('GET', '/api/status', { token: g.tokens.viewer })).body.adapters.map((a: any) => a.id)).toEqual(before);
    expect((await g.call('POST', '/api/national/resume', { token: g.tokens.operator })).status).toBe(200);
    expect((await g.call('GET', '/api/status', { token: g.tokens.viewer })).body.adapters.map((a: any) => a.id)).toContain('fx-late');
  });

  it('/ready names each dependency, without error text; the national platform down does not make the gateway unready', async () => {
    await noteNationalOk(g.gw.db, APP_KEY);
    const up = await g.call('GET', '/ready');
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ status: 'ready', checks: { database: 'ok', jobs: 'ok', national: 'ok' }, down: [] });
    await noteNationalError(g.gw.db, APP_KEY, 'connect ECONNREFUSED 10.0.0.9:443');
    const natDown = await g.call('GET', '/ready');
    expect(natDown.status).toBe(200);
    expect(natDown.body).toEqual({ status: 'ready', checks: { database: 'ok', jobs: 'ok', national: 'down' }, down: ['national'] });
    expect(natDown.text).not.toContain('ECONNREFUSED');
  });

  it('/ready says the database and the job queue are down, and nothing of why', async () => {
    const db = createPool({ url: 'postgresql://postgres@127.0.0.1:1/none', schema: 'gateway', max: 1 });
    const boss = new PgBoss({ connectionString: 'postgresql://postgres@127.0.0.1:1/none', max: 1 });
    boss.on('error', () => undefined);
    try {
      const r = await checkReadiness(db, boss, APP_KEY);
      expect(r).toEqual({
        status: 'not ready',
        checks: { database: 'down', jobs: 'down', national: 'unknown' },
        down: ['database', 'jobs'],
      });
    } finally {
      await db.end().catch(() => undefined);
    }
  });
});

describe('rate limits and a port of its own for /metrics', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({
      env: { METRICS_PORT: '0', RATE_LIMIT_PER_ADDRESS: '8', RATE_LIMIT_PER_TOKEN: '3', RATE_LIMIT_WINDOW_SECONDS: '3600' },
    });
  });
  afterAll(async () => {
    await g?.stop();
  });

  it('serves /metrics on METRICS_PORT only', async () => {
    expect(g.gw.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const own = await fetch(g.gw.metricsUrl!);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('tg_records');
    expect((await g.call('GET', '/metrics')).status).toBe(404);
  });

  it('answers 429 with Retry-After past the limit of a token, then of an address', async () => {
    // Two requests were made by the setup (the operator and viewer tokens), one by the test above.
    for (let i = 0; i < 3; i++) expect((await g.call('GET', '/api/whoami', { token: g.tokens.viewer })).status).toBe(200);
    const tokenLimited = await g.call('GET', '/api/whoami', { token: g.tokens.viewer });
    expect(tokenLimited.status).toBe(429);
    expect(tokenLimited.body.code).toBe('TG_RATE_LIMITED');
    expect(tokenLimited.body.message).toContain('with this token');
    expect(Number(tokenLimited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await g.call('GET', '/api/whoami', { token: g.tokens.operator })).status).toBe(200);
    const addressLimited = await g.call('GET', '/health');
    expect(addressLimited.status).toBe(429);
    expect(addressLimited.body.message).toContain('from this address');
    expect(Number(addressLimited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
