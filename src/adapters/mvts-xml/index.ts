import { GatewayError } from '../../errors';
import { PageError, SourceError } from '../errors';
import type { AdapterDeclaration, AdapterDeps, AdapterKind, CheckResult, Page, ReadRequest, SourceAdapter } from '../types';
import { MvtsClient } from './client';
import { DEFAULT_LOOKBACK_SECONDS, mvtsOptionsSchema, resolveMvtsOptions, type MvtsOptions } from './options';
import { isMvtsStream, MVTS_STREAMS, readWindows } from './streams';

export type { MvtsOptions } from './options';

/**
 * The meat and vegetable circulation traceability system (source-subsystems §4): POST XML in GBK,
 * a session token from Login shared by the four record types, windows by UploadTime.
 * Streams are ordered by their cursor: it advances only when a window completes.
 */
export const mvtsXml: AdapterKind<MvtsOptions> = {
  kind: 'mvts-xml',
  streams: {
    TZ: { orderedByCursor: true, interface: MVTS_STREAMS.TZ.interface },
    JC: { orderedByCursor: true, interface: MVTS_STREAMS.JC.interface },
    JY: { orderedByCursor: true, interface: MVTS_STREAMS.JY.interface },
    PS: { orderedByCursor: true, interface: MVTS_STREAMS.PS.interface },
  },
  backfillWindow: { unit: 'time', holds: 'records whose UploadTime is at or after from and before until' },
  optionsSchema: mvtsOptionsSchema,
  credentialFields: ['nodeCode', 'password'],
  create: createMvtsAdapter,
};

export function createMvtsAdapter(decl: AdapterDeclaration<MvtsOptions>, deps: AdapterDeps): SourceAdapter {
  const options = resolveMvtsOptions(decl.options);
  const now = deps.now ?? Date.now;
  const client = new MvtsClient({
    baseUrl: decl.baseUrl,
    http: deps.http,
    credentials: () => ({ nodeCode: deps.secret(decl.credentials.nodeCode ?? ''), password: deps.secret(decl.credentials.password ?? '') }),
    now,
    options,
    log: deps.log,
  });

  return {
    id: decl.id,
    async check(signal: AbortSignal): Promise<CheckResult> {
      try {
        await client.ensureLogin(signal);
        return { ok: true };
      } catch (err) {
        if (err instanceof SourceError || err instanceof PageError) return { ok: false, failure: err.failure, message: err.message };
        // A credential reference that resolves to nothing is the operator's to fix.
        const failure = err instanceof GatewayError && err.code.startsWith('TG_CONFIG') ? 'config' : 'system';
        return { ok: false, failure, message: (err as Error).message };
      }
    },
    read(req: ReadRequest): AsyncIterable<Page> {
      const { stream } = req;
      if (!isMvtsStream(stream)) {
        throw new SourceError('system', 'TG_MVTS_UNKNOWN_STREAM', `mvts-xml has no stream ${stream} (TZ, JC, JY, PS)`);
      }
      const declared = decl.streams?.[stream] ?? {};
      return readWindows(
        stream,
        {
          client,
          options,
          lookbackSeconds: declared.lookbackSeconds ?? DEFAULT_LOOKBACK_SECONDS,
          startFrom: declared.startFrom,
          now,
          log: deps.log,
        },
        req,
      );
    },
    async close() {
      client.close();
    },
  };
}
