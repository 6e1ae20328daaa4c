import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/adapters/errors';
import { mvtsXml } from '../../../src/adapters/mvts-xml';
import { beijingCompact } from '../../../src/common/time';
import { keysOf, readAll } from '../../contracts/source-adapter';
import { catalogKeys, closeAll, startMvts, matchesCatalog, T0 } from './setup';

afterEach(closeAll);

const STREAMS = ['TZ', 'JC', 'JY', 'PS'] as const;

describe('mvts-xml against its simulator', () => {
  it('declares the four streams, ordered by their window cursor', () => {
    expect(mvtsXml.kind).toBe('mvts-xml');
    expect(mvtsXml.credentialFields).toEqual(['nodeCode', 'password']);
    expect(mvtsXml.streams).toEqual({
      TZ: { orderedByCursor: true, interface: 'slaughter' },
      JC: { orderedByCursor: true, interface: 'entries' },
      JY: { orderedByCursor: true, interface: 'trades' },
      PS: { orderedByCursor: true, interface: 'transports' },
    });
  });

  it('reads every record of every stream, each mapping to its catalogued outcome', async () => {
    const h = await startMvts({ initialRecords: 30 }, { pageSize: 7 });
    const catalog = h.sim.catalog();
    expect(catalog.some((c) => c.expected !== 'valid')).toBe(true);
    for (const stream of STREAMS) {
      const pages = await readAll(h.adapter, { stream, from: null });
      const keys = keysOf(pages);
      expect([...new Set(keys)].sort()).toEqual(catalogKeys(catalog, stream));
      for (const page of pages) {
        expect(page.records.length).toBeLessThanOrEqual(7);
        for (const r of page.records) {
          const entry = catalog.find((c) => c.stream === stream && c.sourceKey === r.sourceKey)!;
          expect(matchesCatalog(entry, stream, r.payload), `${stream} ${r.sourceKey} ${JSON.stringify(entry.expected)}`).toBe(true);
          expect(r.orderingKey).toMatch(/^\d{14}$/);
          expect(r.rawText).toMatch(/^<Record>[\s\S]*<\/Record>$/);
          expect(r.rawText).toContain(`<UploadTime>${r.orderingKey}</UploadTime>`);
        }
      }
      // The last page closes the last window, which ends settleMinutes before now.
      expect(pages.at(-1)!.cursor).toEqual({ windowEnd: beijingCompact(T0 - 2 * 60_000) });
    }
    expect(h.sim.logins()).toBe(1);
  });

  it('advances the cursor only when a window completes', async () => {
    const h = await startMvts({ initialRecords: 25 }, { pageSize: 4, initialLookbackMinutes: 180 });
    const pages = await readAll(h.adapter, { stream: 'TZ', from: null });
    const start = beijingCompact(T0 - 180 * 60_000);
    let current = { windowEnd: start } as Record<string, string | number>;
    const bodies = h.calls.filter((c) => c.body.includes('QueryRecords'));
    expect(bodies).toHaveLength(pages.length);
    pages.forEach((page, i) => {
      const req = bodies[i]!.body;
      const end = /<EndTime>(\d+)<\/EndTime>/.exec(req)![1]!;
      const pageNo = Number(/<PageNo>(\d+)<\/PageNo>/.exec(req)![1]);
      const total = page.total!;
      const last = page.records.length === 0 || pageNo * 4 >= total;
      if (last) current = { windowEnd: end };
      expect(page.cursor, `page ${i} (window end ${end}, page ${pageNo})`).toEqual(current);
      for (const r of page.records) expect(r.orderingKey < end).toBe(true);
    });
    // Windows are an hour long at most, consecutive, and end 2 minutes before now.
    const windows = [
      ...new Set(bodies.map((b) => /<StartTime>(\d+)<\/StartTime><EndTime>(\d+)<\/EndTime>/.exec(b.body)!.slice(1).join('-'))),
    ];
    expect(windows).toEqual([
      `${start}-${beijingCompact(T0 - 120 * 60_000)}`,
      `${beijingCompact(T0 - 120 * 60_000)}-${beijingCompact(T0 - 60 * 60_000)}`,
      `${beijingCompact(T0 - 60 * 60_000)}-${beijingCompact(T0 - 2 * 60_000)}`,
    ]);
  });

  it('starts the next pull lookbackSeconds before the stored cursor', async () => {
    const h = await startMvts({ initialRecords: 10 }, {}, { streams: { JC: { lookbackSeconds: 600 } } });
    await readAll(h.adapter, { stream: 'JC', from: null });
    h.calls.length = 0;
    h.clock.t += 5 * 60_000;
    const pages = await readAll(h.adapter, { stream: 'JC', from: { windowEnd: beijingCompact(T0 - 2 * 60_000) } });
    expect(h.calls.map((c) => /<StartTime>(\d+)<\/StartTime><EndTime>(\d+)<\/EndTime>/.exec(c.body)!.slice(1))).toEqual([
      [beijingCompact(T0 - 12 * 60_000), beijingCompact(T0 + 3 * 60_000)],
    ]);
    expect(pages.at(-1)!.cursor).toEqual({ windowEnd: beijingCompact(T0 + 3 * 60_000) });
  });

  it('uses the default 30-minute lookback and starts a first pull at startFrom when declared', async () => {
    const h = await startMvts({ initialRecords: 5 }, {}, { streams: { PS: { startFrom: '2024-06-12T09:30:00+08:00' } } });
    await readAll(h.adapter, { stream: 'PS', from: null });
    expect(h.calls[1]!.body).toContain('<StartTime>20240612093000</StartTime>');
    h.calls.length = 0;
    await readAll(h.adapter, { stream: 'TZ', from: { windowEnd: '20240612095000' } });
    expect(h.calls[0]!.body).toContain('<StartTime>20240612092000</StartTime><EndTime>20240612095800</EndTime>');
  });

  it('reads a backfill window exactly, without touching the live position', async () => {
    const h = await startMvts({ initialRecords: 40 });
    const from = '2024-06-12T09:20:00+08:00';
    const until = '2024-06-12T09:40:00+08:00';
    const pages = await readAll(h.adapter, { stream: 'TZ', from: { windowEnd: '20240612095800' }, window: { from, until } });
    const inRange = h.sim.catalog().filter((c) => c.stream === 'TZ');
    const keys = keysOf(pages);
    for (const p of pages)
      for (const r of p.records) expect(r.orderingKey >= '20240612092000' && r.orderingKey < '20240612094000').toBe(true);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.length).toBeLessThan(inRange.length);
    expect(
      h.calls
        .filter((c) => c.body.includes('QueryRecords'))
        .every((c) => c.body.includes('<StartTime>20240612092000</StartTime><EndTime>20240612094000</EndTime>')),
    ).toBe(true);
  });

  it('finds new records and re-uploads of a running source at the next pull', async () => {
    const h = await startMvts({ initialRecords: 10, newRecordsPerMinute: 20 });
    const first = await readAll(h.adapter, { stream: 'TZ', from: null });
    const before = new Map(first.flatMap((p) => p.records).map((r) => [r.sourceKey, r.orderingKey]));
    h.clock.t += 20 * 60_000;
    const second = await readAll(h.adapter, { stream: 'TZ', from: first.at(-1)!.cursor });
    const records = second.flatMap((p) => p.records);
    const fresh = records.filter((r) => !before.has(r.sourceKey));
    const reuploads = records.filter((r) => before.has(r.sourceKey) && r.orderingKey > before.get(r.sourceKey)!);
    expect(fresh.length).toBeGreaterThan(0);
    expect(reuploads.length).toBeGreaterThan(0);
    const catalog = h.sim.catalog();
    for (const r of records) {
      const entry = catalog.find((c) => c.stream === 'TZ' && c.sourceKey === r.sourceKey)!;
      if (
        entry &&
        r.orderingKey ===
          records
            .filter((x) => x.sourceKey === r.sourceKey)
            .map((x) => x.orderingKey)
            .sort()
            .at(-1)
      ) {
        expect(matchesCatalog(entry, 'TZ', r.payload)).toBe(true);
      }
    }
  });

  it('shares one token between the record types and logs in once for parallel reads', async () => {
    const h = await startMvts({ initialRecords: 10 });
    await Promise.all(STREAMS.map((stream) => readAll(h.adapter, { stream, from: null })));
    expect(h.sim.logins()).toBe(1);
    expect(h.calls.filter((c) => c.body.includes('<Method>Login</Method>'))).toHaveLength(1);
    expect(h.calls.some((c) => c.response.includes('<Code>1001</Code>'))).toBe(false);
  });

  it('logs in again when less than 2 minutes of the token remain, before the source refuses it', async () => {
    const h = await startMvts({ initialRecords: 5 });
    await readAll(h.adapter, { stream: 'TZ', from: null });
    h.clock.t += 27 * 60_000; // 3 minutes left: still used
    await readAll(h.adapter, { stream: 'JC', from: null });
    expect(h.sim.logins()).toBe(1);
    h.clock.t += 90_000; // 90 s left: renewed first
    await readAll(h.adapter, { stream: 'JY', from: null });
    expect(h.sim.logins()).toBe(2);
    expect(h.calls.some((c) => c.response.includes('<Code>1001</Code>'))).toBe(false);
  });

  it('sends the Login of §4.3: GBK XML, upper-case MD5 of the password, empty Token', async () => {
    const h = await startMvts({ initialRecords: 1 });
    expect(await h.adapter.check(new AbortController().signal)).toEqual({ ok: true });
    const login = h.calls[0]!.body;
    expect(login).toContain('<NodeCode>620000900001</NodeCode>');
    expect(login).toContain('<Method>Login</Method>');
    expect(login).toContain('<Token/>');
    expect(login).toContain('<Password>4D4F9CEC27B3350E675685C13945E2FE</Password>');
    expect(login).toContain(`<RequestTime>${beijingCompact(T0)}</RequestTime>`);
    expect(login).not.toContain('Lz#Mvts2024');
  });

  it('refuses an unknown stream', async () => {
    const h = await startMvts({ initialRecords: 1 });
    expect(() => h.adapter.read({ stream: 'XX', from: null, signal: new AbortController().signal })).toThrow(SourceError);
  });
});
