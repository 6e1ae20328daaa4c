import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDeclaration } from '../../src/adapters/declaration';
import { createHttpClient } from '../../src/adapters/http';
import { adapterKinds } from '../../src/adapters/registry';
import type { Page } from '../../src/adapters/types';
import { silentLogger } from '../../src/log';
import { loadTranslationTables } from '../../src/mappings/tables';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { stagePage } from '../../src/pipeline/stage';
import type { PipelineDeps, StreamRuntime } from '../../src/pipeline/types';
import { secretResolver } from '../../src/runtime/instances';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { farmsToSubjects } from './example-kind/farms-to-subjects';
import { jsonlFeed } from './example-kind/index';

const GUIDE = path.resolve(__dirname, '../../docs/connect-a-source.md');
const EXAMPLE = path.resolve(__dirname, 'example-kind');
/** Where each example file lives in a real checkout, as the guide shows it. */
const TARGETS: Record<string, string> = {
  'options.ts': 'src/adapters/jsonl-feed/options.ts',
  'adapter.ts': 'src/adapters/jsonl-feed/adapter.ts',
  'index.ts': 'src/adapters/jsonl-feed/index.ts',
  'farms-to-subjects.ts': 'src/mappings/jsonl-feed/farms-to-subjects.ts',
  'mappings.ts': 'src/mappings/jsonl-feed/index.ts',
};

const FARMS = [
  { seq: 1, id: 'F-001', name: '榆中县甲农场', creditCode: '91620123ma72k4d128', type: '企业', region: '620123', registeredOn: '2018-04-26', address: '榆中县城关镇' },
  { seq: 2, id: 'F-002', name: '乙合作社', creditCode: '91620123MA72K4D128', type: '合作社', region: '620123', registeredOn: '2019-05-01' },
  { seq: 3, id: 'F-003', name: '丙农场', creditCode: '91620123MA72K4D128', type: '家庭农场（未登记）', region: '620123', registeredOn: '2020-01-01' },
];

describe('docs/connect-a-source.md: the worked example of a new kind', () => {
  let t: TestDatabase;
  let server: http.Server;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      seen.push(`${req.headers.authorization} ${url.pathname}?${url.searchParams}`);
      if (req.headers.authorization !== 'Bearer feed-token-1234') return void res.writeHead(401).end();
      const after = Number(url.searchParams.get('after'));
      const limit = Number(url.searchParams.get('limit'));
      const rows = FARMS.filter((f) => f.seq > after).slice(0, limit);
      res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(rows.map((r) => JSON.stringify(r)).join('\n'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await t?.drop();
  });

  it('shows in the guide exactly the code of test/guide/example-kind', () => {
    const guide = fs.readFileSync(GUIDE, 'utf8');
    for (const [file, target] of Object.entries(TARGETS)) {
      const code = fs.readFileSync(path.join(EXAMPLE, file), 'utf8')
        .replace(/'\.\.\/\.\.\/\.\.\/src\/(adapters|mappings)\//g, "'../")
        .replace(/'\.\.\/\.\.\/\.\.\/src\/common\//g, "'../../common/");
      const block = new RegExp(`\`${target.replace(/[./]/g, '\\$&')}\`[^\\n]*\\n+\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(guide);
      expect(block, `guide block for ${target}`).not.toBeNull();
      expect(block![1], target).toBe(code);
    }
  });

  it('declares an instance that the declaration validator accepts once the kind is registered', () => {
    const kinds = { ...adapterKinds, [jsonlFeed.kind]: jsonlFeed };
    const decl = validateDeclaration(
      { id: 'yz-farms', kind: 'jsonl-feed', regionCode: '620123', sourceSystem: 'yz-farms', schedule: '*/5 * * * *', baseUrl: base, allowedHosts: [base.slice(7)], credentials: { token: 'env:TG_SOURCE_YZ_FARMS_TOKEN' } },
      kinds, 'config/adapters/yz-farms.json',
    );
    expect(decl.options).toEqual({ pageSize: 200, timeoutMs: 30_000, maxResponseBytes: 8 * 1024 * 1024, requestsPerSecond: 10 });
    expect(() => validateDeclaration({ ...decl, options: { pageSize: 0 } }, kinds, 'x.json')).toThrow(/\/options\/pageSize: must be >= 1 \(kind jsonl-feed\)/);
    expect(() => validateDeclaration({ ...decl, credentials: {} }, kinds, 'x.json')).toThrow(/\/credentials\/token: is required/);
  });

  it('reads the feed page by page and stages it into valid national records (and one quarantined)', async () => {
    const kinds = { ...adapterKinds, [jsonlFeed.kind]: jsonlFeed };
    const decl = validateDeclaration(
      { id: 'yz-farms', kind: 'jsonl-feed', regionCode: '620123', sourceSystem: 'yz-farms', schedule: '*/5 * * * *', baseUrl: base, allowedHosts: [base.slice(7)], credentials: { token: 'env:TG_SOURCE_YZ_FARMS_TOKEN' }, options: { pageSize: 2 } },
      kinds, 'config/adapters/yz-farms.json',
    );
    const http = createHttpClient({ allowedHosts: decl.allowedHosts, allowPrivateAddresses: true });
    const adapter = jsonlFeed.create(decl as never, { http, secret: secretResolver({ TG_SOURCE_YZ_FARMS_TOKEN: 'feed-token-1234' }), log: silentLogger() });
    expect(await adapter.check(AbortSignal.timeout(5000))).toEqual({ ok: true });
    const refused = jsonlFeed.create(decl as never, { http, secret: secretResolver({ TG_SOURCE_YZ_FARMS_TOKEN: 'wrong-token-999' }), log: silentLogger() });
    expect(await refused.check(AbortSignal.timeout(5000))).toMatchObject({ ok: false, failure: 'config' });

    const pages: Page[] = [];
    for await (const page of adapter.read({ stream: 'farms', from: null, signal: AbortSignal.timeout(5000) })) pages.push(page);
    expect(pages.map((p) => [p.records.length, p.cursor])).toEqual([[2, { seq: 2 }], [1, { seq: 3 }]]);
    const resumed: Page[] = [];
    for await (const page of adapter.read({ stream: 'farms', from: { seq: 3 }, signal: AbortSignal.timeout(5000) })) resumed.push(page);
    expect(resumed).toEqual([]);

    const codeLists = loadBundledCodeLists();
    const deps: PipelineDeps = { tables: () => loadTranslationTables(), validator: () => createValidator({ codeLists, regionScope: '62' }), now: () => Date.parse('2026-01-05T02:00:00Z'), log: silentLogger() };
    const rt: StreamRuntime = { adapterId: 'yz-farms', kind: 'jsonl-feed', stream: 'farms', mapping: farmsToSubjects, instance: { adapterId: 'yz-farms', regionCode: '620123', sourceSystem: 'yz-farms', params: {} } };
    let mapped = 0;
    let quarantined = 0;
    for (const page of pages) {
      const r = await stagePage(t.db, rt, page, deps, { storeCursor: true, adapter });
      mapped += r.mapped;
      quarantined += r.quarantined;
    }
    expect([mapped, quarantined]).toEqual([2, 1]);

    const records = (await t.db.query(`SELECT record_id, state, body FROM national_record_states ORDER BY record_id`)).rows;
    expect(records.map((r) => [r.record_id, r.state])).toEqual([['yz-farms:farms:F-001', 'pending'], ['yz-farms:farms:F-002', 'pending']]);
    const body = JSON.parse(records[0].body);
    expect(body).toMatchObject({ recordId: 'yz-farms:farms:F-001', version: 1, subjectCode: '91620123MA72K4D128', subjectType: 'ENTERPRISE', regionCode: '620123' });
    for (const r of records) expect(createValidator({ codeLists, regionScope: '62' }).validate('subjects', JSON.parse(r.body))).toEqual([]);
    const q = (await t.db.query(`SELECT source_key, reasons FROM quarantine`)).rows;
    expect(q).toEqual([{ source_key: 'F-003', reasons: ['UNKNOWN_CODE'] }]);
    expect((await t.db.query(`SELECT cursor FROM cursors WHERE adapter_id = 'yz-farms'`)).rows[0].cursor).toEqual({ seq: 3 });
    expect(seen.every((s) => !s.includes('feed-token-1234') || s.startsWith('Bearer feed-token-1234 /feed/farms'))).toBe(true);
  });
});
