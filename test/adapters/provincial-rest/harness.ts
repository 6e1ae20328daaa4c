import { createHttpClient } from '../../../src/adapters/http';
import { createProvincialAdapter, type ProvincialOptions } from '../../../src/adapters/provincial-rest';
import type { AdapterDeclaration, Cursor, Page, SourceAdapter, StreamDeclaration } from '../../../src/adapters/types';
import { silentLogger } from '../../../src/log';

export const APP_ID = 'gs-gateway-01';
export const APP_SECRET = 'prov-secret-value-0001';

export interface Harness {
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
): Harness {
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
    options: { requestsPerSecond: 0, timeoutMs: 5000, ...opts.options, retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, ...opts.options?.retry } },
  };
  const secrets: Record<string, string> = { 'env:TG_SOURCE_GS_PROV_APP_ID': APP_ID, 'env:TG_SOURCE_GS_PROV_APP_SECRET': opts.appSecret ?? APP_SECRET };
  const sleeps: number[] = [];
  // The pacer's clock moves only by the waits, so pacing is the same however fast the machine is.
  let monotonic = 0;
  const adapter = createProvincialAdapter(
    decl,
    { http: createHttpClient({ allowedHosts: [url.host], allowPrivateAddresses: true }), secret: (ref) => secrets[ref]!, log: silentLogger(), now: opts.now },
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

/** Every page of one read. */
export async function readAll(adapter: SourceAdapter, stream: string, from: Cursor | null = null, window?: { from: string; until?: string }): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of adapter.read({ stream, from, signal: signal(), window })) pages.push(page);
  return pages;
}

/** The error a read ends with (fails the test when it ends normally). */
export async function readError(adapter: SourceAdapter, stream: string, from: Cursor | null = null): Promise<Error & { code?: string; failure?: string; retryAfterMs?: number }> {
  try {
    await readAll(adapter, stream, from);
  } catch (err) {
    return err as Error;
  }
  throw new Error('the read was expected to fail');
}

export const keysOf = (pages: readonly Page[]) => pages.flatMap((p) => p.records.map((r) => r.sourceKey));
