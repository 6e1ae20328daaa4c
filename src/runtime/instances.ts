import { readSourceCredential, requireSourceCredential } from '../adapters/credentials';
import { createHttpClient } from '../adapters/http';
import { deprecatedCallOptions } from '../adapters/toolkit/call-options';
import type { AdapterDeclaration, AdapterKind, SourceAdapter } from '../adapters/types';
import { registerSecret, type Logger } from '../log';
import { mappingFor } from '../mappings/registry';
import type { Mapping } from '../mappings/types';
import type { StreamRuntime } from '../pipeline/types';

export interface AdapterInstance {
  readonly decl: AdapterDeclaration;
  readonly kind: AdapterKind;
  readonly adapter: SourceAdapter;
  /** Enabled streams, in the kind's order (referenced streams first). */
  readonly streams: readonly string[];
  runtime(stream: string): StreamRuntime | undefined;
}

/**
 * Reads a source credential reference (only `env:TG_SOURCE_*`); any other name, or an unset variable,
 * is a configuration error with one message that does not tell which variables exist.
 */
export function secretResolver(env: NodeJS.ProcessEnv = process.env) {
  return (ref: string): string => {
    const value = requireSourceCredential(ref, env);
    registerSecret(value);
    return value;
  };
}

export function createInstance(
  decl: AdapterDeclaration,
  kind: AdapterKind,
  log: Logger,
  opts: { env?: NodeJS.ProcessEnv; checkSecrets?: boolean; mappingFor?: (kind: string, stream: string) => Mapping | undefined } = {},
): AdapterInstance {
  const strict = secretResolver(opts.env);
  // Without the check (tools that only re-map stored records) a missing secret reads as empty: such an
  // instance never talks to its source.
  const secret = opts.checkSecrets === false ? (ref: string) => readSourceCredential(ref, opts.env ?? process.env) ?? '' : strict;
  if (opts.checkSecrets !== false) for (const ref of Object.values(decl.credentials)) strict(ref);
  for (const { name, message } of deprecatedCallOptions(decl.options)) {
    log.warn(`adapter ${decl.id}: ${message}`, { event: 'adapter:deprecated-option', adapterId: decl.id, option: name });
  }
  const options = decl.options as { maxResponseBytes?: number; timeoutMs?: number };
  const http = createHttpClient({
    allowedHosts: decl.allowedHosts ?? [],
    allowPrivateAddresses: decl.allowPrivateAddresses === true,
    maxResponseBytes: options.maxResponseBytes,
    timeoutMs: options.timeoutMs,
  });
  const adapter = kind.create(decl, { http, secret, log: log.child({ adapterId: decl.id }) });
  const streams = Object.keys(kind.streams).filter((s) => decl.streams?.[s]?.enabled !== false);
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(decl.options ?? {})) if (typeof v === 'string') params[k] = v;
  const runtimes = new Map<string, StreamRuntime>(
    Object.keys(kind.streams).map((stream) => [
      stream,
      {
        adapterId: decl.id,
        kind: decl.kind,
        stream,
        mapping: (opts.mappingFor ?? mappingFor)(decl.kind, stream),
        instance: { adapterId: decl.id, regionCode: decl.regionCode, sourceSystem: decl.sourceSystem, params },
        correctionField: kind.streams[stream]?.correctionField,
      },
    ]),
  );
  return { decl, kind, adapter, streams, runtime: (s) => runtimes.get(s) };
}

/** The live adapter instances of this process, rebuilt when a declaration changes. */
export class AdapterInstances {
  private readonly byId = new Map<string, AdapterInstance>();

  constructor(private readonly log: Logger) {}

  set(instance: AdapterInstance): void {
    const old = this.byId.get(instance.decl.id);
    this.byId.set(instance.decl.id, instance);
    if (old && old !== instance) void old.adapter.close().catch(() => undefined);
  }

  async remove(id: string): Promise<void> {
    const old = this.byId.get(id);
    this.byId.delete(id);
    await old?.adapter.close().catch(() => undefined);
  }

  get(id: string): AdapterInstance | undefined {
    return this.byId.get(id);
  }

  all(): AdapterInstance[] {
    return [...this.byId.values()];
  }

  async closeAll(): Promise<void> {
    await Promise.all(
      this.all().map((i) =>
        i.adapter.close().catch((err) => this.log.warn('adapter close failed', { adapterId: i.decl.id, error: String(err) })),
      ),
    );
    this.byId.clear();
  }
}
