import iconv from 'iconv-lite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProvincialFaults } from '../../../src/demo/provincial-rest';
import { SimClient } from './client';

let client: SimClient;
afterEach(async () => {
  await client?.close();
});

const start = (faults: ProvincialFaults, extra = {}) => SimClient.start({ faults, ...extra });

describe('simulated faults (§5.12, §7.11)', () => {
  it.each([
    [500, 50001, 'application/json;charset=UTF-8'],
    [503, 50301, 'application/json;charset=UTF-8'],
    [502, undefined, 'text/html'],
    [504, undefined, 'text/html'],
  ])('serverError %i', async (status, code, type) => {
    client = await start({ serverError: { requests: [1], status: status as 500, retryAfterSeconds: 4 } });
    const res = await client.list('batches');
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe(type);
    if (code) expect(res.json().code).toBe(code);
    else expect(res.body.toString()).toContain('<html>');
    expect(res.headers.get('retry-after')).toBe(status === 503 ? '4' : null);
    expect((await client.list('batches')).status).toBe(200);
  });

  it('rateLimit: 429 42901 with Retry-After; the token endpoint says 60', async () => {
    client = await start({ rateLimit: { requests: [1], targets: ['batches', 'auth'], retryAfterSeconds: 3 } });
    const auth = await client.tokenRequest();
    expect([auth.status, auth.headers.get('retry-after')]).toEqual([429, '60']);
    const list = await client.list('batches');
    expect([list.status, list.json().code, list.headers.get('retry-after')]).toEqual([429, 42901, '3']);
  });

  it('tokenExpiry on page 2 revokes the token (never the first use of a fresh one)', async () => {
    client = await start({ tokenExpiry: { pages: [2] } });
    const first = (await client.list('batches', '1970-01-01 00:00:00', 5)).json().data;
    const hit = await client.list('batches', '1970-01-01 00:00:00', 5, first.nextCursor);
    expect([hit.status, hit.json().code]).toEqual([401, 40101]);
    expect((await client.list('batches')).json().code).toBe(40101);
    await client.login();
    expect((await client.list('batches', '1970-01-01 00:00:00', 5, first.nextCursor)).status).toBe(200);
    const fresh = await start({ tokenExpiry: { probability: 1 } });
    await fresh.login();
    expect((await fresh.list('batches')).status).toBe(200);
    expect((await fresh.list('batches')).status).toBe(401);
    await fresh.close();
  });

  it('cursorExpired hits only requests with a cursor, once per page request with pages', async () => {
    client = await start({ cursorExpired: { pages: [2, 3], probability: 0 } });
    const first = (await client.list('batches', '1970-01-01 00:00:00', 5)).json().data;
    const hit = await client.list('batches', '1970-01-01 00:00:00', 5, first.nextCursor);
    expect([hit.status, hit.json().code]).toEqual([400, 40002]);
    const repeat = await client.list('batches', '1970-01-01 00:00:00', 5, first.nextCursor);
    expect(repeat.status).toBe(200);
    const third = await client.list('batches', '1970-01-01 00:00:00', 5, repeat.json().data.nextCursor);
    expect(third.json().code).toBe(40002);
  });

  it('truncatedBody: valid UTF-8 cut inside the JSON, with a matching Content-Length', async () => {
    client = await start({ truncatedBody: { requests: [1, 2, 3, 4, 5] } });
    for (let i = 0; i < 5; i++) {
      const res = await client.list('enterprises');
      expect(res.status).toBe(200);
      expect(Number(res.headers.get('content-length'))).toBe(res.body.length);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(res.body)).not.toThrow();
      expect(() => JSON.parse(res.body.toString('utf8'))).toThrow();
    }
  });

  it('wrongEncoding: the same JSON in GBK bytes, still labelled UTF-8', async () => {
    client = await start({ wrongEncoding: { requests: [2] } });
    const normal = await client.list('enterprises');
    const gbk = await client.list('enterprises');
    expect(gbk.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(gbk.body.equals(normal.body)).toBe(false);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk.body)).toThrow();
    expect(JSON.parse(iconv.decode(gbk.body, 'gbk'))).toEqual(normal.json());
  });

  it('wrongEncoding is not injected where it cannot be detected (an ASCII-only body)', async () => {
    client = await start({ wrongEncoding: { probability: 1 } });
    const empty = await client.list('batches', '2099-01-01 00:00:00');
    expect(empty.json().data.records).toEqual([]);
    expect(client.sim.requests().some((r) => r.fault)).toBe(false);
  });

  it('a page is encoded in GBK only when wrongEncoding is set', async () => {
    const encode = vi.spyOn(iconv, 'encode');
    try {
      client = await start({});
      expect((await client.list('enterprises')).json().data.records.length).toBeGreaterThan(0);
      expect(encode).not.toHaveBeenCalled();
      await client.close();
      client = await start({ wrongEncoding: { requests: [99] } });
      await client.list('enterprises');
      expect(encode).toHaveBeenCalledTimes(1);
    } finally {
      encode.mockRestore();
    }
  });

  it('duplicateRows: the last record of page n is served again first on page n+1', async () => {
    client = await start({ duplicateRows: { pages: [2] } });
    const first = (await client.list('batches', '1970-01-01 00:00:00', 5)).json().data;
    const second = (await client.list('batches', '1970-01-01 00:00:00', 5, first.nextCursor)).json().data;
    expect(second.records).toHaveLength(6);
    expect(second.records[0]).toEqual(first.records.at(-1));
  });

  it('lateRecords: a new record appears with a gxsj before the newest already served', async () => {
    client = await start({ lateRecords: { requests: [2], lateBySeconds: 300 } });
    const before = await client.pullAll('certificates');
    const newestServed = before
      .map((r) => String(r.gxsj))
      .sort()
      .at(-1)!;
    await client.list('certificates', '2099-01-01 00:00:00');
    const now = client.sim.records('certificates');
    expect(now).toHaveLength(before.length + 1);
    const late = now.find((r) => !before.some((b) => b.hgzid === r.hgzid))!;
    expect(String(late.gxsj) < newestServed).toBe(true);
    expect(client.sim.catalog().some((e) => e.sourceKey === late.hgzid)).toBe(true);
  });

  it.each([
    ['html', (r: { headers: Headers; body: Buffer }) => expect(r.body.toString()).toContain('<html>')],
    ['noEnvelope', (r: { body: Buffer }) => expect(JSON.parse(r.body.toString())).not.toHaveProperty('code')],
    ['nonZeroCode', (r: { body: Buffer }) => expect(JSON.parse(r.body.toString()).code).not.toBe(0)],
  ] as const)('unexpectedResponse %s: HTTP 200 without a usable envelope', async (variant, check) => {
    client = await start({ unexpectedResponse: { requests: [1], variant } });
    const res = await client.list('batches');
    expect(res.status).toBe(200);
    check(res as never);
  });

  it('timeout: the request is held unanswered until the client gives up; close() ends it', async () => {
    client = await start({ timeout: { requests: [1] } });
    await client.login();
    await expect(
      fetch(`${client.url}/api/v2/batches?updatedAfter=1970-01-01%2000:00:00`, {
        headers: { Authorization: 'Bearer x' },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(client.sim.requests().find((r) => r.fault === 'timeout')).toMatchObject({ target: 'batches', status: 0 });
    client.sim.setFaults({ timeout: { probability: 1 } });
    const pending = fetch(`${client.url}/api/v2/batches?updatedAfter=1970-01-01%2000:00:00`, { headers: { Authorization: 'Bearer x' } });
    const held = () => client.sim.requests().filter((r) => r.fault === 'timeout').length === 2;
    while (!held()) await new Promise((r) => setTimeout(r, 5));
    await client.close();
    await expect(pending).rejects.toThrow();
  });

  it('faults reach auth and lookup only when targeted', async () => {
    client = await start({ serverError: { probability: 1, status: 500 } });
    expect((await client.tokenRequest()).status).toBe(200);
    const qyid = String(client.sim.records('enterprises')[0]!.qyid);
    await client.login();
    expect((await client.get(`/api/v2/enterprises/${qyid}`)).status).toBe(200);
    client.sim.setFaults({ serverError: { probability: 1, status: 500, targets: ['auth', 'lookup'] } });
    expect((await client.tokenRequest()).status).toBe(500);
    expect((await client.get(`/api/v2/enterprises/${qyid}`)).status).toBe(500);
    expect((await client.list('batches')).status).toBe(200);
  });

  it('probabilities are reproducible from the fault seed; times caps a rule', async () => {
    const pattern = async (seed: number) => {
      const c = await start({ seed, serverError: { probability: 0.5, status: 500 } });
      const statuses = [];
      for (let i = 0; i < 16; i++) statuses.push((await c.list('batches')).status);
      await c.close();
      return statuses;
    };
    const a = await pattern(1);
    expect(await pattern(1)).toEqual(a);
    expect(a).toContain(500);
    expect(a).toContain(200);
    client = await start({ serverError: { probability: 1, status: 500, times: 2 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.list('batches')).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  it('dirtyRecords raises the share of dirty records generated from then on', async () => {
    client = await start({ dirtyRecords: { share: 1 } }, { initialRecords: 5, dirtyShare: 0, newRecordsPerMinute: 60 });
    const before = new Set(client.sim.catalog().map((e) => e.sourceKey));
    client.clock.now += 10 * 60_000;
    const fresh = client.sim.catalog().filter((e) => !before.has(e.sourceKey));
    expect(fresh.length).toBeGreaterThan(20);
    expect(fresh.filter((e) => typeof e.expected === 'object').length / fresh.length).toBeGreaterThan(0.8);
  });
});
