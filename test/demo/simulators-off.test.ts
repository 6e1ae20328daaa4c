import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { spawnGateway } from '../helpers/gateway-process';
import { createMockNational, type MockNational } from '../../src/demo/national';

const SRC = path.resolve(__dirname, '../../src');
const APP_KEY = 'off-key';
const APP_SECRET = 'off-secret-0123456789';

/** `trace-gateway start` as production runs it: the demo and test tooling under src/demo stays unloaded. */
describe('SIMULATORS=off', () => {
  let t: TestDatabase;
  let national: MockNational;
  let nationalUrl: string;
  let work: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    // The platform the gateway talks to runs here, in the test process, not in the gateway.
    national = createMockNational({ clients: [{ appKey: APP_KEY, appSecret: APP_SECRET, regionScope: '62' }] });
    ({ url: nationalUrl } = await national.listen(0));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-simulators-off-'));
  });

  afterAll(async () => {
    await national?.close();
    await t?.drop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('never loads a module under src/demo, from the command line to a stopped gateway', async () => {
    // Preloaded into the gateway process: on exit it writes down every module that process loaded.
    const recorder = path.join(work, 'record-modules.cjs');
    const loadedFile = path.join(work, 'loaded.json');
    fs.writeFileSync(
      recorder,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loadedFile)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const adaptersDir = fs.mkdtempSync(path.join(work, 'adapters-'));
    const gateway = spawnGateway({
      NODE_OPTIONS: `--require ${JSON.stringify(recorder)}`,
      DATABASE_URL: t.url,
      DATABASE_SCHEMA: t.schema,
      BOSS_SCHEMA: t.bossSchema,
      SIMULATORS: 'off',
      NATIONAL_BASE_URL: nationalUrl,
      NATIONAL_APP_KEY: APP_KEY,
      NATIONAL_APP_SECRET: APP_SECRET,
      ADAPTERS_DIR: adaptersDir,
      DATA_DIR: path.join(work, 'data'),
      ADMIN_TOKEN: 'off-admin-token-0123456789abcdef',
    });
    try {
      await gateway.ready;
    } finally {
      gateway.kill('SIGTERM');
    }
    expect(await gateway.exited).toBe(0);

    const loaded = JSON.parse(fs.readFileSync(loadedFile, 'utf8')) as string[];
    // The record sees the gateway's own TypeScript modules, so it would see the demo's too.
    expect(loaded).toContain(path.join(SRC, 'cli.ts'));
    expect(loaded).toContain(path.join(SRC, 'main.ts'));
    expect(loaded.filter((file) => file.startsWith(path.join(SRC, 'demo') + path.sep))).toEqual([]);
  });
});
