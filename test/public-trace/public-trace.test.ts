import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../src/api/deps';
import { publicTraceSurface } from '../../src/api/routes/public-trace-routes';
import { openNoticesCovering, storeNoticeRevision } from '../../src/db/queries/notices';
import type { Queryable } from '../../src/db/pool';
import { loadBundledCodeLists } from '../../src/national/codelists';
import { isPerson, maskPersonName, publicNameOf } from '../../src/public-trace/party-name';
import { renderTracePage } from '../../src/public-trace/page';
import { directoryParties } from '../../src/public-trace/directory';
import { buildPublicTrace, publicText } from '../../src/public-trace/public-trace';
import { loadTranslationTables } from '../../src/mappings/tables';
import { createPublicTraceReader } from '../../src/public-trace/reader';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { traceCode } from './support/seed';

describe('what a public page may say of a party or in free text', () => {
  it("masks a person's name to its first character and asterisks", () => {
    expect(maskPersonName('张三丰')).toBe('张**');
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName(' 欧阳娜娜 ')).toBe('欧***');
    expect(maskPersonName('王')).toBe('王*');
  });

  it('takes a subject for a person by its resident ID, the shape of its code or a person-only type', () => {
    expect(isPerson({ subjectIdType: 'RESIDENT_ID', subjectCode: '622924197803152315', subjectType: 'INDIVIDUAL_FARMER' })).toBe(true);
    expect(isPerson({ subjectIdType: 'CREDIT_CODE', subjectCode: '622924197803152315', subjectType: 'ENTERPRISE' })).toBe(true);
    expect(isPerson({ subjectIdType: 'CREDIT_CODE', subjectCode: '92620102MA71X3Q4WD', subjectType: 'VENDOR' })).toBe(true);
    expect(isPerson({ subjectIdType: 'CREDIT_CODE', subjectCode: '91620123MA72K4D128', subjectType: 'COOPERATIVE' })).toBe(false);
    expect(
      publicNameOf({ subjectIdType: 'CREDIT_CODE', subjectCode: '91620123MA72K4D128', subjectType: 'COOPERATIVE', name: '绿源合作社' }),
    ).toBe('绿源合作社');
    expect(publicNameOf({ subjectIdType: 'RESIDENT_ID', subjectCode: '622924197803152315', subjectType: 'VENDOR', name: '李四' })).toBe(
      '李*',
    );
    expect(publicNameOf({ subjectType: 'ENTERPRISE', name: '  ' })).toBeNull();
  });

  it('masks resident IDs and phone numbers in free text', () => {
    expect(publicText('联系 13912345678 或 0931-8456712，身份证 622924197803152315')).toBe(
      '联系 139****5678 或 ************，身份证 6229**********2315',
    );
    expect(publicText('  ')).toBeNull();
    expect(publicText(42)).toBeNull();
  });
});

describe('parties named by the node directory', () => {
  it('names a slaughterhouse without a registration from the mvts node directory; a carcass batch shows its animal', () => {
    const directory = directoryParties(loadTranslationTables('config/translations'));
    expect(directory.get('91621102MA74A9D56B')?.name).toBe('定西安定家禽屠宰有限公司');
    const code = traceCode('6211020326010500001');
    const slaughter = {
      interface: 'slaughter',
      recordId: 'r',
      version: 1,
      state: 'accepted',
      traceCode: code,
      adapterId: 'a',
      createdAt: new Date(),
      deliveredAt: null,
      body: {
        traceCode: code,
        slaughterhouseCode: '91621102MA74A9D56B',
        animalType: 'POULTRY',
        regionCode: '621102',
        originRegionCode: '621102',
        slaughteredAt: '2026-01-05T06:00:00+08:00',
      },
    };
    const t = buildPublicTrace(
      code,
      { nodes: [{ traceCode: code, hop: 0, relation: 'self', records: [slaughter] }], transports: [], truncated: false },
      new Map(),
      [],
      loadBundledCodeLists('config/codelists'),
      directory,
    );
    expect(t.producer).toEqual({ role: 'slaughterhouse', roleLabel: '屠宰企业', name: '定西安定家禽屠宰有限公司' });
    expect(t.product).toEqual({ category: null, name: '禽' });
    expect(t.steps.map((s) => [s.kind, s.detail])).toEqual([['slaughter', '禽 · 产地 甘肃省 621102']]);
  });
});

describe('public trace reader', () => {
  let t: TestDatabase;
  const lists = loadBundledCodeLists('config/codelists');
  const CODE = traceCode('6201230126010800004');
  let reads = 0;
  const counting = async (db: Queryable, codes: readonly string[]) => {
    reads++;
    return openNoticesCovering(db, codes);
  };
  const notice = {
    noticeId: 'NT20260108000001',
    revision: 1,
    kind: 'RECALL',
    severity: 'CRITICAL',
    issuedAt: '2026-01-08T10:00:00+08:00',
    issuerRegion: '620100',
    targetRegions: ['62'],
    traceCodes: [CODE],
    productCode: 'VEG_LEAFY',
    hazard: '召回',
    actionsRequired: ['RECALL'],
    respondBy: '2026-01-10T10:00:00+08:00',
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await storeNoticeRevision(t.db, notice, 'received');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('checks the shape of a code without the database: digits, province, link, date, check digit', () => {
    const reader = createPublicTraceReader({ db: t.db, codeLists: () => lists, noticesCovering: counting, cacheSeconds: 0 });
    expect(reader.isWellFormed(CODE)).toBe(true);
    expect(reader.isWellFormed(traceCode('0001230126010800004'))).toBe(false);
    expect(reader.isWellFormed(traceCode('6201231026010800004'))).toBe(false);
    expect(reader.isWellFormed(traceCode('6201230126023000004'))).toBe(false);
    expect(reader.isWellFormed(CODE.slice(0, 19) + String((Number(CODE[19]) + 1) % 10))).toBe(false);
    expect(reader.isWellFormed(`${CODE} `)).toBe(false);
  });

  it('answers a code held by no record but named by an open notice with the warning alone', async () => {
    const reader = createPublicTraceReader({ db: t.db, codeLists: () => lists, noticesCovering: counting, cacheSeconds: 0 });
    const trace = await reader.read(CODE);
    expect(trace).toMatchObject({
      found: false,
      steps: [],
      product: null,
      warnings: [{ noticeId: notice.noticeId, kind: 'RECALL', kindLabel: '召回', severityLabel: '严重' }],
    });
    expect(await reader.read(traceCode('6201230126010800005'))).toBeNull();
    const html = renderTracePage(trace!, { qrPath: `/t/${CODE}/qr.svg` });
    expect(html).toContain('data-test="warning"');
    expect(html).toContain('data-test="not-held"');
    expect(html).not.toContain('data-test="product"');
  });

  it('keeps an answer for the cache time and shares one read between concurrent requests', async () => {
    const cached = createPublicTraceReader({ db: t.db, codeLists: () => lists, noticesCovering: counting, cacheSeconds: 3600 });
    reads = 0;
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => cached.read(CODE)));
    expect(reads).toBe(1);
    expect(new Set(answers).size).toBe(1);
    await storeNoticeRevision(
      t.db,
      { ...notice, noticeId: 'NT20260109000001', kind: 'WITHDRAWN', supersedes: notice.noticeId, issuedAt: '2026-01-09T10:00:00+08:00' },
      'received',
    );
    expect((await cached.read(CODE))?.warnings).toHaveLength(1);
    expect(reads).toBe(1);

    const uncached = createPublicTraceReader({ db: t.db, codeLists: () => lists, noticesCovering: counting, cacheSeconds: 0 });
    expect(await uncached.read(CODE)).toBeNull();
    expect(reads).toBe(2);
  });
});

describe('public trace switched off', () => {
  it('answers 404 on all three routes', () => {
    const settings = { enabled: false, baseUrl: null, cacheSeconds: 60, rateLimit: { max: 60, windowSeconds: 60 }, trustProxyHops: 0 };
    const surface = publicTraceSurface({
      publicTrace: { settings, codeLists: () => loadBundledCodeLists('config/codelists'), baseUrl: () => 'http://x' },
    } as unknown as ApiDeps);
    expect(Object.keys(surface.handlers).sort()).toEqual(['getPublicTrace', 'publicTracePage', 'publicTraceQr']);
    for (const handler of Object.values(surface.handlers))
      expect(() => handler({} as never, {} as never)).toThrow(expect.objectContaining({ code: 'TG_NOT_FOUND' }));
    expect(surface.before).toEqual({});
  });
});
