import { createMarketAdapter } from '../../../src/adapters/market-csv';
import type { MarketOptions } from '../../../src/adapters/market-csv/options';
import { createHttpClient } from '../../../src/adapters/http';
import type { AdapterDeclaration, Cursor, Page, RawRecord, ReadRequest, SourceAdapter, StreamDeclaration } from '../../../src/adapters/types';
import { silentLogger } from '../../../src/log';

export const API_KEY = 'mk-test-4f1d2c3b5a6978877665544332211000';
export const FIXED_NOW = Date.parse('2024-06-12T10:00:00+08:00');

export interface TestAdapter {
  adapter: SourceAdapter;
  /** Every wait the adapter asked for (retries, pacing), in ms; nothing is actually waited. */
  sleeps: number[];
}

/** A market adapter against `baseUrl` whose waits are recorded instead of slept; the jitter draws 0.5. */
export function marketAdapter(baseUrl: string, options: Partial<MarketOptions> = {}, streams: Record<string, StreamDeclaration> = {}): TestAdapter {
  const host = new URL(baseUrl).host;
  const decl: AdapterDeclaration<MarketOptions> = {
    id: 'lz-jc-market', kind: 'market-csv', enabled: true, regionCode: '620102', sourceSystem: 'lz-jc-market',
    schedule: '*/10 * * * * *', baseUrl, allowedHosts: [host], allowPrivateAddresses: true, credentials: { apiKey: 'env:TG_SOURCE_LZ_MARKET_API_KEY' }, streams,
    options: { marketCode: '91620102MA73F0P897', requestsPerSecond: 0, timeoutMs: 2000, ...options, retry: { baseDelayMs: 10, ...options.retry } },
  };
  const sleeps: number[] = [];
  const adapter = createMarketAdapter(
    decl,
    { http: createHttpClient({ allowedHosts: [host], allowPrivateAddresses: true }), secret: () => API_KEY, log: silentLogger(), now: () => FIXED_NOW },
    { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
  );
  return { adapter, sleeps };
}

export function request(stream: string, from: Cursor | null, extra: Partial<ReadRequest> = {}): ReadRequest {
  return { stream, from, signal: new AbortController().signal, ...extra };
}

/** Reads every page of one pull. */
export async function readAll(adapter: SourceAdapter, req: ReadRequest): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of adapter.read(req)) pages.push(page);
  return pages;
}

export const recordsOf = (pages: readonly Page[]): RawRecord[] => pages.flatMap((p) => [...p.records]);
