import { afterEach, describe, expect, it } from 'vitest';
import { PageError, SourceError } from '../../../src/adapters/errors';
import { createHttpClient } from '../../../src/adapters/http';
import { createMarketAdapter } from '../../../src/adapters/market-csv';
import { silentLogger } from '../../../src/log';
import type { Page, RawRecord } from '../../../src/adapters/types';
import { createMarketSimulator, type MarketFaultConfig, type MarketSimulator } from '../../../src/demo/market-csv';
import { readAll, recordsOf } from '../../contracts/source-adapter';
import { API_KEY, FIXED_NOW, marketAdapter } from './setup';

let sim: MarketSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(faults: MarketFaultConfig = {}, initialRecords = 30) {
  sim = createMarketSimulator({ apiKey: API_KEY, seed: 3, now: () => FIXED_NOW, rateLimitPerSecond: 0, initialRecords, faults });
  return (await sim.listen()).url;
}

/** Every row the simulator holds for a stream, read in one big page without faults. */
async function allRows(url: string, stream: string): Promise<RawRecord[]> {
  const saved = sim!.faults();
  sim!.setFaults({});
  const { adapter } = marketAdapter(url, { limit: 5000 });
  const rows = recordsOf(await readAll(adapter, { stream }));
  sim!.setFaults(saved);
  return rows;
}

const revisionIds = (records: readonly RawRecord[]) => records.map((r) => `${r.sourceKey}@${r.orderingKey}`);
const distinct = (records: readonly RawRecord[]) => [...new Set(revisionIds(records))].sort();
const lastCursor = (pages: readonly Page[]) => pages[pages.length - 1]!.cursor;

describe('market-csv adapter against the simulator', () => {
  it.each(['vendors', 'entries', 'sales'])('pulls every row of %s page by page', async (stream) => {
    const url = await start();
    const { adapter } = marketAdapter(url, { limit: 7 });
    const pages = await readAll(adapter, { stream });
    const records = recordsOf(pages);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.slice(0, -1).every((p) => p.records.length === 7)).toBe(true);
    expect(pages[pages.length - 1]!.records.length).toBeLessThan(7);
    expect(revisionIds(records)).toEqual(revisionIds(await allRows(url, stream)));

    const first = pages[0]!;
    expect(first.stream).toBe(stream);
    expect(first.meta).toMatchObject({ request: `GET /export/${stream}?since=0&limit=7`, status: 200, charset: 'gb18030' });
    expect(first.meta!.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(first.meta)).not.toContain(API_KEY);
    expect(first.cursor).toEqual({ seq: Number(first.records[6]!.orderingKey) });
    expect(lastCursor(pages)).toEqual({ seq: Number(records[records.length - 1]!.orderingKey) });

    for (const r of records) {
      expect(r.orderingKey).toMatch(/^\d{20}$/);
      const payload = r.payload as Record<string, string>;
      expect(Object.values(payload).every((v) => v === v.trim())).toBe(true);
      expect(r.rawText!.startsWith(payload['同步序号']!)).toBe(true);
    }
  });

  it('goes on from the stored cursor with the lookback, and never moves the cursor back', async () => {
    const url = await start({}, 40);
    const all = await allRows(url, 'sales');
    const { adapter } = marketAdapter(url, { limit: 1000 }, { sales: { lookbackRows: 5 } });
    const cursor = { seq: Number(all[all.length - 1]!.orderingKey) };
    const pages = await readAll(adapter, { stream: 'sales', from: cursor });
    expect(pages[0]!.meta!.request).toBe(`GET /export/sales?since=${cursor.seq - 5}&limit=1000`);
    expect(recordsOf(pages).every((r) => Number(r.orderingKey) > cursor.seq - 5)).toBe(true);
    expect(lastCursor(pages)).toEqual(cursor);

    const { adapter: small } = marketAdapter(url, { limit: 2 });
    const again = await readAll(small, { stream: 'sales', from: cursor });
    expect(again[0]!.meta!.request).toBe(`GET /export/sales?since=${cursor.seq - 200}&limit=2`);
    expect(again.every((p) => Number(p.cursor.seq) >= cursor.seq)).toBe(true);
  });

  it('loses nothing when a pull is interrupted and restarted from the last stored page cursor', async () => {
    const url = await start({}, 40);
    const { adapter } = marketAdapter(url, { limit: 6 }, { entries: { lookbackRows: 0 } });
    const stored: RawRecord[] = [];
    let cursor: Page['cursor'] | null = null;
    let pages = 0;
    for await (const page of adapter.read({ stream: 'entries', from: null, signal: new AbortController().signal })) {
      stored.push(...page.records);
      cursor = page.cursor;
      if (++pages === 3) break; // the process dies after staging the third page
    }
    expect(cursor).not.toBeNull();
    const rest = recordsOf(await readAll(adapter, { stream: 'entries', from: cursor }));
    expect(distinct([...stored, ...rest])).toEqual(distinct(await allRows(url, 'entries')));
  });

  it('reads a backfill window (since, until] without regard to a stored cursor', async () => {
    const url = await start({}, 30);
    const all = await allRows(url, 'vendors');
    const from = Number(all[4]!.orderingKey);
    const until = Number(all[14]!.orderingKey);
    const { adapter } = marketAdapter(url, { limit: 4 });
    const got = recordsOf(
      await readAll(adapter, { stream: 'vendors', from: { seq: 999_999 }, window: { from: String(from), until: String(until) } }),
    );
    expect(revisionIds(got)).toEqual(revisionIds(all.slice(5, 15)));
  });

  describe('faults of §5.12', () => {
    async function pullWith(fault: MarketFaultConfig, stream = 'sales', limit = 8) {
      const url = await start(fault, 30);
      const t = marketAdapter(url, { limit, timeoutMs: 2000, retry: { baseDelayMs: 10 } });
      const pages = await readAll(t.adapter, { stream });
      const expected = await allRows(url, stream);
      return { url, pages, records: recordsOf(pages), expected, sleeps: t.sleeps };
    }
    const at = (
      kind: MarketFaultConfig['at'] extends Array<infer T> | undefined ? (T extends { kind: infer K } ? K : never) : never,
      request = 2,
    ) => ({
      at: [{ stream: 'sales' as const, request, kind }],
    });

    it('timeout: times out, retries with backoff, stages the page once', async () => {
      const { records, expected, sleeps } = await pullWith(at('timeout'));
      expect(revisionIds(records)).toEqual(revisionIds(expected));
      expect(sleeps).toEqual([10]);
    });

    it('serverError 500: retries with backoff', async () => {
      const { records, expected, sleeps } = await pullWith({ ...at('serverError'), serverErrorStatus: 500 });
      expect(revisionIds(records)).toEqual(revisionIds(expected));
      expect(sleeps).toEqual([10]);
    });

    it('serverError 503 and rateLimit 429: waits the Retry-After, longer than the backoff', async () => {
      const a = await pullWith({ ...at('serverError'), serverErrorStatus: 503, retryAfterSeconds: 3 });
      expect(revisionIds(a.records)).toEqual(revisionIds(a.expected));
      expect(a.sleeps).toEqual([3000]);
      await sim!.close();
      const b = await pullWith({ ...at('rateLimit', 1), retryAfterSeconds: 2 });
      expect(revisionIds(b.records)).toEqual(revisionIds(b.expected));
      expect(b.sleeps).toEqual([2000]);
    });

    it('truncatedBody: MALFORMED_BODY, retried; nothing of the cut page is yielded', async () => {
      const { records, expected, sleeps, pages } = await pullWith(at('truncatedBody'));
      expect(revisionIds(records)).toEqual(revisionIds(expected));
      expect(sleeps).toEqual([10]);
      expect(pages.every((p) => p.meta!.headers['x-row-count'] === String(p.records.length))).toBe(true);
    });

    it('wrongEncoding, UTF-8 labelled GBK: decoded as UTF-8 with CHARSET_MISLABELLED on the page', async () => {
      const { records, expected, pages, sleeps } = await pullWith({ ...at('wrongEncoding'), wrongEncoding: 'utf8-labelled-gbk' });
      expect(records.map((r) => r.payload)).toEqual(expected.map((r) => r.payload));
      expect(pages[1]!.warnings).toEqual([expect.objectContaining({ code: 'CHARSET_MISLABELLED' })]);
      expect(pages[1]!.meta!.charset).toBe('utf-8');
      expect(pages[0]!.warnings).toBeUndefined();
      expect(sleeps).toEqual([]);
    });

    it('wrongEncoding, GBK labelled UTF-8: UNDECODABLE_BODY, retried', async () => {
      const { records, expected, sleeps } = await pullWith({ ...at('wrongEncoding'), wrongEncoding: 'gbk-labelled-utf8' });
      expect(records.map((r) => r.payload)).toEqual(expected.map((r) => r.payload));
      expect(sleeps).toEqual([10]);
    });

    it('duplicateRows: the next page repeats k rows; they are the same revisions, not UNFLAGGED ones', async () => {
      const { records, expected } = await pullWith({ ...at('duplicateRows'), duplicateRows: 3 });
      expect(records.length).toBe(expected.length + 3);
      expect(distinct(records)).toEqual(distinct(expected));
      const repeated = records.slice(8, 11);
      expect(revisionIds(repeated)).toEqual(revisionIds(records.slice(5, 8)));
      expect(repeated.every((r) => r.warnings === undefined)).toBe(true);
    });

    it('unexpectedResponse: an HTML page is UNEXPECTED_RESPONSE, retried', async () => {
      const { records, expected, sleeps } = await pullWith(at('unexpectedResponse'));
      expect(revisionIds(records)).toEqual(revisionIds(expected));
      expect(sleeps).toEqual([10]);
    });

    it('lateRecords: a row below a served X-Next-Since is found by the next pull within the lookback', async () => {
      const { url, pages } = await pullWith({}, 'sales', 100);
      const cursor = lastCursor(pages);
      sim!.setFaults({ at: [{ stream: 'sales', request: sim!.summary().requests.sales + 1, kind: 'lateRecords' }] });
      const { adapter } = marketAdapter(url, { limit: 100 }, { sales: { lookbackRows: 0 } });
      const without = recordsOf(await readAll(adapter, { stream: 'sales', from: cursor }));
      expect(without).toEqual([]);
      const late = (await allRows(url, 'sales')).filter((r) => !recordsOf(pages).some((p) => p.sourceKey === r.sourceKey));
      expect(late).toHaveLength(1);
      expect(Number(late[0]!.orderingKey)).toBeLessThanOrEqual(Number(cursor.seq));
      const withLookback = recordsOf(await readAll(marketAdapter(url, { limit: 100 }).adapter, { stream: 'sales', from: cursor }));
      expect(withLookback.map((r) => r.sourceKey)).toContain(late[0]!.sourceKey);
    });

    it('gives up after the configured retries with the last error', async () => {
      const url = await start({ probability: 1, kinds: ['serverError'], serverErrorStatus: 500 });
      const t = marketAdapter(url, { retry: { maxAttempts: 3 } });
      const err = await readAll(t.adapter, { stream: 'vendors' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SourceError);
      expect((err as SourceError).failure).toBe('transient');
      expect(t.sleeps).toEqual([10, 15]);
      expect(sim!.summary().requests.vendors).toBe(3);
    });

    it('ends the read when Retry-After exceeds the longest wait, keeping the hint', async () => {
      const url = await start({ probability: 1, kinds: ['rateLimit'], retryAfterSeconds: 600 });
      const t = marketAdapter(url, { retry: { maxRetryAfterMs: 60_000 } });
      const err = (await readAll(t.adapter, { stream: 'vendors' }).catch((e: unknown) => e)) as SourceError;
      expect([err.code, err.retryAfterMs]).toEqual(['TG_SOURCE_RATE_LIMITED', 600_000]);
      expect(t.sleeps).toEqual([]);
    });

    it('a truncated body on every attempt ends the read with MALFORMED_BODY', async () => {
      const url = await start({ probability: 1, kinds: ['truncatedBody'] });
      const err = await readAll(marketAdapter(url, { retry: { maxAttempts: 2 } }).adapter, { stream: 'entries' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PageError);
      expect((err as PageError).code).toBe('MALFORMED_BODY');
    });
  });

  it('stops at once on a wrong API key (config), without retrying', async () => {
    const url = await start();
    const host = new URL(url).host;
    const adapter = createMarketAdapter(
      {
        id: 'm',
        kind: 'market-csv',
        enabled: true,
        regionCode: '620102',
        sourceSystem: 'lz-jc-market',
        schedule: '* * * * *',
        baseUrl: url,
        allowedHosts: [host],
        credentials: { apiKey: 'env:X' },
        streams: {},
        options: { marketCode: '91620102MA73F0P897', requestsPerSecond: 0 },
      },
      { http: createHttpClient({ allowedHosts: [host], allowPrivateAddresses: true }), secret: () => 'wrong-key', log: silentLogger() },
    );
    const err = (await readAll(adapter, { stream: 'vendors' }).catch((e: unknown) => e)) as SourceError;
    expect([err.failure, err.code]).toEqual(['config', 'TG_SOURCE_AUTH']);
    expect(err.message).not.toContain('wrong-key');
    expect(sim!.summary().requests.vendors).toBe(0);
    expect(await adapter.check(new AbortController().signal)).toMatchObject({ ok: false, failure: 'config' });
  });

  it('check(): reachable with a good key; a market code with a wrong check character is a config failure', async () => {
    const url = await start();
    expect(await marketAdapter(url).adapter.check(new AbortController().signal)).toEqual({ ok: true });
    const bad = marketAdapter(url, { marketCode: '91620102MA73F0P898' }).adapter;
    expect(await bad.check(new AbortController().signal)).toMatchObject({ ok: false, failure: 'config' });
  });
});
