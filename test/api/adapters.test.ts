import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adapterKinds } from '../../src/adapters/registry';
import { AdapterControl } from '../../src/api/adapter-control';
import { listApiAdapters } from '../../src/db/queries/adapters';
import { JobLoop } from '../../src/jobs/job-loop';
import { PullScheduler } from '../../src/jobs/schedule';
import { silentLogger } from '../../src/log';
import { AdapterInstances } from '../../src/runtime/instances';
import { createProvincialSimulator, type ProvincialSimulator } from '../../src/demo/provincial-rest';
import { eventually, startTestGateway, type TestGateway } from './support/test-gateway';

const SECRET = 'prov-secret-0123456789';

describe('adapter registration through the API', () => {
  let g: TestGateway;
  let sim: ProvincialSimulator;
  let simHost: string;
  let simUrl: string;

  const declaration = (over: Record<string, unknown> = {}) => ({
    id: 'gs-prov-api',
    kind: 'provincial-rest',
    regionCode: '620000',
    sourceSystem: 'gs-prov',
    schedule: '0 0 * * *',
    baseUrl: simUrl,
    allowedHosts: [simHost],
    allowPrivateAddresses: true,
    credentials: { appId: 'env:TG_SOURCE_TEST_PROV_APP_ID', appSecret: 'env:TG_SOURCE_TEST_PROV_APP_SECRET' },
    options: { pageSize: 50, requestsPerSecond: 0 },
    ...over,
  });
  const admin = (method: string, path: string, body?: unknown) => g.call(method, path, { token: g.tokens.admin, body });
  const adapterStatus = async (id: string) =>
    ((await g.call('GET', '/api/adapters', { token: g.tokens.viewer })).body as any[]).find((a) => a.id === id);

  beforeAll(async () => {
    sim = createProvincialSimulator({
      appId: 'app-1',
      appSecret: SECRET,
      initialRecords: 3,
      newRecordsPerMinute: 0,
      rateLimitPerSecond: 0,
      tokenRequestsPerHour: 0,
    });
    const { port } = await sim.listen(0, '127.0.0.1');
    simHost = `127.0.0.1:${port}`;
    simUrl = `http://${simHost}`;
    g = await startTestGateway({
      env: { TG_SOURCE_TEST_PROV_APP_ID: 'app-1', TG_SOURCE_TEST_PROV_APP_SECRET: SECRET, NATIONAL_APP_SECRET: 'national-secret-from-env' },
    });
  });
  afterAll(async () => {
    await g?.stop();
    await sim?.close();
  });

  it('publishes the kinds with their streams, backfill windows, credential fields and option schemas', async () => {
    const kinds = (await g.call('GET', '/api/adapter-kinds', { token: g.tokens.viewer })).body as any[];
    expect(kinds.map((k) => k.kind).sort()).toEqual(Object.keys(adapterKinds).sort());
    const prov = kinds.find((k) => k.kind === 'provincial-rest');
    expect(prov.credentialFields).toEqual(['appId', 'appSecret']);
    expect(prov.optionsSchema.properties.pageSize.maximum).toBe(500);
    expect(Object.keys(prov.streams)).toContain('enterprises');
    expect(prov.backfillWindow).toEqual(adapterKinds['provincial-rest']!.backfillWindow);
    expect(kinds.find((k) => k.kind === 'market-csv').backfillWindow.unit).toBe('sequence');
  });

  it('refuses an inline secret, never echoing it, and stores nothing', async () => {
    const inline = 'super-secret-inline-value-42';
    const r = await admin(
      'POST',
      '/api/adapters',
      declaration({ credentials: { appId: 'env:TG_SOURCE_TEST_PROV_APP_ID', appSecret: inline } }),
    );
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('TG_ADAPTER_INVALID');
    expect(r.body.message).toContain('/credentials/appSecret');
    expect(r.body.message).toContain('inline secret is refused');
    expect(r.text).not.toContain(inline);
    expect(await listApiAdapters(g.gw.db)).toEqual([]);
  });

  it('validates the declaration against its kind, with the field and the reason', async () => {
    const r = await admin('POST', '/api/adapters', declaration({ options: { pageSize: 5000 } }));
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/\/options\/pageSize: must be <= 500 \(kind provincial-rest\)/);
    const unknownKind = await admin('POST', '/api/adapters', declaration({ kind: 'ftp-magic' }));
    expect(unknownKind.body.message).toContain('unknown kind "ftp-magic"');
    const badCron = await admin('POST', '/api/adapters', declaration({ schedule: 'every now and then' }));
    expect(badCron.status).toBe(400);
    expect(badCron.body.message).toContain('/schedule');
    const missingEnv = await admin(
      'POST',
      '/api/adapters',
      declaration({ credentials: { appId: 'env:TG_SOURCE_TEST_PROV_APP_ID', appSecret: 'env:TG_SOURCE_TEST_NOT_SET' } }),
    );
    expect(missingEnv.status).toBe(400);
    expect(missingEnv.body.message).toContain('/credentials/appSecret: is not usable');
  });

  it('refuses a credential outside TG_SOURCE_* with one message, whether the variable exists or not', async () => {
    const answers: string[] = [];
    for (const name of ['NATIONAL_APP_SECRET', 'DATABASE_URL', 'ADMIN_TOKEN', 'NO_SUCH_VARIABLE_ANYWHERE', 'TG_SOURCE_TEST_NOT_SET']) {
      const r = await admin(
        'POST',
        '/api/adapters',
        declaration({ credentials: { appId: 'env:TG_SOURCE_TEST_PROV_APP_ID', appSecret: `env:${name}` } }),
      );
      expect(r.status, name).toBe(400);
      expect(r.text).not.toContain('national-secret-from-env');
      answers.push(r.body.message.replace(name, 'NAME'));
    }
    expect(new Set(answers).size, answers.join('\n')).toBe(1);
    expect(answers[0]).toContain('/credentials/appSecret');
    expect(answers[0]).toContain('must be env:TG_SOURCE_<NAME>');
    expect(await listApiAdapters(g.gw.db)).toEqual([]);
  });

  it('refuses a baseUrl reaching a private, loopback or link-local address unless its host is allowed', async () => {
    for (const baseUrl of [simUrl, 'http://169.254.169.254/latest', 'http://10.1.2.3:8080', 'http://localhost:4101']) {
      const r = await admin('POST', '/api/adapters', declaration({ baseUrl, allowedHosts: [], allowPrivateAddresses: undefined }));
      expect(r.status, baseUrl).toBe(400);
      expect(r.body.message, baseUrl).toMatch(/\/baseUrl: host .* resolves to a non-public address .*allowedHosts/);
    }
    const listedOnly = await admin('POST', '/api/adapters', declaration({ allowPrivateAddresses: undefined }));
    expect(listedOnly.status).toBe(400);
    expect(listedOnly.body.message).toContain('listing it in allowedHosts is not enough: set allowPrivateAddresses');
    const optInWithoutList = await admin('POST', '/api/adapters', declaration({ allowedHosts: [] }));
    expect(optInWithoutList.body.message).toContain('/allowPrivateAddresses: applies only to hosts listed in allowedHosts');
    const notListed = await admin('POST', '/api/adapters', declaration({ allowedHosts: ['127.0.0.1:1'] }));
    expect(notListed.body.message).toContain('is not in allowedHosts');
  });

  it('registers a valid adapter: persisted with origin api, audited, live and scheduled in this process', async () => {
    const r = await admin('POST', '/api/adapters', declaration());
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ id: 'gs-prov-api', origin: 'api', enabled: true });
    expect(r.body.declaration.credentials).toEqual({
      appId: 'env:TG_SOURCE_TEST_PROV_APP_ID',
      appSecret: 'env:TG_SOURCE_TEST_PROV_APP_SECRET',
    });
    expect(r.text).not.toContain(SECRET);
    expect((await listApiAdapters(g.gw.db)).map((d) => d.id)).toEqual(['gs-prov-api']);
    expect(g.gw.instances.get('gs-prov-api')).toBeDefined();
    expect((await adapterStatus('gs-prov-api')).nextPullAt).not.toBeNull();
    const ev = (await g.call('GET', '/api/events?action=adapter:registered', { token: g.tokens.viewer })).body.items[0];
    expect(ev).toMatchObject({ actor: 'admin (ADMIN_TOKEN)', subject: 'gs-prov-api' });
    expect((await admin('POST', '/api/adapters', declaration())).status).toBe(409);
  });

  it('tests the connection without reading records', async () => {
    const before = sim.requests().length;
    const r = await g.call('POST', '/api/adapters/gs-prov-api/test', { token: g.tokens.operator });
    expect(r.body).toEqual({ ok: true });
    expect(
      sim
        .requests()
        .slice(before)
        .every((q) => !/enterprises|batches|inspections|certificates/.test(q.path)),
    ).toBe(true);
  });

  it('triggers a pull now, and queues a backfill for the backfill worker', async () => {
    // The queued job's workers are woken at once rather than at their next poll.
    const woken = vi.spyOn(JobLoop.prototype, 'notify');
    const pull = await g.call('POST', '/api/adapters/gs-prov-api/pull', { token: g.tokens.operator });
    expect(pull.status).toBe(202);
    expect(pull.body.queued).toBe(true);
    expect(woken).toHaveBeenCalled();
    woken.mockClear();
    await eventually(async () => (await adapterStatus('gs-prov-api')).lastOutcome === 'ok');

    expect(
      (
        await g.call('POST', '/api/adapters/gs-prov-api/backfill', {
          token: g.tokens.operator,
          body: { stream: 'nope', from: '2026-01-01T00:00:00+08:00' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await g.call('POST', '/api/adapters/gs-prov-api/backfill', {
          token: g.tokens.operator,
          body: { from: '2026-01-02T00:00:00+08:00', until: '2026-01-01T00:00:00+08:00' },
        })
      ).status,
    ).toBe(400);
    const notATime = await g.call('POST', '/api/adapters/gs-prov-api/backfill', { token: g.tokens.operator, body: { from: '50000' } });
    expect([notATime.status, notATime.body.message]).toEqual([
      400,
      'body /from: "50000" is not a Beijing time "YYYY-MM-DD HH:mm:ss" or ISO 8601 with offset (kind provincial-rest)',
    ]);
    const b = await g.call('POST', '/api/adapters/gs-prov-api/backfill', {
      token: g.tokens.operator,
      body: { stream: 'enterprises', from: '2026-01-01T00:00:00+08:00', until: '2026-01-02T00:00:00+08:00' },
    });
    expect(b.status, b.text).toBe(202);
    expect(woken).toHaveBeenCalled();
    woken.mockRestore();
    const job = await g.gw.boss.getJobById('backfill', b.body.jobId);
    expect(job?.data).toEqual({
      adapterId: 'gs-prov-api',
      stream: 'enterprises',
      from: '2026-01-01T00:00:00+08:00',
      until: '2026-01-02T00:00:00+08:00',
      requestedBy: 'ops-alice',
    });
  });

  it('updates, disables, enables and deletes, the live instance and schedule following', async () => {
    expect((await admin('PUT', '/api/adapters/gs-prov-api', declaration({ id: 'other-id' }))).status).toBe(400);
    const old = g.gw.instances.get('gs-prov-api');
    const up = await admin('PUT', '/api/adapters/gs-prov-api', declaration({ schedule: '30 1 * * *' }));
    expect(up.status, up.text).toBe(200);
    expect(g.gw.instances.get('gs-prov-api')).not.toBe(old);
    expect(new Date((await adapterStatus('gs-prov-api')).nextPullAt).getUTCMinutes()).toBe(30);

    expect((await admin('POST', '/api/adapters/gs-prov-api/disable')).body.enabled).toBe(false);
    expect(g.gw.instances.get('gs-prov-api')).toBeUndefined();
    const off = await adapterStatus('gs-prov-api');
    expect(off).toMatchObject({ enabled: false, state: 'stopped', nextPullAt: null, health: 'off' });
    expect((await g.call('POST', '/api/adapters/gs-prov-api/pull', { token: g.tokens.operator })).status).toBe(409);
    expect((await g.call('POST', '/api/adapters/gs-prov-api/test', { token: g.tokens.operator })).body).toEqual({ ok: true });
    expect((await listApiAdapters(g.gw.db))[0]!.enabled).toBe(false);

    expect((await admin('POST', '/api/adapters/gs-prov-api/enable')).body.enabled).toBe(true);
    expect(g.gw.instances.get('gs-prov-api')).toBeDefined();

    await g.addFixtureAdapter('fx-config');
    expect((await admin('DELETE', '/api/adapters/fx-config')).status).toBe(409);
    expect((await admin('PUT', '/api/adapters/fx-config', { ...declaration(), id: 'fx-config' })).status).toBe(409);

    expect((await admin('DELETE', '/api/adapters/gs-prov-api')).status).toBe(200);
    expect(g.gw.instances.get('gs-prov-api')).toBeUndefined();
    expect(await adapterStatus('gs-prov-api')).toBeUndefined();
    expect((await admin('DELETE', '/api/adapters/gs-prov-api')).status).toBe(404);
  });

  it('another process follows registrations at its next reload', async () => {
    const instances = new AdapterInstances(silentLogger());
    const scheduled = new Map<string, string>();
    const other = new AdapterControl({
      db: g.gw.db,
      kinds: adapterKinds,
      instances,
      schedules: true,
      log: silentLogger(),
      env: process.env,
      validateSchedule: PullScheduler.validate,
      scheduler: { set: (id, expr) => scheduled.set(id, expr), remove: (id) => scheduled.delete(id) },
    });
    await other.prime();
    expect(await other.reload()).toEqual([]);

    expect((await admin('POST', '/api/adapters', declaration({ id: 'gs-prov-b' }))).status).toBe(201);
    expect(await other.reload()).toEqual(['gs-prov-b']);
    expect(instances.get('gs-prov-b')?.decl.baseUrl).toBe(simUrl);
    expect(scheduled.get('gs-prov-b')).toBe('0 0 * * *');

    await admin('PUT', '/api/adapters/gs-prov-b', declaration({ id: 'gs-prov-b', schedule: '5 * * * *' }));
    expect(await other.reload()).toEqual(['gs-prov-b']);
    expect(scheduled.get('gs-prov-b')).toBe('5 * * * *');

    await admin('POST', '/api/adapters/gs-prov-b/disable');
    await other.reload();
    expect(instances.get('gs-prov-b')).toBeUndefined();
    expect(scheduled.has('gs-prov-b')).toBe(false);

    await admin('DELETE', '/api/adapters/gs-prov-b');
    expect(await other.reload()).toEqual(['gs-prov-b']);
    expect(await other.reload()).toEqual([]);
    await instances.closeAll();
  });
});
