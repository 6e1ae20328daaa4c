import { createHttpClient } from '../../../src/adapters/http';
import { createProvincialAdapter, provincialRest, type ProvincialOptions } from '../../../src/adapters/provincial-rest';
import type { AdapterDeclaration, SourceAdapter, StreamDeclaration } from '../../../src/adapters/types';
import { createProvincialSimulator } from '../../../src/demo/provincial-rest';
import { silentLogger } from '../../../src/log';
import type { KindSetup } from '../../contracts/source-adapter';

export const APP_ID = 'gs-gateway-01';
export const APP_SECRET = 'prov-secret-value-0001';

export interface TestAdapter {
  adapter: SourceAdapter;
  /** Every delay the adapter asked to wait, in ms (the sleeps themselves return at once). */
  sleeps: number[];
}

/**
 * A provincial adapter on `baseUrl` with instant, recorded sleeps. `options` go over small test defaults
 * (no pacing, 4 attempts); `now` is the adapter's clock.
 */
export function provincialAdapter(
  baseUrl: string,
  opts: { options?: ProvincialOptions; streams?: Record<string, StreamDeclaration>; now?: () => number; appSecret?: string } = {},
): TestAdapter {
  const url = new URL(baseUrl);
  const decl: AdapterDeclaration<ProvincialOptions> = {
    id: 'gs-provincial',
    kind: 'provincial-rest',
    enabled: true,
    regionCode: '620000',
    sourceSystem: 'gs-provincial',
    schedule: '*/10 * * * * *',
    baseUrl,
    allowedHosts: [url.host],
    allowPrivateAddresses: true,
    credentials: { appId: 'env:TG_SOURCE_GS_PROV_APP_ID', appSecret: 'env:TG_SOURCE_GS_PROV_APP_SECRET' },
    streams: opts.streams ?? {},
    options: {
      requestsPerSecond: 0,
      timeoutMs: 5000,
      ...opts.options,
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, ...opts.options?.retry },
    },
  };
  const secrets: Record<string, string> = {
    'env:TG_SOURCE_GS_PROV_APP_ID': APP_ID,
    'env:TG_SOURCE_GS_PROV_APP_SECRET': opts.appSecret ?? APP_SECRET,
  };
  const sleeps: number[] = [];
  // The pacer's clock moves only by the waits, so pacing is the same however fast the machine is.
  let monotonic = 0;
  const adapter = createProvincialAdapter(
    decl,
    {
      http: createHttpClient({ allowedHosts: [url.host], allowPrivateAddresses: true }),
      secret: (ref) => secrets[ref]!,
      log: silentLogger(),
      now: opts.now,
    },
    {
      sleep: async (ms) => {
        sleeps.push(ms);
        monotonic += ms;
      },
      random: () => 0.5,
      clock: () => monotonic,
    },
  );
  return { adapter, sleeps };
}

export const signal = () => new AbortController().signal;

/** 2024-06-12 08:00:00 Beijing: the simulators' clock at start. */
export const START = Date.parse('2024-06-12T08:00:00+08:00');
const BATCH_KEY = 'pcid';

/**
 * The contract's setup: the bundled simulator with 30 records per stream on a clock of the test's own,
 * 7 records a page; `grow` lets 30 minutes pass at 20 new records and revisions a minute.
 */
export const provincialRestSetup: KindSetup = {
  kind: provincialRest,
  stream: 'batches',
  window: { from: '2024-06-11 00:00:00', until: '2024-06-12 00:00:00' },
  inWindow: (r) => r.orderingKey >= '2024-06-11 00:00:00' && r.orderingKey < '2024-06-12 00:00:00',
  async start() {
    const clock = { now: START };
    const sim = createProvincialSimulator({
      appId: APP_ID,
      appSecret: APP_SECRET,
      seed: 11,
      initialRecords: 30,
      newRecordsPerMinute: 20,
      rateLimitPerSecond: 0,
      now: () => clock.now,
    });
    const { url } = await sim.listen();
    return {
      open: (opts) =>
        provincialAdapter(url, {
          now: () => clock.now,
          options: { pageSize: 7 },
          appSecret: opts?.refusedCredentials ? 'not-the-secret' : APP_SECRET,
        }).adapter,
      keys: () => sim.records('batches').map((r) => String(r[BATCH_KEY])),
      grow: () => {
        clock.now += 30 * 60_000;
      },
      fail: () => sim.setFaults({ truncatedBody: { probability: 1 } }),
      heal: () => sim.setFaults({}),
      close: () => sim.close(),
    };
  },
};
