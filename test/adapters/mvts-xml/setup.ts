import path from 'node:path';
import { createHttpClient, type HttpClient, type HttpRequest } from '../../../src/adapters/http';
import { mvtsXml, type MvtsOptions } from '../../../src/adapters/mvts-xml';
import type { AdapterDeclaration, SourceAdapter, StreamDeclaration } from '../../../src/adapters/types';
import { silentLogger } from '../../../src/log';
import { mvtsXmlMappings } from '../../../src/mappings/mvts-xml';
import { loadTranslationTables } from '../../../src/mappings/tables';
import type { MappingContext } from '../../../src/mappings/types';
import { loadBundledCodeLists } from '../../../src/national/codelists';
import { createValidator } from '../../../src/national/validate';
import { createMvtsSimulator, type CatalogEntry, type MvtsSimulator, type MvtsSimulatorOptions } from '../../../src/demo/mvts-xml';
import type { KindSetup } from '../../contracts/source-adapter';

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

export const FAST: MvtsOptions = {
  requestsPerSecond: 0,
  retry: { baseDelayMs: 1, maxDelayMs: 20, maxRetryAfterMs: 20 },
  initialLookbackMinutes: 120,
  timeoutMs: 2000,
};

/** Every HTTP call an adapter made, with the response status and body text (GBK decoded). */
export type Calls = Array<{ body: string; status: number | 'error'; response: string }>;

export interface MvtsUnderTest {
  sim: MvtsSimulator;
  url: string;
  adapter: SourceAdapter;
  clock: Clock;
  calls: Calls;
  close(): Promise<void>;
}

/** An mvts-xml adapter on the simulator at `url`, on the test's clock, recording its calls. */
export function mvtsAdapter(
  url: string,
  now: () => number,
  calls: Calls = [],
  options: MvtsOptions = {},
  extra: { password?: string; streams?: Record<string, StreamDeclaration> } = {},
): SourceAdapter {
  const host = new URL(url).host;
  const inner = createHttpClient({ allowedHosts: [host], allowPrivateAddresses: true });
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
    id: 'gs-mvts',
    kind: 'mvts-xml',
    enabled: true,
    regionCode: '620000',
    sourceSystem: 'gs-mvts',
    schedule: '*/10 * * * * *',
    baseUrl: url,
    allowedHosts: [host],
    allowPrivateAddresses: true,
    credentials: { nodeCode: 'env:TG_SOURCE_MVTS_NODE', password: 'env:TG_SOURCE_MVTS_PASSWORD' },
    streams: extra.streams ?? {},
    options: { ...FAST, ...options, retry: { ...FAST.retry, ...options.retry } },
  };
  return mvtsXml.create(decl, { http, secret: (ref) => env[ref.slice(4)]!, log: silentLogger(), now });
}

const running: MvtsUnderTest[] = [];

/** The simulator (no new records unless asked, no rate limit) and an adapter on it; closeAll() ends them. */
export async function startMvts(
  sim: Partial<MvtsSimulatorOptions> = {},
  options: MvtsOptions = {},
  extra: { password?: string; streams?: Record<string, StreamDeclaration>; clock?: Clock } = {},
): Promise<MvtsUnderTest> {
  const c = extra.clock ?? clock();
  const simulator = createMvtsSimulator({
    nodeCode: NODE,
    password: PASSWORD,
    newRecordsPerMinute: 0,
    rateLimitPerSecond: 0,
    now: c.now,
    ...sim,
  });
  const { url } = await simulator.listen();
  const calls: Calls = [];
  const adapter = mvtsAdapter(url, c.now, calls, options, extra);
  const h: MvtsUnderTest = {
    sim: simulator,
    url,
    adapter,
    clock: c,
    calls,
    async close() {
      await adapter.close();
      await simulator.close();
    },
  };
  running.push(h);
  return h;
}

export async function closeAll(): Promise<void> {
  while (running.length) await running.pop()!.close();
}

/**
 * The contract's setup: the bundled simulator with 30 records of each type over the last hour, on a
 * clock of the test's own, 5 records a page; `grow` lets 20 minutes pass at 20 new records and
 * re-uploads a minute. The adapter's clock runs 3 minutes ahead of the simulator's, past the 2 minutes
 * a record settles before it is read, so that a read finds everything the simulator holds.
 */
export const mvtsXmlSetup: KindSetup = {
  kind: mvtsXml,
  stream: 'TZ',
  window: { from: '2024-06-12T09:20:00+08:00', until: '2024-06-12T09:40:00+08:00' },
  inWindow: (r) => r.orderingKey >= '20240612092000' && r.orderingKey < '20240612094000',
  async start() {
    const c = clock();
    const ahead = () => c.t + 3 * 60_000;
    const sim = createMvtsSimulator({
      nodeCode: NODE,
      password: PASSWORD,
      initialRecords: 30,
      newRecordsPerMinute: 20,
      rateLimitPerSecond: 0,
      now: c.now,
    });
    const { url } = await sim.listen();
    return {
      open: (opts) => mvtsAdapter(url, ahead, [], { pageSize: 5 }, { password: opts?.refusedCredentials ? 'not-the-password' : PASSWORD }),
      keys: () => catalogKeys(sim.catalog(), 'TZ'),
      grow: () => {
        c.t += 20 * 60_000;
      },
      fail: () => sim.setFaults({ probability: 1, kinds: ['truncatedBody'] }),
      heal: () => sim.setFaults({}),
      close: () => sim.close(),
    };
  },
};

export function catalogKeys(catalog: CatalogEntry[], stream: string): string[] {
  return catalog
    .filter((c) => c.stream === stream)
    .map((c) => c.sourceKey)
    .sort();
}

const tables = loadTranslationTables(path.resolve(__dirname, '../../../config/translations'));
const validator = createValidator({ codeLists: loadBundledCodeLists(), regionScope: '62' });
const ctx: MappingContext = {
  tables,
  instance: { adapterId: 'gs-mvts', regionCode: '620000', sourceSystem: 'gs-mvts', params: {} },
  references: () => undefined,
};

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
