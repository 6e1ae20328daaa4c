import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDeclaration } from '../../src/adapters/declaration';
import { PageError } from '../../src/adapters/errors';
import { parseListBody } from '../../src/adapters/provincial-rest/streams';
import { adapterKinds } from '../../src/adapters/registry';
import { silentLogger } from '../../src/log';
import { loadTranslationTables } from '../../src/mappings/tables';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { createValidator } from '../../src/national/validate';
import { stagePage } from '../../src/pipeline/stage';
import type { PipelineDeps, StreamRuntime } from '../../src/pipeline/types';
import { createInstance } from '../../src/runtime/instances';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * Hostile provincial pages against the real parser, mapping, validation and staging on a real
 * PostgreSQL: every page is either refused whole (a PageError, nothing stored, the cursor where it
 * was) or staged whole, each of its records a national record version or a quarantine entry.
 */

const VALID = {
  qymc: '兰州榆中陇源蔬菜种植有限公司',
  tyshxydm: '91620123MA72K4D128',
  sfzh: null,
  ztlx: '企业',
  xzqhdm: '620123',
  dz: '甘肃省兰州市榆中县定远镇东古城村',
  fddbr: '张建国',
  lxdh: '13909316528',
  zcrq: '2018-04-26',
  sfsc: '0',
} as const;

/** A field's value as a broken or hostile source might send it. */
const hostileValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    '62292419780315231X',
    '622924197803152315',
    '９１６２０１２３ＭＡ７２Ｋ４Ｄ１２８',
    ' 企业 ',
    '个体农户',
    'x'.repeat(5000),
  ),
  fc.integer(),
  fc.double(),
  fc.constant(622924197803152315),
  fc.boolean(),
  fc.jsonValue({ maxDepth: 3 }),
);

const record = (i: number) =>
  fc
    .record({
      fields: fc.dictionary(fc.constantFrom(...Object.keys(VALID)), hostileValue, { maxKeys: 4 }),
      gxsj: fc.oneof(fc.constant('2024-06-12 08:01:15'), fc.constant('2024-13-45 99:99:99'), fc.string({ maxLength: 12 })),
    })
    .map(({ fields, gxsj }) => ({ ...VALID, ...fields, qyid: `fz-${i}`, gxsj }));

const page = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => record(i))));

describe('fuzz: staging hostile provincial pages on PostgreSQL', () => {
  let t: TestDatabase;
  let rt: StreamRuntime;
  let deps: PipelineDeps;

  beforeAll(async () => {
    t = await createTestDatabase();
    const demo = JSON.parse(fs.readFileSync(path.resolve('config/demo/gs-provincial.json'), 'utf8'));
    const decl = validateDeclaration({ ...demo, id: 'fz-prov' }, adapterKinds, 'fuzz');
    rt = createInstance(decl, adapterKinds['provincial-rest']!, silentLogger(), { checkSecrets: false }).runtime('enterprises')!;
    const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });
    const tables = loadTranslationTables();
    deps = { tables: () => tables, validator: () => validator, now: () => Date.parse('2026-01-05T02:00:00Z'), log: silentLogger() };
  });
  afterAll(async () => {
    await t?.drop();
  });

  const snapshot = async () => {
    const rows = (await t.db.query(`SELECT count(*)::int n FROM source_records WHERE adapter_id = 'fz-prov'`)).rows[0].n as number;
    const cursor =
      (await t.db.query(`SELECT cursor FROM cursors WHERE adapter_id = 'fz-prov' AND stream = 'enterprises'`)).rows[0]?.cursor ?? null;
    return { rows, cursor };
  };

  it('every page is refused whole or staged whole, each record mapped or quarantined', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(page, fc.option(fc.nat(), { nil: undefined }), async (generated, cutAt) => {
        n++;
        // Fresh keys per run: a revision already stored (the same key and content) is rightly not counted again.
        const records = generated.map((r, i) => ({ ...r, qyid: `fz-${n}-${i}` }));
        const text = JSON.stringify({ code: 0, msg: 'ok', data: { records, nextCursor: null, total: records.length } });
        const body = Buffer.from(text);
        const sent = cutAt === undefined ? body : body.subarray(0, cutAt % body.length);
        const before = await snapshot();
        let parsed;
        try {
          parsed = parseListBody('enterprises', sent);
        } catch (err) {
          expect(err).toBeInstanceOf(PageError);
          expect(await snapshot()).toEqual(before);
          return;
        }
        const cursor = { updatedAt: `2026-01-05 00:00:${String(n % 60).padStart(2, '0')}`, n };
        const res = await stagePage(t.db, rt, { stream: 'enterprises', records: parsed.records, cursor }, deps, { storeCursor: true });
        expect(res.received).toBe(records.length);
        expect(res.mapped + res.unchanged + res.quarantined + res.deleted + res.stale).toBe(records.length);
        const after = await snapshot();
        expect(after.cursor).toEqual(cursor);
        const keys = records.map((r) => r.qyid);
        const outcomes = (
          await t.db.query(
            `SELECT DISTINCT ON (source_key) source_key, outcome FROM source_records WHERE adapter_id = 'fz-prov' AND source_key = ANY($1) ORDER BY source_key, id DESC`,
            [keys],
          )
        ).rows as Array<{ source_key: string; outcome: string }>;
        expect(outcomes.map((o) => o.source_key).sort()).toEqual([...keys].sort());
        for (const o of outcomes) expect(['mapped', 'unchanged', 'quarantined', 'deleted', 'stale']).toContain(o.outcome);
      }),
      { numRuns: 150, seed: 20260105 },
    );
  });

  it('a NUL from the source, which PostgreSQL cannot store, quarantines its record instead of failing the page at every retry', async () => {
    const records = [
      { ...VALID, qyid: 'nul-1', qymc: '兰州\u0000陇源', gxsj: '2024-06-12 08:01:15' },
      { ...VALID, qyid: 'nul-2', gxsj: '2024-06-12 08:01:16' },
    ];
    const parsed = parseListBody('enterprises', Buffer.from(JSON.stringify({ code: 0, msg: 'ok', data: { records, nextCursor: null } })));
    const res = await stagePage(
      t.db,
      rt,
      { stream: 'enterprises', records: parsed.records, cursor: { updatedAt: '2024-06-12 08:01:16' } },
      deps,
      { storeCursor: true },
    );
    expect(res).toMatchObject({ received: 2, mapped: 1, quarantined: 1 });
    const q = (await t.db.query(`SELECT source_key, reasons, errors FROM quarantine WHERE source_key = 'nul-1' AND resolved_at IS NULL`))
      .rows;
    expect(q).toHaveLength(1);
    expect(q[0].reasons).toEqual(['UNPARSEABLE_VALUE']);
    expect(q[0].errors[0].path).toBe('/name');
    const stored = (await t.db.query(`SELECT payload->>'qymc' AS qymc, warnings FROM source_records WHERE source_key = 'nul-1'`)).rows[0];
    expect(stored.qymc).toBe('兰州\uFFFD陇源');
    expect(stored.warnings[0].code).toBe('NUL_REPLACED');
  });
});
