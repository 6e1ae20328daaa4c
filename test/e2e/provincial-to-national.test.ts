import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { loadConfig } from '../../src/config';
import { createLogger, silentLogger } from '../../src/log';
import { startGateway, type Gateway } from '../../src/main';
import { createMockNational, type MockNational } from '../../src/demo/national';
import { createProvincialSimulator } from '../../src/demo/provincial-rest';
import type { AdapterDeclaration } from '../../src/adapters/types';

const STREAM_INTERFACE: Record<string, string> = {
  enterprises: 'subjects',
  batches: 'batches',
  inspections: 'inspections',
  certificates: 'certificates',
};

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The foundation slice end to end: a provincial platform over real HTTP → gateway → national platform over real HTTP. */
describe('provincial platform → gateway → national platform', () => {
  let t: TestDatabase;
  let mock: MockNational;
  let sim: ReturnType<typeof createProvincialSimulator>;
  let gateway: Gateway;
  let translationsDir: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    mock = createMockNational({ clients: [{ appKey: 'e2e-key', appSecret: 'e2e-secret-0123456789', regionScope: '62' }] });
    const national = await mock.listen(0);
    process.env.ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
    process.env.TG_SOURCE_E2E_PROV_APP_ID = 'e2e-app';
    process.env.TG_SOURCE_E2E_PROV_APP_SECRET = 'e2e-app-secret-42';
    sim = createProvincialSimulator({
      appId: 'e2e-app',
      appSecret: 'e2e-app-secret-42',
      seed: 7,
      initialRecords: 30,
      newRecordsPerMinute: 0,
      dirtyShare: 0.15,
    });
    const source = await sim.listen(0);
    const decl: AdapterDeclaration = {
      id: 'gs-provincial',
      kind: 'provincial-rest',
      enabled: true,
      regionCode: '620000',
      sourceSystem: 'gs-provincial',
      schedule: '*/10 * * * * *',
      baseUrl: source.url,
      allowedHosts: [`127.0.0.1:${source.port}`],
      allowPrivateAddresses: true,
      credentials: { appId: 'env:TG_SOURCE_E2E_PROV_APP_ID', appSecret: 'env:TG_SOURCE_E2E_PROV_APP_SECRET' },
      streams: {},
      options: { pageSize: 7 },
    };
    const adaptersDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-e2e-adapters-'));
    // The operator's own copy of the translation tables, edited by a test below.
    translationsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-e2e-tables-'));
    fs.cpSync(path.resolve('config/translations'), translationsDir, { recursive: true });
    const configFile = path.join(translationsDir, '..', `${path.basename(translationsDir)}.json`);
    fs.writeFileSync(configFile, JSON.stringify({ translationsDir, delivery: { sweepSeconds: 1 } }));
    const config = loadConfig({
      env: {
        DATABASE_URL: t.url,
        DATABASE_SCHEMA: t.schema,
        BOSS_SCHEMA: t.bossSchema,
        SIMULATORS: 'off',
        PORT: '0',
        NATIONAL_BASE_URL: national.url,
        NATIONAL_APP_KEY: 'e2e-key',
        NATIONAL_APP_SECRET: 'e2e-secret-0123456789',
        ADAPTERS_DIR: adaptersDir,
        CONFIG_FILE: configFile,
      },
    });
    gateway = await startGateway(config, {
      log: process.env.E2E_LOG ? createLogger({ level: 'debug', pretty: false }) : silentLogger(),
      declarations: [decl],
      schedules: false,
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await sim?.close();
    await mock?.close();
    await t?.drop();
  });

  it('delivers every valid record of the four streams and quarantines every dirty one with its reason', async () => {
    await gateway.pullNow('gs-provincial');
    await until('delivery to finish', async () => {
      const r = await t.db.query(`SELECT count(*)::int n FROM national_record_states WHERE state IN ('pending', 'batched')`);
      return r.rows[0].n === 0;
    });
    const catalog = sim.catalog();
    for (const [stream, iface] of Object.entries(STREAM_INTERFACE)) {
      const valid = catalog.filter((c) => c.stream === stream && c.expected === 'valid');
      expect(valid.length, stream).toBeGreaterThan(0);
      expect(mock.summary().interfaces[iface as 'subjects'].accepted, iface).toBe(valid.length);
      for (const c of valid) expect(mock.storedRecord('e2e-key', iface as 'subjects', c.recordId), c.recordId).toBeDefined();
    }
    const dirty = catalog.filter((c) => typeof c.expected === 'object');
    expect(dirty.length).toBeGreaterThan(0);
    const open = (await t.db.query(`SELECT stream, source_key, reasons FROM quarantine WHERE resolved_at IS NULL`)).rows;
    for (const c of dirty) {
      const entry = open.find((q) => q.stream === c.stream && q.source_key === c.sourceKey);
      expect(entry, `${c.stream} ${c.sourceKey}`).toBeDefined();
      expect(entry!.reasons, `${c.stream} ${c.sourceKey}`).toContain((c.expected as { reason: string }).reason);
    }
    expect(open.length).toBe(dirty.length);
    const deleted = catalog.filter((c) => c.expected === 'deleted');
    for (const c of deleted) expect(mock.storedRecord('e2e-key', STREAM_INTERFACE[c.stream] as 'subjects', c.recordId)).toBeUndefined();
  });

  it('shows the accepted subjects in /api/status', async () => {
    const res = await fetch(`${gateway.url}/api/status`, { headers: { authorization: `Bearer ${process.env.ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    const status = (await res.json()) as {
      interfaces: Array<{ interface: string; accepted: number }>;
      adapters: Array<{ id: string; lastOutcome: string }>;
    };
    const valid = sim.catalog().filter((c) => c.stream === 'enterprises' && c.expected === 'valid').length;
    expect(status.interfaces.find((i) => i.interface === 'subjects')!.accepted).toBe(valid);
    expect(status.adapters.find((a) => a.id === 'gs-provincial')!.lastOutcome).toBe('ok');
  });

  it('a backfill re-reads a whole window without moving the live cursor, and stores nothing it already has', async () => {
    const cursors = async () =>
      (await t.db.query(`SELECT stream, cursor FROM cursors WHERE adapter_id = 'gs-provincial' ORDER BY stream`)).rows;
    const before = await cursors();
    expect(before).toHaveLength(4);
    const summary = await gateway.backfillNow('gs-provincial', { stream: 'batches', from: '2000-01-01 00:00:00' });
    const batchesInCatalog = sim.catalog().filter((c) => c.stream === 'batches').length;
    expect(summary.records).toBeGreaterThanOrEqual(batchesInCatalog);
    expect(summary.newRecords).toBe(0);
    expect(summary.errors).toEqual([]);
    expect(await cursors()).toEqual(before);
    const pull = (await t.db.query(`SELECT mode, outcome, records FROM pulls ORDER BY id DESC LIMIT 1`)).rows[0];
    expect(pull).toMatchObject({ mode: 'backfill', outcome: 'ok' });
  });

  it('pulling the same window again stores nothing new and sends nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int n FROM source_records')).rows[0].n;
    const batches = (await t.db.query('SELECT count(*)::int n FROM batches')).rows[0].n;
    const summary = await gateway.pullNow('gs-provincial');
    expect(summary.records).toBeGreaterThan(0); // the lookback re-reads the last window
    expect(summary.newRecords).toBe(0);
    expect((await t.db.query('SELECT count(*)::int n FROM source_records')).rows[0].n).toBe(before);
    expect((await t.db.query('SELECT count(*)::int n FROM batches')).rows[0].n).toBe(batches);
  });

  it('after the operator adds a missing translation, the records it cures are replayed and delivered by themselves', async () => {
    const tableOf: Record<string, { file: string; target: string }> = {
      ztlx: { file: 'subject-type-labels.json', target: 'ENTERPRISE' },
      cplb: { file: 'provincial-categories.json', target: 'VEG_LEAFY' },
    };
    const open = (
      await t.db
        .query(`SELECT q.id, q.stream, q.source_key, q.errors, s.payload FROM quarantine q JOIN source_records s ON s.id = q.source_record_id
                                     WHERE q.resolved_at IS NULL AND q.stage = 'mapping' AND 'UNKNOWN_CODE' = ANY(q.reasons) ORDER BY q.id`)
    ).rows;
    const entry = open.find((q) => q.errors.length === 1 && tableOf[q.errors[0].field]);
    expect(entry, 'a record quarantined for one unknown label or category').toBeDefined();
    const { field, value } = entry!.errors[0] as { field: string; value: string };
    const file = path.join(translationsDir, tableOf[field]!.file);
    const table = JSON.parse(fs.readFileSync(file, 'utf8'));
    // A person registered by resident ID can only be an individual farmer (national §5.1).
    const target = field === 'ztlx' && !entry!.payload.tyshxydm ? 'INDIVIDUAL_FARMER' : tableOf[field]!.target;
    table.entries.push({ source: value, target });
    fs.writeFileSync(file, JSON.stringify(table, null, 2));
    const resolved = await until('the entry to be replayed', async () => {
      const r = await t.db.query('SELECT resolution FROM quarantine WHERE id = $1 AND resolved_at IS NOT NULL', [entry!.id]);
      return r.rows[0]?.resolution as string | undefined;
    });
    expect(resolved).toBe('replayed');
    const record = await until('the cured record to be accepted', async () => {
      const r = await t.db.query(
        `SELECT n.record_id, n.state FROM national_record_states n JOIN source_records s ON s.id = n.source_record_id
                                   WHERE s.stream = $1 AND s.source_key = $2 AND n.state = 'accepted'`,
        [entry!.stream, entry!.source_key],
      );
      return r.rows[0] as { record_id: string } | undefined;
    });
    const iface = STREAM_INTERFACE[entry!.stream] as 'subjects';
    expect(mock.storedRecord('e2e-key', iface, record.record_id)).toBeDefined();
  });
});
