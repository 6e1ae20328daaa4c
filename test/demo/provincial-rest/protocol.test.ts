import { afterEach, describe, expect, it } from 'vitest';
import { SimClient } from './client';

let client: SimClient;
afterEach(async () => {
  await client?.close();
});

describe('simulated platform protocol (§2.3–§2.6)', () => {
  it('issues tokens for the right credentials only (40102 otherwise), with expiresIn', async () => {
    client = await SimClient.start({ tokenTtlSeconds: 900 });
    const ok = await client.tokenRequest();
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(ok.json()).toMatchObject({ code: 0, msg: 'ok', data: { accessToken: expect.any(String), expiresIn: 900 } });
    const bad = await client.tokenRequest('sim-app', 'wrong');
    expect([bad.status, bad.json().code]).toEqual([401, 40102]);
    expect((await client.request('GET', '/api/auth/token')).status).toBe(405);
  });

  it('refuses a missing, unknown or expired token with 401 40101', async () => {
    client = await SimClient.start({ tokenTtlSeconds: 60 });
    const noToken = await client.request('GET', '/api/v2/batches?updatedAfter=1970-01-01%2000:00:00');
    expect([noToken.status, noToken.json().code]).toEqual([401, 40101]);
    expect((await client.list('batches')).status).toBe(200);
    client.clock.now += 61_000;
    expect((await client.list('batches')).json().code).toBe(40101);
    expect((await client.get('/api/v2/batches?updatedAfter=1970-01-01%2000:00:00', 'forged')).json().code).toBe(40101);
  });

  it('caps token requests per hour with 429 and Retry-After 60', async () => {
    client = await SimClient.start({ tokenRequestsPerHour: 2 });
    expect((await client.tokenRequest()).status).toBe(200);
    expect((await client.tokenRequest()).status).toBe(200);
    const third = await client.tokenRequest();
    expect([third.status, third.json().code, third.headers.get('retry-after')]).toEqual([429, 42901, '60']);
    client.clock.now += 3_600_001;
    expect((await client.tokenRequest()).status).toBe(200);
  });

  it('limits requests per second with 429 and Retry-After 1', async () => {
    client = await SimClient.start({ rateLimitPerSecond: 2 });
    await client.login();
    expect((await client.list('batches')).status).toBe(200);
    const limited = await client.list('batches');
    expect([limited.status, limited.json().code, limited.headers.get('retry-after')]).toEqual([429, 42901, '1']);
    client.clock.now += 1001;
    expect((await client.list('batches')).status).toBe(200);
  });

  it('pages in (gxsj, id) order from updatedAfter inclusive; total repeats; the last page has no cursor', async () => {
    client = await SimClient.start({ initialRecords: 23 });
    const all = client.sim.records('batches');
    const from = String(all[5]!.gxsj);
    const first = (await client.list('batches', from, 10)).json().data;
    const expectedCount = all.filter((r) => String(r.gxsj) >= from).length;
    expect(first.total).toBe(expectedCount);
    expect(first.records[0]).toEqual(all.find((r) => String(r.gxsj) >= from));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await client.list('batches', from, 10, first.nextCursor)).json().data;
    expect(second.total).toBe(expectedCount);
    expect(second.records[0]).toEqual(all[all.findIndex((r) => r.pcid === first.records.at(-1).pcid) + 1]);
    const pulled = await client.pullAll('batches', 10, from);
    expect(pulled).toEqual(all.filter((r) => String(r.gxsj) >= from));
    const empty = (await client.list('batches', '2099-01-01 00:00:00')).json();
    expect(empty).toEqual({ code: 0, msg: 'ok', data: { records: [], nextCursor: null, total: 0 } });
  });

  it.each([
    ['no updatedAfter', '/api/v2/batches?pageSize=10'],
    ['a malformed updatedAfter', '/api/v2/batches?updatedAfter=2024-06-12T08:00:00'],
    ['an impossible date', '/api/v2/batches?updatedAfter=2024-02-30%2000:00:00'],
    ['pageSize 0', '/api/v2/batches?updatedAfter=2024-06-12%2000:00:00&pageSize=0'],
    ['pageSize 501', '/api/v2/batches?updatedAfter=2024-06-12%2000:00:00&pageSize=501'],
  ])('answers 400 40001 for %s', async (_name, path) => {
    client = await SimClient.start();
    const res = await client.get(path);
    expect([res.status, res.json().code]).toEqual([400, 40001]);
  });

  it('ties a cursor to its query (40001) and expires it after 10 minutes (40002, whatever else is wrong)', async () => {
    client = await SimClient.start();
    const cursor = (await client.list('batches', '1970-01-01 00:00:00', 5)).json().data.nextCursor as string;
    expect((await client.list('batches', '1970-01-01 00:00:00', 6, cursor)).json().code).toBe(40001);
    expect((await client.list('inspections', '1970-01-01 00:00:00', 5, cursor)).json().code).toBe(40001);
    expect((await client.list('batches', '1970-01-01 00:00:00', 5, 'bm90IGEgY3Vyc29y')).json().code).toBe(40002);
    client.clock.now += 9 * 60_000;
    expect((await client.list('batches', '1970-01-01 00:00:00', 5, cursor)).json().code).toBe(0);
    client.clock.now += 2 * 60_000;
    const expired = await client.get(`/api/v2/batches?updatedAfter=bad&pageSize=0&cursor=${encodeURIComponent(cursor)}`);
    expect([expired.status, expired.json().code]).toEqual([400, 40002]);
  });

  it('serves an updated record again at its new position within the same pull', async () => {
    client = await SimClient.start({ initialRecords: 12, newRecordsPerMinute: 60 });
    const first = (await client.list('batches', '1970-01-01 00:00:00', 5)).json().data;
    client.clock.now += 5 * 60_000;
    const rest = await (async () => {
      const out = [];
      let cursor = first.nextCursor;
      while (cursor) {
        const data = (await client.list('batches', '1970-01-01 00:00:00', 5, cursor)).json().data;
        out.push(...data.records);
        cursor = data.nextCursor;
      }
      return out;
    })();
    const keys = [...first.records, ...rest].map((r: { pcid: string }) => r.pcid);
    const current = client.sim.records('batches').map((r) => r.pcid);
    expect(new Set(keys)).toEqual(new Set(current));
    expect(rest.every((r: { gxsj: string }) => r.gxsj >= first.records.at(-1).gxsj)).toBe(true);
  });

  it('looks enterprises up, soft-deleted ones too, and answers 404 40401 for an unknown qyid', async () => {
    client = await SimClient.start({ initialRecords: 60 });
    const deleted = client.sim.catalog().find((e) => e.stream === 'enterprises' && e.expected === 'deleted');
    const some = client.sim.records('enterprises')[0]!;
    const found = await client.get(`/api/v2/enterprises/${String(some.qyid)}`);
    expect(found.json()).toEqual({ code: 0, msg: 'ok', data: some });
    if (deleted) expect((await client.get(`/api/v2/enterprises/${deleted.sourceKey}`)).json().data.sfsc).toBe('1');
    const missing = await client.get('/api/v2/enterprises/1800999999999999999');
    expect([missing.status, missing.json()]).toEqual([404, { code: 40401, msg: '企业不存在', data: null }]);
    expect((await client.get('/api/v2/nothing')).status).toBe(404);
  });

  it('serves its catalog and faults on the admin endpoints, refusing bad fault settings', async () => {
    client = await SimClient.start();
    expect((await client.request('GET', '/admin/catalog')).json()).toEqual(client.sim.catalog());
    for (const bad of [
      { meteor: {} },
      { cursorExpired: { targets: ['auth'] } },
      { timeout: { probability: 2 } },
      { serverError: { status: 418 } },
      { tokenExpiry: { pages: [0] } },
    ]) {
      const res = await client.request('PUT', '/admin/faults', { body: JSON.stringify(bad) });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const ok = await client.request('PUT', '/admin/faults', {
      body: JSON.stringify({ seed: 9, rateLimit: { requests: [3], retryAfterSeconds: 7 } }),
    });
    expect(ok.json()).toEqual({ seed: 9, rateLimit: { requests: [3], retryAfterSeconds: 7 } });
    expect((await client.request('GET', '/admin/faults')).json()).toEqual(client.sim.faults());
  });
});
