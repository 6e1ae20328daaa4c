/**
 * The benchmark's streaming market source (bench/sources/market-stream.ts) started in the sources
 * process, with the declaration of the real market-csv adapter instance that reads it.
 */
import { benchCredentials, marketDeclaration, type Credentials } from './declarations';
import type { SourcesHost } from './sources';

export interface StreamSource {
  credentials: Credentials;
  declaration: Record<string, unknown>;
  adapterId: string;
  sourceSystem: string;
}

export async function startStreamSource(
  host: SourcesHost,
  opts: { vendors: number; sales: number; ratePerSecond?: number; startAt?: number; schedule?: string; salesStartFrom?: number; limit?: number },
): Promise<StreamSource> {
  const credentials = benchCredentials();
  const { url } = await host.marketStream({ apiKey: credentials.market.apiKey, vendors: opts.vendors, sales: opts.sales, ratePerSecond: opts.ratePerSecond, startAt: opts.startAt });
  const declaration = marketDeclaration(url, opts.schedule, 'lz-jc-market');
  if (opts.limit !== undefined) (declaration.options as Record<string, unknown>).limit = opts.limit;
  // Only vendors and sales carry rows; the live cursor of sales may start past a backfill window.
  declaration.streams = {
    entries: { enabled: false },
    ...(opts.salesStartFrom !== undefined ? { sales: { startFrom: String(opts.salesStartFrom) } } : {}),
  };
  return { credentials, declaration, adapterId: 'lz-jc-market', sourceSystem: 'lz-jc-market' };
}
