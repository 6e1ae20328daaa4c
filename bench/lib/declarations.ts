/**
 * Adapter declarations of the benchmark's sources, written as an operator would write
 * config/adapters/*.json, with the bench's own credentials (exported by startBenchGateway).
 */
import { randomBytes } from 'node:crypto';

export const MARKET_CODE = '91620102MA73F0P897';

export interface Credentials {
  /** Environment variable name → value. */
  secrets: Record<string, string>;
  provincial: { appId: string; appSecret: string };
  market: { apiKey: string };
  mvts: { nodeCode: string; password: string };
  national: { appKey: string; appSecret: string };
}

export function benchCredentials(): Credentials {
  const c = {
    provincial: { appId: 'bench-provincial', appSecret: randomBytes(16).toString('hex') },
    market: { apiKey: randomBytes(20).toString('hex') },
    mvts: { nodeCode: '620000900001', password: randomBytes(8).toString('hex') },
    national: { appKey: 'bench-gateway', appSecret: randomBytes(24).toString('hex') },
  };
  return {
    ...c,
    secrets: {
      TG_SOURCE_BENCH_PROV_APP_ID: c.provincial.appId,
      TG_SOURCE_BENCH_PROV_APP_SECRET: c.provincial.appSecret,
      TG_SOURCE_BENCH_MARKET_API_KEY: c.market.apiKey,
      TG_SOURCE_BENCH_MVTS_NODE_CODE: c.mvts.nodeCode,
      TG_SOURCE_BENCH_MVTS_PASSWORD: c.mvts.password,
    },
  };
}

const hostOf = (url: string) => new URL(url).host;

/** Sources are local and unthrottled in the benchmark: no client-side pacing, large pages. */
export function provincialDeclaration(url: string, schedule = '0 0 1 1 *'): Record<string, unknown> {
  return {
    id: 'gs-provincial',
    kind: 'provincial-rest',
    enabled: true,
    regionCode: '620000',
    sourceSystem: 'gs-provincial',
    schedule,
    baseUrl: url,
    allowedHosts: [hostOf(url)],
    allowPrivateAddresses: true,
    credentials: { appId: 'env:TG_SOURCE_BENCH_PROV_APP_ID', appSecret: 'env:TG_SOURCE_BENCH_PROV_APP_SECRET' },
    streams: {},
    options: { pageSize: 500, requestsPerSecond: 0 },
  };
}

export function marketDeclaration(url: string, schedule = '0 0 1 1 *', id = 'lz-jc-market'): Record<string, unknown> {
  return {
    id,
    kind: 'market-csv',
    enabled: true,
    regionCode: '620102',
    sourceSystem: 'lz-jc-market',
    schedule,
    baseUrl: url,
    allowedHosts: [hostOf(url)],
    allowPrivateAddresses: true,
    credentials: { apiKey: 'env:TG_SOURCE_BENCH_MARKET_API_KEY' },
    streams: {},
    options: { marketCode: MARKET_CODE, marketName: '兰州市城关区金城农贸市场有限公司', limit: 5000, requestsPerSecond: 0 },
  };
}

export function mvtsDeclaration(url: string, schedule = '0 0 1 1 *'): Record<string, unknown> {
  return {
    id: 'gs-mvts',
    kind: 'mvts-xml',
    enabled: true,
    regionCode: '620000',
    sourceSystem: 'gs-mvts',
    schedule,
    baseUrl: url,
    allowedHosts: [hostOf(url)],
    allowPrivateAddresses: true,
    credentials: { nodeCode: 'env:TG_SOURCE_BENCH_MVTS_NODE_CODE', password: 'env:TG_SOURCE_BENCH_MVTS_PASSWORD' },
    streams: {},
    options: { pageSize: 200, windowMinutes: 60, settleMinutes: 2, initialLookbackMinutes: 90, requestsPerSecond: 0 },
  };
}
