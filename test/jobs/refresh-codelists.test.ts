import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { captureLogger } from '../helpers/log-capture';
import type { QuarantineFilter } from '../../src/db/queries/quarantine-list';
import { createRefreshCodeListsHandler } from '../../src/jobs/refresh-codelists';
import { createMockNational, type MockNational } from '../../src/demo/national';
import { silentLogger } from '../../src/log';
import { createNationalClient } from '../../src/national/client';
import { CodeListStore } from '../../src/national/codelist-store';

const CLIENT = { appKey: 'refresh-key', appSecret: 'refresh-secret', regionScope: '62' };

describe('the refresh-codelists job', () => {
  let t: TestDatabase;
  let mock: MockNational;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    mock = createMockNational({ clients: [CLIENT], rateLimitPerSecond: 0 });
    baseUrl = (await mock.listen(0)).url;
  });

  afterAll(async () => {
    await mock?.close();
    await t?.drop();
  });

  it('replays the records quarantined for unknown codes (E4003) when a list changed, and only then', async () => {
    const codeLists = new CodeListStore(t.db, { dir: path.resolve('config/codelists'), regionScope: '62', log: silentLogger() });
    const client = createNationalClient({
      baseUrl,
      appKey: CLIENT.appKey,
      appSecret: CLIENT.appSecret,
      signMethod: 'HMAC-SHA256',
      timeoutMs: 10_000,
    });
    const replays: QuarantineFilter[] = [];
    const refresh = createRefreshCodeListsHandler({
      codeLists,
      client,
      log: silentLogger(),
      replayQuarantined: async (filter) => replays.push(filter),
    });

    // Nothing is stored yet: every list fetched is new.
    await refresh();
    expect(replays).toEqual([{ reason: 'E4003' }]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM codelists')).rows[0].n).toBeGreaterThan(0);

    // The same versions again change nothing and replay nothing.
    await refresh();
    expect(replays).toHaveLength(1);
  });

  it('reports the lists it could not fetch and replays nothing', async () => {
    const codeLists = new CodeListStore(t.db, { dir: path.resolve('config/codelists'), regionScope: '62', log: silentLogger() });
    const { log, entries } = captureLogger();
    const replays: QuarantineFilter[] = [];
    const refresh = createRefreshCodeListsHandler({
      codeLists,
      log,
      replayQuarantined: async (filter) => replays.push(filter),
      client: { getCodeList: async () => ({ kind: 'network', error: 'connect ECONNREFUSED', timedOut: false }) },
    });

    await refresh();

    expect(replays).toEqual([]);
    const warning = entries.find((e) => e.event === 'codelists:errors');
    expect(warning).toMatchObject({ level: 'warn' });
    expect((warning!.errors as string[]).every((e) => e.endsWith(': connect ECONNREFUSED'))).toBe(true);
  });
});
