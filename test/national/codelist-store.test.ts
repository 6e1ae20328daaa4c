import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log';
import { CodeListStore } from '../../src/national/codelist-store';
import { createNationalClient } from '../../src/national/client';
import { CodeLists, loadBundledCodeLists, CODE_LIST_NAMES } from '../../src/national/codelists';
import { createMockNational, type MockNational } from '../../src/demo/national';
import { validRecord } from '../fixtures/national/valid-records';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * §7.19: the gateway keeps every attribute of a list fetched from the platform, and decides the
 * `meat` condition of §7.12 from the list as last fetched: a platform list that adds a meat
 * category makes the gateway require quarantineCertNo for it.
 */

const CLIENT = { appKey: 'store-key', appSecret: 'store-secret', regionScope: '62' };

/** The bundled lists, with a new meat category and a changed group in product-categories. */
function platformLists(): CodeLists {
  const bundled = loadBundledCodeLists();
  const lists = CODE_LIST_NAMES.map((name) => bundled.list(name));
  return new CodeLists(
    lists.map((list) =>
      list.name === 'product-categories'
        ? {
            ...list,
            version: '1.1',
            entries: [...list.entries, { code: 'MEAT_DONKEY', label: '驴肉', labelEn: 'Donkey meat', group: 'meat', meat: true }],
          }
        : list,
    ),
  );
}

let database: TestDatabase;
let mock: MockNational;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = createMockNational({ clients: [CLIENT], codeLists: platformLists(), rateLimitPerSecond: 0 });
  baseUrl = (await mock.listen(0)).url;
});

afterAll(async () => {
  await mock?.close();
  await database?.drop();
});

describe('CodeListStore with lists from the platform (§7.19)', () => {
  it('requires quarantineCertNo for a meat category the platform added', async () => {
    const store = new CodeListStore(database.db, { dir: 'config/codelists', regionScope: '62', log: silentLogger() });
    const entry = { ...validRecord('entries'), productCode: 'MEAT_DONKEY' } as Record<string, unknown>;
    delete entry.quarantineCertNo;
    // The bundled copy does not know the code.
    expect(
      store
        .validator()
        .validate('entries', entry)
        .map((e) => [e.code, e.path]),
    ).toEqual([['E4003', '/productCode']]);

    const client = createNationalClient({
      baseUrl,
      appKey: CLIENT.appKey,
      appSecret: CLIENT.appSecret,
      signMethod: 'HMAC-SHA256',
      timeoutMs: 10_000,
    });
    const result = await store.refreshFromPlatform((name) => client.getCodeList(name));
    expect(result.errors).toEqual([]);
    expect(result.changed).toContain('product-categories');
    expect(store.versions()['product-categories']).toBe('1.1');

    expect(
      store
        .validator()
        .validate('entries', entry)
        .map((e) => [e.code, e.path]),
    ).toEqual([['E4002', '/quarantineCertNo']]);
    expect(store.validator().validate('entries', { ...entry, quarantineCertNo: '62012310AB' })).toEqual([]);
  });

  it('stores every attribute, and another process builds the same validator from the database', async () => {
    const other = new CodeListStore(database.db, { dir: 'config/codelists', regionScope: '62', log: silentLogger() });
    expect(await other.syncFromDb()).toBe(true);
    const row = await database.db.query(`SELECT entries FROM codelists WHERE name = 'product-categories'`);
    const donkey = (row.rows[0].entries as Array<Record<string, unknown>>).find((e) => e.code === 'MEAT_DONKEY');
    expect(donkey).toEqual({ code: 'MEAT_DONKEY', label: '驴肉', labelEn: 'Donkey meat', group: 'meat', meat: true });
    const entry = { ...validRecord('entries'), productCode: 'MEAT_DONKEY', quarantineCertNo: undefined };
    expect(
      other
        .validator()
        .validate('entries', entry)
        .map((e) => [e.code, e.path]),
    ).toEqual([['E4002', '/quarantineCertNo']]);
  });

  it('refuses a product-categories list without meat and keeps the one in force', async () => {
    const stripped = createMockNational({
      clients: [CLIENT],
      codeLists: platformLists(),
      rateLimitPerSecond: 0,
      quirks: ['dropCodeListAttributes'],
    });
    try {
      const url = (await stripped.listen(0)).url;
      const store = new CodeListStore(database.db, { dir: 'config/codelists', regionScope: '62', log: silentLogger() });
      await store.syncFromDb();
      const client = createNationalClient({
        baseUrl: url,
        appKey: CLIENT.appKey,
        appSecret: CLIENT.appSecret,
        signMethod: 'HMAC-SHA256',
        timeoutMs: 10_000,
      });
      const result = await store.refreshFromPlatform((name) => client.getCodeList(name));
      expect(result.errors).toEqual([expect.stringMatching(/^product-categories: .*lacks meat/)]);
      const entry = { ...validRecord('entries'), productCode: 'MEAT_DONKEY', quarantineCertNo: undefined };
      expect(
        store
          .validator()
          .validate('entries', entry)
          .map((e) => [e.code, e.path]),
      ).toEqual([['E4002', '/quarantineCertNo']]);
    } finally {
      await stripped.close();
    }
  });
});
