import path from 'node:path';
import { createHttpClient, type HttpClient, type HttpRequest } from '../../../src/adapters/http';
import { mvtsXml, type MvtsOptions } from '../../../src/adapters/mvts-xml';
import type { AdapterDeclaration, Page, ReadRequest, SourceAdapter, StreamDeclaration } from '../../../src/adapters/types';
import { silentLogger } from '../../../src/log';
import { mvtsXmlMappings } from '../../../src/mappings/mvts-xml';
import { loadTranslationTables } from '../../../src/mappings/tables';
import type { MappingContext } from '../../../src/mappings/types';
import { loadBundledCodeLists } from '../../../src/national/codelists';
import { createValidator } from '../../../src/national/validate';
import { createMvtsSimulator, type CatalogEntry, type MvtsSimulator, type MvtsSimulatorOptions } from '../../../src/demo/mvts-xml';

export const NODE = '620000900001';
export const PASSWORD = 'Lz#Mvts2024';
/** 2024-06-12 10:00:00 Beijing. */
export const T0 = Date.parse('2024-06-12T10:00:00+08:00');

export interface Clock {
  t: number;
  now: () => number;
}

export function clock(t = T0): Clock {
  const c: Clock = { t, now: () => c.t };
  return c;
}

export const FAST: MvtsOptions = { requestsPerSecond: 0, retry: { baseDelayMs: 1, maxDelayMs: 20, maxRetryAfterMs: 20 }, initialLookbackMinutes: 120, timeoutMs: 2000 };

export interface Harness {
  sim: MvtsSimulator;
  url: string;
  adapter: SourceAdapter;
  clock: Clock;
  /** Every HTTP call the adapter made, with the response status and body text (GBK decoded). */
  calls: Array<{ body: string; status: number | 'error'; response: string }>;
  close(): Promise<void>;
}

const open: Harness[] = [];

export async function harness(
  sim: Partial<MvtsSimulatorOptions> = {},
  options: MvtsOptions = {},
  extra: { password?: string; streams?: Record<string, StreamDeclaration>; clock?: Clock } = {},
): Promise<Harness> {
  const c = extra.clock ?? clock();
  const simulator = createMvtsSimulator({ nodeCode: NODE, password: PASSWORD, newRecordsPerMinute: 0, rateLimitPerSecond: 0, now: c.now, ...sim });
  const { url, port } = await simulator.listen();
  const inner = createHttpClient({ allowedHosts: [`127.0.0.1:${port}`], allowPrivateAddresses: true });
  const calls: Harness['calls'] = [];
  const http: HttpClient = {
    async request(req: HttpRequest) {
      const body = req.body ? new TextDecoder('gb18030').decode(req.body as Buffer) : '';
      try {
        const res = await inner.request(req);
        calls.push({ body, status: res.status, response: new TextDecoder('gb18030').decode(res.body) });
        return res;
      } catch (err) {
        calls.push({ body, status: 'error', response: String(err) });
        throw err;
      }
    },
  };
  const env: Record<string, string> = { TG_SOURCE_MVTS_NODE: NODE, TG_SOURCE_MVTS_PASSWORD: extra.password ?? PASSWORD };
  const decl: AdapterDeclaration<MvtsOptions> = {
    id: 'gs-mvts', kind: 'mvts-xml', enabled: true, regionCode: '620000', sourceSystem: 'gs-mvts', schedule: '*/10 * * * * *',
    baseUrl: url, allowedHosts: [`127.0.0.1:${port}`], allowPrivateAddresses: true, credentials: { nodeCode: 'env:TG_SOURCE_MVTS_NODE', password: 'env:TG_SOURCE_MVTS_PASSWORD' },
    streams: extra.streams ?? {}, options: { ...FAST, ...options, retry: { ...FAST.retry, ...options.retry } },
  };
  const adapter = mvtsXml.create(decl, { http, secret: (ref) => env[ref.slice(4)]!, log: silentLogger(), now: c.now });
  const h: Harness = {
    sim: simulator, url, adapter, clock: c, calls,
    async close() {
      await adapter.close();
      await simulator.close();
    },
  };
  open.push(h);
  return h;
}

export async function closeAll(): Promise<void> {
  while (open.length) await open.pop()!.close();
}

export async function drain(adapter: SourceAdapter, req: Omit<ReadRequest, 'signal'> & { signal?: AbortSignal }): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of adapter.read({ signal: new AbortController().signal, ...req })) pages.push(page);
  return pages;
}

export function keysOf(pages: Page[]): string[] {
  return pages.flatMap((p) => p.records.map((r) => r.sourceKey));
}

export function catalogKeys(catalog: CatalogEntry[], stream: string): string[] {
  return catalog.filter((c) => c.stream === stream).map((c) => c.sourceKey).sort();
}

const tables = loadTranslationTables(path.resolve(__dirname, '../../../config/translations'));
const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });
const ctx: MappingContext = { tables, instance: { adapterId: 'gs-mvts', regionCode: '620000', sourceSystem: 'gs-mvts', params: {} }, references: () => undefined };

/** What the pipeline would make of a record: 'valid', or the mapping reasons / national codes. */
export function outcomeOf(stream: string, payload: unknown): { outcome: 'valid' } | { reasons: string[]; recordId?: string } {
  const mapping = mvtsXmlMappings.mappings.find((m) => m.from.stream === stream)!;
  const result = mapping.map(payload, ctx);
  if (!result.ok) return { reasons: result.errors.map((e) => e.code) };
  const errors = validator.validate(mapping.to, { ...result.record, version: 1, reportedAt: '2024-06-12T12:00:00+08:00' });
  return errors.length === 0 ? { outcome: 'valid' } : { reasons: errors.map((e) => e.code), recordId: result.record.recordId };
}

/** True when the outcome is what the catalog expects. */
export function matchesCatalog(entry: CatalogEntry, stream: string, payload: unknown): boolean {
  const got = outcomeOf(stream, payload);
  if (entry.expected === 'valid') return 'outcome' in got;
  if (entry.expected === 'deleted') return false;
  return 'reasons' in got && got.reasons.includes(entry.expected.reason);
}
