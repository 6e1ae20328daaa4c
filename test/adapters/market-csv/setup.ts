import { createMarketAdapter, marketCsv } from '../../../src/adapters/market-csv';
import type { MarketOptions } from '../../../src/adapters/market-csv/options';
import { createHttpClient } from '../../../src/adapters/http';
import type { AdapterDeclaration, SourceAdapter, StreamDeclaration } from '../../../src/adapters/types';
import { createMarketSimulator } from '../../../src/demo/market-csv';
import { silentLogger } from '../../../src/log';
import type { KindSetup } from '../../contracts/source-adapter';

export const API_KEY = 'mk-test-4f1d2c3b5a6978877665544332211000';
export const FIXED_NOW = Date.parse('2024-06-12T10:00:00+08:00');

export interface TestAdapter {
  adapter: SourceAdapter;
  /** Every wait the adapter asked for (retries, pacing), in ms; nothing is actually waited. */
  sleeps: number[];
}

/** A market adapter against `baseUrl` whose waits are recorded instead of slept; the jitter draws 0.5. */
export function marketAdapter(
  baseUrl: string,
  options: Partial<MarketOptions> = {},
  streams: Record<string, StreamDeclaration> = {},
  source: { apiKey?: string; now?: () => number } = {},
): TestAdapter {
  const host = new URL(baseUrl).host;
  const decl: AdapterDeclaration<MarketOptions> = {
    id: 'lz-jc-market',
    kind: 'market-csv',
    enabled: true,
    regionCode: '620102',
    sourceSystem: 'lz-jc-market',
    schedule: '*/10 * * * * *',
    baseUrl,
    allowedHosts: [host],
    allowPrivateAddresses: true,
    credentials: { apiKey: 'env:TG_SOURCE_LZ_MARKET_API_KEY' },
    streams,
    options: {
      marketCode: '91620102MA73F0P897',
      requestsPerSecond: 0,
      timeoutMs: 2000,
      ...options,
      retry: { baseDelayMs: 10, ...options.retry },
    },
  };
  const sleeps: number[] = [];
  const adapter = createMarketAdapter(
    decl,
    {
      http: createHttpClient({ allowedHosts: [host], allowPrivateAddresses: true }),
      secret: () => source.apiKey ?? API_KEY,
      log: silentLogger(),
      now: source.now ?? (() => FIXED_NOW),
    },
    { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
  );
  return { adapter, sleeps };
}

/**
 * The contract's setup: the bundled simulator with 30 rows per stream on a clock of the test's own,
 * 7 rows a page and a lookback of 5 rows; `grow` lets 10 minutes pass at 20 new rows and revisions a
 * minute.
 */
export const marketCsvSetup: KindSetup = {
  kind: marketCsv,
  stream: 'sales',
  window: { from: '90010', until: '90030' },
  inWindow: (r) => Number(r.orderingKey) > 90010 && Number(r.orderingKey) <= 90030,
  async start() {
    const clock = { now: FIXED_NOW };
    const sim = createMarketSimulator({
      apiKey: API_KEY,
      seed: 3,
      now: () => clock.now,
      rateLimitPerSecond: 0,
      initialRecords: 30,
      newRecordsPerMinute: 20,
    });
    const { url } = await sim.listen();
    return {
      open: (opts) =>
        marketAdapter(
          url,
          { limit: 7 },
          { sales: { lookbackRows: 5 } },
          { apiKey: opts?.refusedCredentials ? `${API_KEY.slice(0, -4)}ffff` : API_KEY, now: () => clock.now },
        ).adapter,
      keys: () => [
        ...new Set(
          sim
            .catalog()
            .filter((c) => c.stream === 'sales')
            .map((c) => c.sourceKey),
        ),
      ],
      grow: () => {
        clock.now += 10 * 60_000;
      },
      fail: () => sim.setFaults({ probability: 1, kinds: ['truncatedBody'] }),
      heal: () => sim.setFaults({}),
      close: () => sim.close(),
    };
  },
};
