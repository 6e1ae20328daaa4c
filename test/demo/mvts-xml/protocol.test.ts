import { afterEach, describe, expect, it } from 'vitest';
import { beijingCompact } from '../../../src/common/time';
import { codeOf, dump, login, loginXml, md5, NODE, post, queryXml, recordsOf, startSim, stopAll, T0, totalOf } from './helpers';

afterEach(stopAll);

const H1 = beijingCompact(T0 - 3600_000);
const NOW = beijingCompact(T0);

describe('mvts simulator: Login (§4.3, §7.6)', () => {
  it('answers a Login with a token valid 30 minutes, in GBK', async () => {
    const { url } = await startSim({ initialRecords: 1 });
    const a = await post(url, loginXml());
    expect(a.status).toBe(200);
    expect(a.contentType).toBe('text/xml; charset=GBK');
    expect(a.bytes.includes(Buffer.from([0xb5, 0xc7, 0xc2, 0xbc]))).toBe(true); // 登录 in GBK
    expect(codeOf(a)).toBe('0000');
    expect(a.text).toMatch(/<Token>[0-9A-F]{32}<\/Token>/);
    expect(a.text).toContain(`<ExpireTime>${beijingCompact(T0 + 30 * 60_000)}</ExpireTime>`);
  });

  it('a new Login invalidates the previous token; a token expires after its TTL', async () => {
    const { url, clock } = await startSim({ initialRecords: 1, tokenTtlMinutes: 10 });
    const first = await login(url);
    const second = await login(url);
    expect(second).not.toBe(first);
    expect(codeOf(await post(url, queryXml(first, 'TZ', H1, NOW)))).toBe('1001');
    expect(codeOf(await post(url, queryXml(second, 'TZ', H1, NOW)))).toBe('0000');
    clock.t += 10 * 60_000;
    expect(codeOf(await post(url, queryXml(second, 'TZ', H1, NOW)))).toBe('1001');
    expect(codeOf(await post(url, queryXml('', 'TZ', H1, NOW)))).toBe('1001');
  });

  it('the fifth consecutive failed Login answers 1002 and locks the account (1003) for 30 minutes', async () => {
    const { url, clock } = await startSim({ initialRecords: 1 });
    for (let i = 0; i < 4; i++) expect(codeOf(await post(url, loginXml('bad')))).toBe('1002');
    expect(codeOf(await post(url, loginXml()))).toBe('0000'); // a success resets the count
    for (let i = 0; i < 5; i++) expect(codeOf(await post(url, loginXml('bad')))).toBe('1002');
    expect(codeOf(await post(url, loginXml()))).toBe('1003');
    clock.t += 29 * 60_000;
    expect(codeOf(await post(url, loginXml()))).toBe('1003');
    clock.t += 60_000;
    expect(codeOf(await post(url, loginXml()))).toBe('0000');
  });

  it('refuses an unknown node code and a lower-case MD5 with 1002', async () => {
    const { url } = await startSim({ initialRecords: 1 });
    expect(codeOf(await post(url, loginXml(undefined, '620000900002')))).toBe('1002');
    expect(codeOf(await post(url, loginXml().replace(md5('Lz#Mvts2024'), md5('Lz#Mvts2024').toLowerCase())))).toBe('1002');
  });
});

describe('mvts simulator: QueryRecords (§4.4)', () => {
  it('pages a window by (UploadTime, source key), TotalCount for the whole window, nothing past the end', async () => {
    const { url } = await startSim({ initialRecords: 30 });
    const token = await login(url);
    const all = await dump(url, token, 'JC', H1, NOW, 200);
    const paged = await dump(url, token, 'JC', H1, NOW, 7);
    expect(paged.records).toEqual(all.records);
    const order = all.records.map((r) => `${r.UploadTime as string} ${r.NodeCode as string}-${r.EntryNo as string}`);
    expect(order).toEqual([...order].sort());
    expect(all.records.every((r) => (r.UploadTime as string) >= H1 && (r.UploadTime as string) < NOW)).toBe(true);
    const past = await post(url, queryXml(token, 'JC', H1, NOW, 99, 7));
    expect(codeOf(past)).toBe('0000');
    expect(totalOf(past)).toBe(all.records.length);
    expect(past.text).toContain('<Records/>');
  });

  it('selects [StartTime, EndTime): inclusive start, exclusive end', async () => {
    const { url } = await startSim({ initialRecords: 20 });
    const token = await login(url);
    const { records } = await dump(url, token, 'TZ', H1, NOW);
    const t = records[3]!.UploadTime as string;
    const before = await dump(url, token, 'TZ', H1, t);
    const after = await dump(url, token, 'TZ', t, NOW);
    expect(before.records.every((r) => (r.UploadTime as string) < t)).toBe(true);
    expect(after.records[0]!.UploadTime).toBe(t);
    expect(before.records.length + after.records.length).toBe(records.length);
  });

  it.each([
    ['XX', H1, NOW, 1, 200, 'RecordType'],
    ['TZ', NOW, H1, 1, 200, 'StartTime'],
    ['TZ', beijingCompact(T0 - 25 * 3600_000), NOW, 1, 200, '24'],
    ['TZ', '2024-06-12', NOW, 1, 200, '时间'],
    ['TZ', H1, NOW, 0, 200, 'PageNo'],
    ['TZ', H1, NOW, 1, 0, 'PageSize'],
    ['TZ', H1, NOW, 1, 201, 'PageSize超出范围'],
  ])('%s %s–%s page %s size %s → 2001 naming %s', async (type, start, end, page, size, name) => {
    const { url } = await startSim({ initialRecords: 1 });
    const a = await post(url, queryXml(await login(url), type, start, end, page, size));
    expect(codeOf(a)).toBe('2001');
    expect(a.text).toContain(name);
  });

  it('answers a request that is not XML with 2001', async () => {
    const { url } = await startSim({ initialRecords: 1 });
    expect(codeOf(await post(url, 'hello'))).toBe('2001');
  });

  it('answers 9999 above the per-account rate limit', async () => {
    const { url } = await startSim({ initialRecords: 1, rateLimitPerSecond: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(codeOf(await post(url, loginXml())));
    expect(codes).toEqual(['0000', '0000', '9999']);
  });

  it('writes the XML realities of §4.6: CDATA, padding, empty elements, both TraceCodes forms, one and many Records', async () => {
    const { url } = await startSim({ initialRecords: 60 });
    const token = await login(url);
    const texts = (await Promise.all(['TZ', 'JC', 'JY', 'PS'].map((t) => dump(url, token, t, H1, NOW, 200))))
      .flatMap((d) => d.texts)
      .join('\n');
    expect(texts).toMatch(/<(OwnerName|SellerName|BuyerName)><!\[CDATA\[/);
    expect(texts).toMatch(/<(Weight|CarcassWeight|Price|Amount|TempMin|TempMax|HeadCount)>\s+[\d.-]+\s*<\//);
    expect(texts).toMatch(/<(BuyerId|ArriveTime|SupplierNodeOrId|OriginCertNo|QuarantineNo)\/>/);
    expect(texts).toMatch(/<TraceCodes>\s*<TraceCode>/);
    expect(texts).toMatch(/<TraceCodes>\d{20}[,，;；]/);
    expect(texts).toMatch(/<Remark>|<Ext>/);
    const single = await post(url, queryXml(token, 'TZ', H1, NOW, 1, 1));
    expect((await recordsOf(single)).length).toBe(1);
  });
});
