/**
 * The benchmark's streaming market source (bench/sources/market-stream.ts) started in the sources
 * process, with the declaration of the real market-csv adapter instance that reads it.
 */
import type { Logger } from '../../src/log';
import type { BenchSchemas } from './database';
import { benchCredentials, marketDeclaration, type Credentials } from './declarations';
import { startBenchGateway, type BenchGateway, type BenchGatewayOptions } from './gateway';
import type { SourcesHost } from './sources';

/** The market-csv adapter's default page, as an operator's declaration has it. */
export const ADAPTER_DEFAULT_PAGE_ROWS = 1000;

export interface StreamSource {
  credentials: Credentials;
  declaration: Record<string, unknown>;
  adapterId: string;
  sourceSystem: string;
}

export async function startStreamSource(
  host: SourcesHost,
  opts: {
    vendors: number;
    sales: number;
    ratePerSecond?: number;
    startAt?: number;
    schedule?: string;
    salesStartFrom?: number;
    limit?: number;
  },
): Promise<StreamSource> {
  const credentials = benchCredentials();
  const { url } = await host.marketStream({
    apiKey: credentials.market.apiKey,
    vendors: opts.vendors,
    sales: opts.sales,
    ratePerSecond: opts.ratePerSecond,
    startAt: opts.startAt,
  });
  const declaration = marketDeclaration(url, opts.schedule, 'lz-jc-market');
  if (opts.limit !== undefined) (declaration.options as Record<string, unknown>).limit = opts.limit;
  // Only vendors and sales carry rows; the live cursor of sales may start past a backfill window.
  declaration.streams = {
    entries: { enabled: false },
    ...(opts.salesStartFrom !== undefined ? { sales: { startFrom: String(opts.salesStartFrom) } } : {}),
  };
  return { credentials, declaration, adapterId: 'lz-jc-market', sourceSystem: 'lz-jc-market' };
}

/** The mock platform for the source's credential at `perSecond`; returns the gateway's national settings. */
export async function startNationalFor(
  host: SourcesHost,
  source: StreamSource,
  perSecond: number,
): Promise<BenchGatewayOptions['national']> {
  const national = source.credentials.national;
  const { url } = await host.national({ clients: [{ ...national, regionScope: '62' }], rateLimitPerSecond: perSecond });
  return { url, ...national, rateLimitPerSecond: perSecond };
}

/** A gateway that reads only this source and delivers to `national`. */
export function startStreamGateway(
  opts: { databaseUrl: string; schemas: BenchSchemas; log: Logger; schedules: boolean },
  source: StreamSource,
  national: BenchGatewayOptions['national'],
): Promise<BenchGateway> {
  return startBenchGateway({ ...opts, national, declarations: [source.declaration], secrets: source.credentials.secrets });
}
