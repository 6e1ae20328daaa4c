import { PageError, SourceError } from '../errors';
import { sleep as realSleep, type Sleep } from '../toolkit/sleep';
import type { AdapterDeclaration, AdapterDeps, CheckResult, RawRecord, ReferenceRequest, SourceAdapter } from '../types';
import { ProvincialClient, RECORD_NOT_FOUND } from './client';
import { resolveOptions, type ProvincialOptions } from './options';
import { DEFAULT_LOOKBACK_SECONDS, HISTORY_START, readStream, toRawRecord, toSourceTime } from './streams';

/** Test seams: delays, jitter and the pacer's clock. Production uses real timers, Math.random and performance.now. */
export interface ProvincialTuning {
  sleep?: Sleep;
  random?: () => number;
  clock?: () => number;
}

function credential(decl: AdapterDeclaration<ProvincialOptions>, deps: AdapterDeps, field: 'appId' | 'appSecret'): string {
  const ref = decl.credentials?.[field];
  if (!ref) throw new SourceError('config', 'TG_CONFIG_SECRET_MISSING', `${decl.id}: credentials.${field} is not declared`);
  return deps.secret(ref);
}

/** A `provincial-rest` instance: one provincial platform, its four streams and the enterprise lookup. */
export function createProvincialAdapter(
  decl: AdapterDeclaration<ProvincialOptions>,
  deps: AdapterDeps,
  tuning: ProvincialTuning = {},
): SourceAdapter {
  const options = resolveOptions(decl.options);
  const client = new ProvincialClient({
    baseUrl: decl.baseUrl.replace(/\/+$/, ''),
    appId: credential(decl, deps, 'appId'),
    appSecret: credential(decl, deps, 'appSecret'),
    http: deps.http,
    log: deps.log,
    options,
    now: deps.now ?? Date.now,
    sleep: tuning.sleep ?? realSleep,
    random: tuning.random ?? Math.random,
    clock: tuning.clock ?? (() => performance.now()),
  });

  return {
    id: decl.id,

    async check(signal): Promise<CheckResult> {
      try {
        await client.ensureToken(signal);
        return { ok: true };
      } catch (err) {
        const failure = err instanceof SourceError || err instanceof PageError ? err.failure : 'system';
        return { ok: false, failure, message: (err as Error).message };
      }
    },

    read(req) {
      const declared = decl.streams?.[req.stream];
      return readStream(
        client,
        {
          pageSize: options.pageSize,
          lookbackMs: (declared?.lookbackSeconds ?? DEFAULT_LOOKBACK_SECONDS) * 1000,
          initial: declared?.startFrom ? toSourceTime(declared.startFrom, `streams.${req.stream}.startFrom`) : HISTORY_START,
          maxCursorRestarts: options.maxCursorRestarts,
          log: deps.log,
        },
        req,
      );
    },

    /** §2.5: `GET /api/v2/enterprises/{qyid}`; 404 code 40401 → null. Soft-deleted enterprises are returned too. */
    async lookup(ref: ReferenceRequest, signal: AbortSignal): Promise<RawRecord | null> {
      if (ref.stream !== 'enterprises')
        throw new SourceError('system', 'TG_SOURCE_NO_LOOKUP', `provincial lookup serves enterprises only, not ${ref.stream}`);
      try {
        const answer = await client.get(`/api/v2/enterprises/${encodeURIComponent(ref.sourceKey)}`, signal, (d) =>
          toRawRecord('enterprises', d, 'data'),
        );
        return answer.value;
      } catch (err) {
        if (err instanceof SourceError && err.code === RECORD_NOT_FOUND) return null;
        throw err;
      }
    },

    async close() {
      // Nothing is held open: the HTTP agent belongs to deps.http, tokens simply expire.
    },
  };
}
