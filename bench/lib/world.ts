/**
 * The bundled source simulators (provincial, market, mvts) started in the sources process with a
 * given volume, and the pages their real adapters read from them.
 */
import { adapterKinds } from '../../src/adapters/registry';
import type { Page } from '../../src/adapters/types';
import type { Logger } from '../../src/log';
import type { StreamRuntime } from '../../src/pipeline/types';
import { createInstance } from '../../src/runtime/instances';
import { benchCredentials, marketDeclaration, mvtsDeclaration, provincialDeclaration, type Credentials } from './declarations';
import { validatedDeclarations } from './gateway';
import type { SourcesHost } from './sources';

/** mvts windows end 2 minutes before now (§4.4.5): its clock runs 5 minutes behind so every initial record is visible. */
const MVTS_CLOCK_SHIFT_MS = -5 * 60_000;

export interface BundledSources {
  credentials: Credentials;
  /** Raw declarations of the three instances reading them. */
  declarations: Record<string, unknown>[];
}

/** `perStream` records in every stream of every simulator (11 streams, 8 national interfaces). */
export async function startBundledSources(
  host: SourcesHost,
  perStream: number,
  dirtyShare: number,
  schedule?: string,
): Promise<BundledSources> {
  const credentials = benchCredentials();
  const common = { initialRecords: perStream, newRecordsPerMinute: 0, dirtyShare, rateLimitPerSecond: 0, seed: 7 };
  const provincial = await host.provincial({ ...common, ...credentials.provincial, tokenRequestsPerHour: 0 });
  const market = await host.market({ ...common, ...credentials.market, charset: 'gbk' });
  const mvts = await host.mvts({ ...common, ...credentials.mvts, initialSpanMinutes: 55 }, MVTS_CLOCK_SHIFT_MS);
  return {
    credentials,
    declarations: [
      provincialDeclaration(provincial.url, schedule),
      marketDeclaration(market.url, schedule),
      mvtsDeclaration(mvts.url, schedule),
    ],
  };
}

export interface CollectedStream {
  adapterId: string;
  kind: string;
  runtime: StreamRuntime;
  pages: Page[];
}

/** Reads every stream of every declaration once through the real adapter, keeping the pages. */
export async function collectPages(sources: BundledSources, log: Logger): Promise<CollectedStream[]> {
  for (const [name, value] of Object.entries(sources.credentials.secrets)) process.env[name] = value;
  const out: CollectedStream[] = [];
  for (const decl of validatedDeclarations(sources.declarations)) {
    const inst = createInstance(decl, adapterKinds[decl.kind]!, log);
    try {
      for (const stream of inst.streams) {
        const pages: Page[] = [];
        for await (const page of inst.adapter.read({ stream, from: null, signal: new AbortController().signal })) pages.push(page);
        out.push({ adapterId: decl.id, kind: decl.kind, runtime: inst.runtime(stream)!, pages });
      }
    } finally {
      await inst.adapter.close();
    }
  }
  return out;
}
