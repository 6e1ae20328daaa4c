import fs from 'node:fs';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDeclaration } from '../../src/adapters/declaration';
import { backfillWindowsHelp } from '../../src/cli/backfill';
import { createPullHandler } from '../../src/jobs/pull';
import { createKindRegistry } from '../../src/kind-registry';
import { KINDS } from '../../src/kinds';
import { silentLogger } from '../../src/log';
import { loadTranslationTables } from '../../src/mappings/tables';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { AdapterInstances, createInstance } from '../../src/runtime/instances';
import { startTestBoss } from '../helpers/boss';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { farmsToSubjects } from './example-kind/farms-to-subjects';
import { jsonlFeed } from './example-kind/index';
import { jsonlFeedMappings } from './example-kind/mappings';
import { startFeed, TOKEN, type Feed } from './example-kind/setup';

const ROOT = path.resolve(__dirname, '../..');
const GUIDE = path.join(ROOT, 'docs/connect-a-source.md');
const EXAMPLE = path.resolve(__dirname, 'example-kind');
/** Where each example file lives in a real checkout, as the guide shows it. */
const TARGETS: Record<string, string> = {
  'options.ts': 'src/adapters/jsonl-feed/options.ts',
  'adapter.ts': 'src/adapters/jsonl-feed/adapter.ts',
  'index.ts': 'src/adapters/jsonl-feed/index.ts',
  'farms-to-subjects.ts': 'src/mappings/jsonl-feed/farms-to-subjects.ts',
  'mappings.ts': 'src/mappings/jsonl-feed/index.ts',
  'setup.ts': 'test/adapters/jsonl-feed/setup.ts',
  'contract.test.ts': 'test/adapters/jsonl-feed/contract.test.ts',
};
/** The line the guide adds to KINDS in src/kinds.ts. */
const REGISTRY_LINE = '{ adapter: jsonlFeed, mapping: jsonlFeedMappings },';

/** An example file as it reads at its place in a checkout. */
function atTarget(code: string, target: string): string {
  if (!target.startsWith('src/')) return code.replace("from './index'", "from '../../../src/adapters/jsonl-feed'");
  return code
    .replace(/'\.\.\/\.\.\/\.\.\/src\/(adapters|mappings)\//g, "'../")
    .replace(/'\.\.\/\.\.\/\.\.\/src\/common\//g, "'../../common/");
}

/** The gateway's registry with the guide's line added. */
const registry = createKindRegistry([...KINDS, { adapter: jsonlFeed, mapping: jsonlFeedMappings }]);

const FARMS = [
  {
    seq: 1,
    id: 'F-001',
    name: '榆中县甲农场',
    creditCode: '91620123ma72k4d128',
    type: '企业',
    region: '620123',
    registeredOn: '2018-04-26',
    address: '榆中县城关镇',
  },
  { seq: 2, id: 'F-002', name: '乙合作社', creditCode: '91620123MA72K4D128', type: '合作社', region: '620123', registeredOn: '2019-05-01' },
  {
    seq: 3,
    id: 'F-003',
    name: '丙农场',
    creditCode: '91620123MA72K4D128',
    type: '家庭农场（未登记）',
    region: '620123',
    registeredOn: '2020-01-01',
  },
];

describe('docs/connect-a-source.md: the worked example of a new kind', () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let feed: Feed;

  beforeAll(async () => {
    t = await createTestDatabase();
    boss = await startTestBoss(t);
    feed = await startFeed(FARMS);
  });
  afterAll(async () => {
    await feed?.close();
    await boss?.stop({ graceful: false, wait: true });
    await t?.drop();
  });

  const declaration = (options: Record<string, unknown> = {}) => ({
    id: 'yz-farms',
    kind: 'jsonl-feed',
    regionCode: '620123',
    sourceSystem: 'yz-farms',
    schedule: '*/5 * * * *',
    baseUrl: feed.url,
    allowedHosts: [new URL(feed.url).host],
    allowPrivateAddresses: true,
    credentials: { token: 'env:TG_SOURCE_YZ_FARMS_TOKEN' },
    options,
  });

  it('shows in the guide exactly the code of test/guide/example-kind', () => {
    const guide = fs.readFileSync(GUIDE, 'utf8');
    for (const [file, target] of Object.entries(TARGETS)) {
      const code = atTarget(fs.readFileSync(path.join(EXAMPLE, file), 'utf8'), target);
      const block = new RegExp(`\`${target.replace(/[./]/g, '\\$&')}\`[^\\n]*\\n+\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(guide);
      expect(block, `guide block for ${target}`).not.toBeNull();
      expect(block![1], target).toBe(code);
    }
  });

  it('registers the kind with one line of src/kinds.ts, shaped as the reference kinds are', () => {
    const guide = fs.readFileSync(GUIDE, 'utf8');
    const block = /```ts\n\/\/ src\/kinds\.ts\n([\s\S]*?)```/.exec(guide);
    expect(block, 'guide block for src/kinds.ts').not.toBeNull();
    expect(block![1]).toContain(
      "import { jsonlFeed } from './adapters/jsonl-feed';\nimport { jsonlFeedMappings } from './mappings/jsonl-feed';\n",
    );
    expect(block![1]).toContain(`  ${REGISTRY_LINE}\n`);
    const kinds = fs.readFileSync(path.join(ROOT, 'src/kinds.ts'), 'utf8');
    const lines = kinds.split('\n').filter((l) => l.startsWith('  { adapter: '));
    expect(lines).toHaveLength(KINDS.length);
    for (const line of [...lines, `  ${REGISTRY_LINE}`]) expect(line).toMatch(/^ {2}\{ adapter: \w+, mapping: \w+ \},$/);

    expect(registry.adapterKinds['jsonl-feed']).toBe(jsonlFeed);
    expect(registry.mappingFor('jsonl-feed', 'farms')).toBe(farmsToSubjects);
    expect(registry.tablesNeeded().get('subject-type-labels')).toContain('jsonl-feed/farms');
    expect(backfillWindowsHelp(registry.adapterKinds)).toMatch(
      /jsonl-feed +a sequence number of the source;\n +lines whose seq is above from and below until/,
    );
  });

  it('declares an instance that the declaration validator accepts once the kind is registered', () => {
    const decl = validateDeclaration(declaration(), registry.adapterKinds, 'config/adapters/yz-farms.json');
    expect(decl.options).toEqual({ pageSize: 200, timeoutMs: 30_000, maxResponseBytes: 8 * 1024 * 1024, requestsPerSecond: 10 });
    expect(() => validateDeclaration({ ...decl, options: { pageSize: 0 } }, registry.adapterKinds, 'x.json')).toThrow(
      /\/options\/pageSize: must be >= 1 \(kind jsonl-feed\)/,
    );
    expect(() => validateDeclaration({ ...decl, credentials: {} }, registry.adapterKinds, 'x.json')).toThrow(
      /\/credentials\/token: is required/,
    );
  });

  it('pulls the feed through the registered kind into valid national records (and one quarantined)', async () => {
    const decl = validateDeclaration(declaration({ pageSize: 2 }), registry.adapterKinds, 'config/adapters/yz-farms.json');
    const kind = registry.adapterKinds['jsonl-feed']!;
    const inst = createInstance(decl, kind, silentLogger(), { env: { TG_SOURCE_YZ_FARMS_TOKEN: TOKEN }, mappingFor: registry.mappingFor });
    expect(await inst.adapter.check(AbortSignal.timeout(5000))).toEqual({ ok: true });
    const refused = createInstance(decl, kind, silentLogger(), {
      env: { TG_SOURCE_YZ_FARMS_TOKEN: 'wrong-token-999' },
      mappingFor: registry.mappingFor,
    });
    expect(await refused.adapter.check(AbortSignal.timeout(5000))).toMatchObject({ ok: false, failure: 'config' });

    const instances = new AdapterInstances(silentLogger());
    instances.set(inst);
    const codeLists = loadBundledCodeLists();
    const tables = loadTranslationTables(path.join(ROOT, 'config/translations'), registry.tablesNeeded());
    const pull = createPullHandler({
      db: t.db,
      boss,
      instances,
      log: silentLogger(),
      maxSeconds: 60,
      limits: { maxRecords: 500, maxBytes: 4 << 20 },
      pipeline: {
        tables: () => tables,
        validator: () => createValidator({ codeLists, regionScope: '62' }),
        now: () => Date.parse('2026-01-05T02:00:00Z'),
        log: silentLogger(),
      },
    });
    const summary = await pull({ adapterId: 'yz-farms', mode: 'manual' });
    expect(summary).toEqual({
      pages: 2,
      records: 3,
      newRecords: 3,
      quarantined: 1,
      mapped: 2,
      errors: [],
      waitingSeconds: expect.any(Number),
      stagingSeconds: expect.any(Number),
    });

    const records = (await t.db.query(`SELECT record_id, state, body FROM national_record_states ORDER BY record_id`)).rows;
    // Mapped, valid, and formed into a batch for delivery at the end of the pull.
    expect(records.map((r) => [r.record_id, r.state])).toEqual([
      ['yz-farms:farms:F-001', 'batched'],
      ['yz-farms:farms:F-002', 'batched'],
    ]);
    const body = JSON.parse(records[0].body);
    expect(body).toMatchObject({
      recordId: 'yz-farms:farms:F-001',
      version: 1,
      subjectCode: '91620123MA72K4D128',
      subjectType: 'ENTERPRISE',
      regionCode: '620123',
    });
    for (const r of records) expect(createValidator({ codeLists, regionScope: '62' }).validate('subjects', JSON.parse(r.body))).toEqual([]);
    const q = (await t.db.query(`SELECT source_key, reasons FROM quarantine`)).rows;
    expect(q).toEqual([{ source_key: 'F-003', reasons: ['UNKNOWN_CODE'] }]);
    expect((await t.db.query(`SELECT cursor FROM cursors WHERE adapter_id = 'yz-farms'`)).rows[0].cursor).toEqual({ seq: 3 });

    // A backfill window of sequence numbers reads seq 2 again, stores nothing new and leaves the cursor.
    const backfill = await pull({ adapterId: 'yz-farms', mode: 'backfill', window: { from: '1', until: '3' } });
    expect(backfill).toMatchObject({ records: 1, newRecords: 0, errors: [] });
    expect((await t.db.query(`SELECT cursor FROM cursors WHERE adapter_id = 'yz-farms'`)).rows[0].cursor).toEqual({ seq: 3 });
  });
});
