import { afterEach, describe, expect, it } from 'vitest';
import { beijingCompact } from '../../../src/common/time';
import { checkFaults, type FaultTarget, type MvtsFaultKind, type MvtsFaults } from '../../../src/demo/mvts-xml/faults';
import { codeOf, dump, login, loginXml, post, queryXml, recordsOf, startSim, stopAll, T0, totalOf } from './helpers';

afterEach(stopAll);

const H1 = beijingCompact(T0 - 3600_000);
const NOW = beijingCompact(T0);
const once = (target: FaultTarget, request: number, kind: MvtsFaultKind): MvtsFaults => ({ at: [{ target, request, kind }] });

describe('mvts simulator: faults (§5.12, §7.11)', () => {
  it('sets faults through PUT /admin/faults and refuses bad settings', async () => {
    const { url, sim } = await startSim({ initialRecords: 5 });
    const put = (body: unknown) => fetch(`${url}/admin/faults`, { method: 'PUT', body: JSON.stringify(body) });
    expect((await put({ at: [{ target: 'TZ', request: 1, kind: 'rateLimit' }] })).status).toBe(200);
    expect(await (await fetch(`${url}/admin/faults`)).json()).toEqual({ at: [{ target: 'TZ', request: 1, kind: 'rateLimit' }] });
    const token = await login(url);
    expect(codeOf(await post(url, queryXml(token, 'TZ', H1, NOW)))).toBe('9999');
    expect(codeOf(await post(url, queryXml(token, 'TZ', H1, NOW)))).toBe('0000');
    expect(sim.injectedFaults()).toEqual([{ target: 'TZ', request: 1, kind: 'rateLimit' }]);
    expect((await put({ kinds: ['nonsense'] })).status).toBe(400);
    expect((await put({ probability: 2 })).status).toBe(400);
    expect((await put({ bogus: 1 })).status).toBe(400);
    expect(() => checkFaults({ at: [{ target: 'XX', request: 1, kind: 'timeout' }] })).toThrow();
    const catalog = await (await fetch(`${url}/admin/catalog`)).json();
    expect(catalog).toEqual(sim.catalog());
  });

  it('serverError: 502/503/504 HTML pages and code 9999; Retry-After on 503 when configured', async () => {
    const { url, sim } = await startSim({ initialRecords: 5 });
    const token = await login(url);
    for (const variant of [502, 503, 504] as const) {
      sim.setFaults({ ...once('JC', 1, 'serverError'), serverError: variant, retryAfterSeconds: 3 });
      const res = await fetch(`${url}/mvts/service`, { method: 'POST', body: queryXml(token, 'JC', H1, NOW) });
      expect(res.status).toBe(variant);
      expect(res.headers.get('content-type')).toBe('text/html');
      expect(await res.text()).toContain(`<h1>${variant}`);
      expect(res.headers.get('retry-after')).toBe(variant === 503 ? '3' : null);
    }
    sim.setFaults({ ...once('JC', 1, 'serverError'), serverError: 9999 });
    expect(codeOf(await post(url, queryXml(token, 'JC', H1, NOW)))).toBe('9999');
  });

  it('tokenExpiry: 1001 on the chosen page, and the token is revoked', async () => {
    const { url } = await startSim({ initialRecords: 20, faults: once('PS', 2, 'tokenExpiry') });
    const token = await login(url);
    expect(codeOf(await post(url, queryXml(token, 'PS', H1, NOW, 1, 5)))).toBe('0000');
    expect(codeOf(await post(url, queryXml(token, 'PS', H1, NOW, 2, 5)))).toBe('1001');
    expect(codeOf(await post(url, queryXml(token, 'PS', H1, NOW, 2, 5)))).toBe('1001');
    expect(codeOf(await post(url, queryXml(await login(url), 'PS', H1, NOW, 2, 5)))).toBe('0000');
  });

  it('truncatedBody: the body is cut before its end, at a tag', async () => {
    const { url } = await startSim({ initialRecords: 20, faults: once('TZ', 1, 'truncatedBody') });
    const a = await post(url, queryXml(await login(url), 'TZ', H1, NOW));
    expect(a.status).toBe(200);
    expect(a.text).not.toContain('</Response>');
    expect(a.text.length).toBeGreaterThan(0);
    await expect(recordsOf(a)).rejects.toMatchObject({ code: 'MALFORMED_BODY' });
  });

  it('wrongEncoding: UTF-8 bytes under a GBK declaration', async () => {
    const { url } = await startSim({ initialRecords: 5, faults: once('Login', 1, 'wrongEncoding') });
    const a = await post(url, loginXml());
    expect(a.contentType).toBe('text/xml; charset=GBK');
    expect(a.bytes.toString('utf8')).toContain('登录成功');
    expect(a.bytes.toString('utf8')).toContain('encoding="GBK"');
  });

  it('unexpectedResponse: HTTP 200 without the documented envelope', async () => {
    const { url } = await startSim({
      initialRecords: 5,
      faults: { at: [1, 2, 3, 4, 5, 6].map((request) => ({ target: 'TZ' as const, request, kind: 'unexpectedResponse' as const })) },
    });
    const token = await login(url);
    for (let i = 0; i < 6; i++) {
      const a = await post(url, queryXml(token, 'TZ', H1, NOW));
      expect(a.status).toBe(200);
      expect(a.text).not.toContain('<Head>');
    }
  });

  it('duplicateRows: the last record of page n is repeated first on page n+1', async () => {
    const { url } = await startSim({ initialRecords: 20, faults: once('JY', 2, 'duplicateRows') });
    const token = await login(url);
    const p1 = await recordsOf(await post(url, queryXml(token, 'JY', H1, NOW, 1, 4)));
    const p2 = await recordsOf(await post(url, queryXml(token, 'JY', H1, NOW, 2, 4)));
    expect(p2).toHaveLength(5);
    expect(p2[0]).toEqual(p1[3]);
  });

  it('pageShift: a record already served is re-uploaded, TotalCount drops and later pages shift', async () => {
    const { url } = await startSim({ initialRecords: 20, faults: once('TZ', 2, 'pageShift') });
    const token = await login(url);
    const a1 = await post(url, queryXml(token, 'TZ', H1, NOW, 1, 4));
    const a2 = await post(url, queryXml(token, 'TZ', H1, NOW, 2, 4));
    expect(totalOf(a2)).toBe(totalOf(a1) - 1);
    const now = await dump(url, token, 'TZ', H1, NOW, 200);
    const p1 = await recordsOf(a1);
    const p2 = await recordsOf(a2);
    expect(p2).toEqual(now.records.slice(4, 8));
    // A consumer that ignored the new TotalCount would never see the record that slid onto page 1.
    const skipped = now.records[3]!;
    expect([...p1, ...p2]).not.toContainEqual(skipped);
  });

  it('lateRecords: a record appears with an UploadTime inside an already-read window', async () => {
    const { url, sim } = await startSim({ initialRecords: 10, faults: once('JC', 2, 'lateRecords') });
    const token = await login(url);
    const first = await dump(url, token, 'JC', H1, NOW);
    expect(first.records).toHaveLength(10);
    const again = await dump(url, token, 'JC', H1, NOW);
    expect(again.records).toHaveLength(11);
    const late = again.records.find((r) => !first.records.some((f) => f.EntryNo === r.EntryNo))!;
    expect((late.UploadTime as string) < beijingCompact(T0 - 2 * 60_000)).toBe(true);
    expect(sim.catalog().filter((c) => c.stream === 'JC')).toHaveLength(11);
  });

  it('dirtyRecords: a dirty record is uploaded now', async () => {
    const { url, sim } = await startSim({ initialRecords: 5, dirtyShare: 0, faults: once('TZ', 1, 'dirtyRecords') });
    await post(url, queryXml(await login(url), 'TZ', H1, NOW));
    const dirty = sim.catalog().filter((c) => c.expected !== 'valid');
    expect(dirty).toHaveLength(1);
    expect(dirty[0]!.stream).toBe('TZ');
  });

  it('timeout: the request is held and never answered', async () => {
    const { url } = await startSim({ initialRecords: 5, faults: { ...once('Login', 1, 'timeout'), timeoutMs: 60_000 } });
    const err = await post(url, loginXml(), AbortSignal.timeout(200)).catch((e: unknown) => e);
    expect((err as Error).name).toMatch(/TimeoutError|AbortError/);
    expect(codeOf(await post(url, loginXml()))).toBe('0000');
  });

  it('draws faults by probability reproducibly from the seed, only on the targeted calls', async () => {
    const run = async () => {
      const { url, sim } = await startSim({
        initialRecords: 5,
        faults: { seed: 42, probability: 0.5, kinds: ['rateLimit', 'serverError'], serverError: 9999 },
      });
      await login(url);
      const token = await login(url);
      for (let i = 0; i < 12; i++) await post(url, queryXml(token, 'JC', H1, NOW));
      return sim.injectedFaults();
    };
    const a = await run();
    expect(a.length).toBeGreaterThan(2);
    expect(a.length).toBeLessThan(12);
    expect(a.every((f) => f.target === 'JC')).toBe(true);
    expect(await run()).toEqual(a);
  });
});
