import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { provincialRest } from '../../src/adapters/provincial-rest';
import type { AdapterDeclaration } from '../../src/adapters/types';
import { upsertAdapter } from '../../src/db/queries/adapters';
import { silentLogger } from '../../src/log';
import { loadTranslationTables } from '../../src/mappings/tables';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { stagePage } from '../../src/pipeline/stage';
import { createInstance } from '../../src/runtime/instances';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/trace-gateway.js');

describe('trace-gateway replay', () => {
  let t: TestDatabase;
  let tables: string;
  let configFile: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    tables = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-cli-tables-'));
    fs.cpSync(path.resolve('config/translations'), tables, { recursive: true });
    configFile = `${tables}.override.json`;
    fs.writeFileSync(configFile, JSON.stringify({ translationsDir: tables }));
    const decl: AdapterDeclaration = {
      id: 'gs-provincial',
      kind: 'provincial-rest',
      enabled: true,
      regionCode: '620000',
      sourceSystem: 'gs-provincial',
      schedule: '*/10 * * * * *',
      baseUrl: 'http://127.0.0.1:9',
      allowedHosts: ['127.0.0.1:9'],
      credentials: { appId: 'env:TG_SOURCE_CLI_T_ID', appSecret: 'env:TG_SOURCE_CLI_T_SECRET' },
      streams: {},
      options: {},
    };
    await upsertAdapter(t.db, decl, 'config');
    const rt = createInstance(decl, provincialRest, silentLogger(), { checkSecrets: false }).runtime('enterprises')!;
    const codeLists = loadBundledCodeLists();
    const deps = {
      tables: () => loadTranslationTables(),
      validator: () => createValidator({ codeLists, regionScope: '62' }),
      now: () => Date.now(),
      log: silentLogger(),
    };
    const enterprise = {
      qyid: '1699204518370328577',
      qymc: '兰州榆中陇源蔬菜种植有限公司',
      tyshxydm: '91620123MA72K4D128',
      ztlx: '农业公司',
      xzqhdm: '620123',
      zcrq: '2018-04-26',
      gxsj: '2024-06-12 08:01:15',
      sfsc: '0',
    };
    await stagePage(
      t.db,
      rt,
      {
        stream: 'enterprises',
        cursor: { updatedAt: enterprise.gxsj },
        records: [{ sourceKey: enterprise.qyid, payload: enterprise, orderingKey: enterprise.gxsj }],
      },
      deps,
      { storeCursor: true },
    );
  });

  afterAll(async () => {
    fs.rmSync(tables, { recursive: true, force: true });
    fs.rmSync(configFile, { force: true });
    await t?.drop();
  });

  it('refuses to run without a filter or --all', async () => {
    const err = await run(process.execPath, [BIN, 'replay'], { env: { ...process.env } }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('name a filter');
  });

  it('re-maps quarantined records from their stored payload after a translation fix, and batches them for delivery', async () => {
    const open = (await t.db.query(`SELECT id, reasons FROM quarantine WHERE resolved_at IS NULL`)).rows;
    expect(open).toEqual([{ id: expect.any(Number), reasons: ['UNKNOWN_CODE'] }]);
    const file = path.join(tables, 'subject-type-labels.json');
    const table = JSON.parse(fs.readFileSync(file, 'utf8'));
    table.entries.push({ source: '农业公司', target: 'ENTERPRISE' });
    fs.writeFileSync(file, JSON.stringify(table));

    const env = {
      ...process.env,
      DATABASE_URL: t.url,
      DATABASE_SCHEMA: t.schema,
      BOSS_SCHEMA: t.bossSchema,
      CONFIG_FILE: configFile,
      SIMULATORS: 'off',
      NATIONAL_BASE_URL: 'http://127.0.0.1:9/ntp/v1',
      NATIONAL_APP_KEY: 'k',
      NATIONAL_APP_SECRET: 's',
      LOG_LEVEL: 'warn',
    };
    const { stdout } = await run(process.execPath, [BIN, 'replay', '--reason', 'UNKNOWN_CODE', '--actor', 'tester'], { env });
    expect(stdout).toContain('replayed 1 entries: 1 new national versions');
    expect((await t.db.query(`SELECT resolution FROM quarantine WHERE id = $1`, [open[0].id])).rows[0].resolution).toBe('replayed');
    const record = (await t.db.query(`SELECT record_id, version, state, body FROM national_record_states`)).rows;
    expect(record).toEqual([
      expect.objectContaining({ record_id: 'gs-provincial:enterprises:1699204518370328577', version: 1, state: 'batched' }),
    ]);
    expect(JSON.parse(record[0].body).subjectType).toBe('ENTERPRISE');
    const audit = (await t.db.query(`SELECT actor, action FROM events`)).rows;
    expect(audit).toEqual([{ actor: 'cli:tester', action: 'quarantine:replay' }]);
  });
});
