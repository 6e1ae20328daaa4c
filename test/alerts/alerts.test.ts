import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertEvaluator } from '../../src/alerts/evaluator';
import { alertSettingsFromEnv, DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../../src/alerts/settings';
import { webhookNotifier, type AlertNotification } from '../../src/alerts/webhook';
import { createPool, type Db } from '../../src/db/pool';
import { setPaused } from '../../src/db/queries/national-state';
import { silentLogger } from '../../src/log';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/** A real HTTP receiver on 127.0.0.1 that records what it gets and answers `status`. */
function receiver() {
  const received: AlertNotification[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    if (req.url === '/moved') {
      res.writeHead(307, { location: '/hook' }).end();
      return;
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (status === 200) received.push(JSON.parse(body));
      res.writeHead(status).end();
    });
  });
  return {
    received,
    setStatus: (s: number) => (status = s),
    listen: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`)),
      ),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('alerts: one incident is one alert and one resolution, whatever the number of processes', () => {
  let t: TestDatabase;
  let otherPool: Db;
  let hook: ReturnType<typeof receiver>;
  let settings: AlertSettings;
  const evaluator = (db: Db = t.db, claimSeconds = 30) => new AlertEvaluator({ db, log: silentLogger(), settings, claimSeconds });
  const keys = () => hook.received.map((n) => `${n.status} ${n.key}`);

  beforeAll(async () => {
    t = await createTestDatabase();
    otherPool = createPool({ url: t.url, schema: t.schema, max: 4 });
    hook = receiver();
    const url = await hook.listen();
    settings = {
      ...alertSettingsFromEnv({
        ALERT_WEBHOOK_URL: url,
        ALERT_WEBHOOK_ALLOW_PRIVATE: 'on',
        ALERT_QUARANTINE_SPIKE_COUNT: '5',
        ALERT_QUARANTINE_SPIKE_MINUTES: '10',
        ALERT_DELIVERY_FAILING_MINUTES: '15',
      }),
    };
  });
  afterEach(async () => {
    hook.received.length = 0;
    hook.setStatus(200);
  });
  afterAll(async () => {
    await otherPool?.end();
    await hook?.close();
    await t?.drop();
  });

  it('a paused credential: one firing alert from two processes evaluating together, then one resolution', async () => {
    await setPaused(t.db, 'k-1', true, 'E2004: appKey disabled');
    const a = evaluator(t.db);
    const b = evaluator(otherPool);
    const rounds = await Promise.all([a.evaluateOnce(), b.evaluateOnce(), a.evaluateOnce(), b.evaluateOnce()]);
    expect(rounds.flatMap((r) => r.opened)).toEqual(['national-paused:k-1']);
    expect(keys()).toEqual(['firing national-paused:k-1']);
    expect(hook.received[0]).toMatchObject({
      source: 'trace-gateway',
      kind: 'national-paused',
      details: { appKey: 'k-1', reason: 'E2004: appKey disabled' },
    });
    expect(hook.received[0]!.summary).toContain('/api/national/resume');

    await setPaused(t.db, 'k-1', false, null);
    await Promise.all([a.evaluateOnce(), b.evaluateOnce()]);
    await a.evaluateOnce();
    expect(keys()).toEqual(['firing national-paused:k-1', 'resolved national-paused:k-1']);
    expect(hook.received[1]!.resolvedAt).not.toBeNull();
  });

  it('a stream failing repeatedly, a quarantine spike, a long-failing batch and a reconciliation difference', async () => {
    await t.db.query(
      `INSERT INTO adapters (id, kind, origin, declaration, consecutive_failures, last_error) VALUES ('a-1', 'k', 'config', '{}', 3, 'enterprises: 401'), ('a-2', 'k', 'config', '{}', 2, 'x')`,
    );
    await t.db.query(
      `INSERT INTO quarantine (adapter_id, stream, source_key, source_record_id, stage, reasons, errors)
       SELECT 'a-1', 's', 'k' || g, g, 'mapping', ARRAY['UNKNOWN_CODE'], '[]' FROM generate_series(1, 6) g`,
    );
    await t.db.query(
      `INSERT INTO batches (batch_id, interface, state, record_count, body_bytes, first_sent_at, last_code) VALUES ('b-1', 'trades', 'failing', 3, 100, now() - interval '20 minutes', '500'), ('b-2', 'entries', 'failing', 3, 100, now() - interval '5 minutes', '500')`,
    );
    await t.db.query(
      `INSERT INTO reconciliations (date, interface, gateway_accepted, gateway_duplicate, platform_accepted, platform_duplicate, difference, status) VALUES ((now() AT TIME ZONE 'Asia/Shanghai')::date - 1, 'subjects', 10, 0, 9, 0, -1, 'difference'), ((now() AT TIME ZONE 'Asia/Shanghai')::date - 1, 'batches', 5, 0, 5, 0, 0, 'match')`,
    );
    const r = await evaluator().evaluateOnce();
    const yesterday = (await t.db.query(`SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date - 1, 'YYYY-MM-DD') AS d`)).rows[0].d;
    expect(r.opened.sort()).toEqual([
      'adapter-failing:a-1',
      'delivery-failing:trades',
      'quarantine-spike',
      `reconciliation:subjects:${yesterday}`,
    ]);
    expect(r.sent).toBe(4);
    const spike = hook.received.find((n) => n.kind === 'quarantine-spike')!;
    expect(spike.details).toMatchObject({ count: 6, byReason: [{ reason: 'UNKNOWN_CODE', n: 6 }] });

    await t.db.query(`UPDATE adapters SET consecutive_failures = 0`);
    await t.db.query(`UPDATE batches SET state = 'delivered'`);
    await t.db.query(`UPDATE quarantine SET created_at = now() - interval '1 hour'`);
    await t.db.query(`UPDATE reconciliations SET status = 'match', difference = 0`);
    const after = await evaluator().evaluateOnce();
    expect(after.resolved.sort()).toEqual(r.opened.sort());
    expect(hook.received.filter((n) => n.status === 'resolved')).toHaveLength(4);
    expect((await evaluator().evaluateOnce()).sent).toBe(0);
  });

  it('a notification the receiver refused is sent again later, still once', async () => {
    await setPaused(t.db, 'k-2', true, 'E2001: signature');
    hook.setStatus(500);
    const first = await evaluator(t.db, 0).evaluateOnce();
    expect(first).toMatchObject({ opened: ['national-paused:k-2'], sent: 0, failed: 1 });
    expect(
      (await t.db.query(`SELECT last_send_error FROM alert_incidents WHERE key = 'national-paused:k-2'`)).rows[0].last_send_error,
    ).toContain('HTTP 500');
    hook.setStatus(200);
    const second = await evaluator(t.db, 0).evaluateOnce();
    expect(second).toMatchObject({ opened: [], sent: 1, failed: 0 });
    await evaluator(t.db, 0).evaluateOnce();
    expect(keys()).toEqual(['firing national-paused:k-2']);
    await setPaused(t.db, 'k-2', false, null);
  });

  it('without a webhook, incidents are tracked but nothing is sent; settings come from the environment', async () => {
    const quiet = new AlertEvaluator({ db: t.db, log: silentLogger(), settings: DEFAULT_ALERT_SETTINGS });
    await setPaused(t.db, 'k-3', true, 'E2004');
    expect(await quiet.evaluateOnce()).toMatchObject({ opened: ['national-paused:k-3'], sent: 0 });
    expect(hook.received).toEqual([]);
    expect(() => alertSettingsFromEnv({ ALERT_WEBHOOK_URL: 'ftp://x' })).toThrow(/ALERT_WEBHOOK_URL/);
    expect(() => alertSettingsFromEnv({ ALERT_ADAPTER_FAILURES: '-1' })).toThrow(/ALERT_ADAPTER_FAILURES/);
    expect(alertSettingsFromEnv({ ALERT_ADAPTER_FAILURES: '5' }).adapterFailures).toBe(5);
  });

  it('the webhook goes through the address guard: a loopback receiver needs ALERT_WEBHOOK_ALLOW_PRIVATE, and no redirect is followed', async () => {
    const url = settings.webhookUrl!;
    const n = {
      source: 'trace-gateway',
      status: 'firing',
      incidentId: 1,
      key: 'k',
      kind: 'x',
      summary: 's',
      details: {},
      openedAt: '',
      resolvedAt: null,
    } as const;
    expect(alertSettingsFromEnv({ ALERT_WEBHOOK_URL: url }).webhookAllowPrivate).toBe(false);
    await expect(webhookNotifier(url, 5000)(n)).rejects.toThrow(
      /webhook not reached: TG_HOST_NOT_ALLOWED: host 127\.0\.0\.1:\d+ resolves to a non-public address/,
    );
    await expect(webhookNotifier(url.replace('/hook', '/moved'), 5000, { allowPrivate: true })(n)).rejects.toThrow(
      'webhook answered HTTP 307 (redirects are not followed)',
    );
    expect(hook.received).toEqual([]);
    await webhookNotifier(url, 5000, { allowPrivate: true })(n);
    expect(hook.received).toHaveLength(1);
    expect(() => alertSettingsFromEnv({ ALERT_WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(/ALERT_WEBHOOK_ALLOW_PRIVATE/);
  });
});
