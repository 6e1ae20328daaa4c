import { validateDeclaration } from '../adapters/declaration';
import { CREDENTIAL_NOT_USABLE, isSourceCredentialRef, readSourceCredential } from '../adapters/credentials';
import { HostNotAllowedError } from '../adapters/errors';
import { assertHostAllowed } from '../adapters/host-guard';
import type { AdapterDeclaration, AdapterKind, CheckResult } from '../adapters/types';
import { withTransaction, type Db } from '../db/pool';
import {
  deleteApiAdapter,
  getAdapterRegistration,
  insertApiAdapter,
  listAdapterRegistrations,
  replaceApiAdapter,
  setAdapterEnabled,
  type AdapterRegistrationRow,
} from '../db/queries/adapter-registry';
import { recordEvent, type Actor } from '../db/queries/events';
import { GatewayError } from '../errors';
import { registerSecret, type Logger } from '../log';
import { createInstance, type AdapterInstance, type AdapterInstances } from '../runtime/instances';

/** The part of PullScheduler the control needs. */
export interface ScheduleTable {
  set(adapterId: string, expression: string): void;
  remove(adapterId: string): void;
}

export interface AdapterControlDeps {
  db: Db;
  kinds: Readonly<Record<string, AdapterKind>>;
  instances: AdapterInstances;
  scheduler: ScheduleTable;
  /** Whether this process runs schedules (false: instances only). */
  schedules: boolean;
  log: Logger;
  /** Where `env:NAME` credentials are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  validateSchedule(expression: string): boolean;
}

const SOURCE = 'request body';

/** Refuses inline secrets before anything else sees them; the values are registered so no log shows them. */
function refuseInlineSecrets(input: unknown): void {
  const creds = (input as { credentials?: unknown } | null)?.credentials;
  if (!creds || typeof creds !== 'object') return;
  const inline = Object.entries(creds as Record<string, unknown>).filter(
    ([, v]) => typeof v === 'string' && !/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(v),
  );
  if (inline.length === 0) return;
  for (const [, v] of inline) registerSecret(v as string);
  throw new GatewayError(
    'TG_ADAPTER_INVALID',
    inline
      .map(
        ([k]) =>
          `${SOURCE} /credentials/${k}: must be a reference env:NAME to an environment variable of the gateway; an inline secret is refused and was not stored`,
      )
      .join('\n'),
  );
}

/** A baseUrl must reach public addresses only, unless its host is listed in allowedHosts with allowPrivateAddresses (checked after DNS resolution). */
async function checkBaseUrl(decl: AdapterDeclaration): Promise<void> {
  let url: URL;
  try {
    url = new URL(decl.baseUrl);
  } catch {
    throw new GatewayError('TG_ADAPTER_INVALID', `${SOURCE} /baseUrl: is not a URL`);
  }
  try {
    await assertHostAllowed({ allowedHosts: decl.allowedHosts ?? [], allowPrivateAddresses: decl.allowPrivateAddresses === true }, url, {
      resolve: true,
    });
  } catch (err) {
    if (err instanceof HostNotAllowedError)
      throw new GatewayError('TG_ADAPTER_INVALID', `${SOURCE} /baseUrl: ${err.message.replace(/^TG_HOST_NOT_ALLOWED: /, '')}`);
    throw new GatewayError(
      'TG_ADAPTER_INVALID',
      `${SOURCE} /baseUrl: host ${url.hostname} cannot be resolved (${(err as NodeJS.ErrnoException).code ?? 'lookup failed'})`,
    );
  }
}

/**
 * A declaration as the audit trail keeps it: credential values are references (`env:TG_SOURCE_…`, checked
 * before anything is stored); anything else in their place is never copied into the trail.
 */
export function auditedDeclaration(decl: AdapterDeclaration | undefined | null): AdapterDeclaration | null {
  if (!decl) return null;
  const credentials = Object.fromEntries(
    Object.entries(decl.credentials ?? {}).map(([k, v]) => [
      k,
      typeof v === 'string' && isSourceCredentialRef(v) ? v : '(not a reference; not recorded)',
    ]),
  );
  return { ...decl, credentials };
}

export function registrationView(row: AdapterRegistrationRow) {
  return { id: row.id, kind: row.kind, origin: row.origin, enabled: row.enabled, declaration: row.declaration, updatedAt: row.updatedAt };
}

/**
 * Adapter registration through the API: validation, persistence (origin `api`), audit, and the live
 * instances and schedules of this process. Other processes follow through reload(), run periodically.
 */
export class AdapterControl {
  /** updated_at of every registration this process has applied. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly deps: AdapterControlDeps) {}

  /** Full validation of a declaration from the API; returns it with defaults applied. */
  async validate(input: unknown): Promise<AdapterDeclaration> {
    refuseInlineSecrets(input);
    const decl = validateDeclaration(input, this.deps.kinds, SOURCE);
    if (!this.deps.validateSchedule(decl.schedule))
      throw new GatewayError('TG_ADAPTER_INVALID', `${SOURCE} /schedule: is not a valid cron expression`);
    const env = this.deps.env ?? process.env;
    const unusable = Object.entries(decl.credentials).filter(([, ref]) => readSourceCredential(ref, env) === undefined);
    if (unusable.length)
      throw new GatewayError(
        'TG_ADAPTER_INVALID',
        unusable.map(([field]) => `${SOURCE} /credentials/${field}: ${CREDENTIAL_NOT_USABLE}`).join('\n'),
      );
    await checkBaseUrl(decl);
    this.build(decl)
      .adapter.close()
      .catch(() => undefined);
    return decl;
  }

  private build(decl: AdapterDeclaration): AdapterInstance {
    try {
      return createInstance(decl, this.deps.kinds[decl.kind]!, this.deps.log, { env: this.deps.env });
    } catch (err) {
      if (err instanceof GatewayError && err.code === 'TG_CONFIG_SECRET_MISSING')
        throw new GatewayError('TG_ADAPTER_INVALID', `${SOURCE} /credentials: ${err.message}`);
      throw err;
    }
  }

  private apply(row: AdapterRegistrationRow): void {
    this.seen.set(row.id, row.updatedAt.getTime());
    if (!row.enabled) {
      this.deps.scheduler.remove(row.id);
      void this.deps.instances.remove(row.id);
      return;
    }
    this.deps.instances.set(this.build(row.declaration));
    if (this.deps.schedules) this.deps.scheduler.set(row.id, row.declaration.schedule);
  }

  private unapply(id: string): void {
    this.seen.delete(id);
    this.deps.scheduler.remove(id);
    void this.deps.instances.remove(id);
  }

  async register(input: unknown, actor: Actor): Promise<AdapterRegistrationRow> {
    const decl = await this.validate(input);
    const row = await withTransaction(this.deps.db, async (tx) => {
      const inserted = await insertApiAdapter(tx, decl);
      if (!inserted) {
        const other = await getAdapterRegistration(tx, decl.id);
        throw new GatewayError('TG_ADAPTER_EXISTS', `adapter ${decl.id} already exists (origin ${other?.origin ?? 'unknown'})`);
      }
      await recordEvent(tx, {
        actor,
        action: 'adapter:registered',
        subject: decl.id,
        details: { before: null, after: auditedDeclaration(inserted.declaration) },
      });
      return inserted;
    });
    this.apply(row);
    return row;
  }

  async update(id: string, input: unknown, actor: Actor): Promise<AdapterRegistrationRow> {
    if ((input as { id?: unknown } | null)?.id !== id)
      throw new GatewayError('TG_ADAPTER_INVALID', `${SOURCE} /id: must equal the adapter id of the path (${id})`);
    await this.requireApiOrigin(id);
    const decl = await this.validate(input);
    const row = await withTransaction(this.deps.db, async (tx) => {
      const before = await getAdapterRegistration(tx, id, { forUpdate: true });
      const updated = await replaceApiAdapter(tx, decl);
      if (!updated) throw new GatewayError('TG_ADAPTER_NOT_FOUND', `adapter ${id} is not registered`);
      await recordEvent(tx, {
        actor,
        action: 'adapter:updated',
        subject: id,
        details: { before: auditedDeclaration(before?.declaration), after: auditedDeclaration(updated.declaration) },
      });
      return updated;
    });
    this.apply(row);
    return row;
  }

  async remove(id: string, actor: Actor): Promise<AdapterRegistrationRow> {
    await this.requireApiOrigin(id);
    const row = await withTransaction(this.deps.db, async (tx) => {
      const deleted = await deleteApiAdapter(tx, id);
      if (!deleted) throw new GatewayError('TG_ADAPTER_NOT_FOUND', `adapter ${id} is not registered`);
      await recordEvent(tx, {
        actor,
        action: 'adapter:deleted',
        subject: id,
        details: { before: auditedDeclaration(deleted.declaration), after: null },
      });
      return deleted;
    });
    this.unapply(id);
    return row;
  }

  async setEnabled(id: string, enabled: boolean, actor: Actor): Promise<AdapterRegistrationRow> {
    const row = await withTransaction(this.deps.db, async (tx) => {
      const updated = await setAdapterEnabled(tx, id, enabled);
      if (!updated) throw new GatewayError('TG_ADAPTER_NOT_FOUND', `adapter ${id} is not registered`);
      await recordEvent(tx, {
        actor,
        action: enabled ? 'adapter:enabled' : 'adapter:disabled',
        subject: id,
        details: { origin: updated.origin },
      });
      return updated;
    });
    this.apply(row);
    return row;
  }

  /** Test connection: authenticate and reach the source, no records read; a disabled adapter is built just for the check. */
  async check(id: string, timeoutMs = 15_000): Promise<CheckResult> {
    const row = await getAdapterRegistration(this.deps.db, id);
    if (!row) throw new GatewayError('TG_ADAPTER_NOT_FOUND', `adapter ${id} is not registered`);
    const live = this.deps.instances.get(id);
    const inst = live ?? this.build(row.declaration);
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await inst.adapter.check(signal);
    } catch (err) {
      return { ok: false, failure: 'system', message: (err as Error).message };
    } finally {
      if (!live) await inst.adapter.close().catch(() => undefined);
    }
  }

  private async requireApiOrigin(id: string): Promise<void> {
    const row = await getAdapterRegistration(this.deps.db, id);
    if (!row) throw new GatewayError('TG_ADAPTER_NOT_FOUND', `adapter ${id} is not registered`);
    if (row.origin !== 'api')
      throw new GatewayError(
        'TG_ADAPTER_EXISTS',
        `adapter ${id} is declared by ${row.origin === 'demo' ? 'the demo configuration' : 'a configuration file'}; change it there`,
      );
  }

  /** Remembers what startup already applied, so the first reload() rebuilds nothing. */
  async prime(): Promise<void> {
    for (const row of await listAdapterRegistrations(this.deps.db)) this.seen.set(row.id, row.updatedAt.getTime());
  }

  /**
   * Applies registrations changed by other processes: API registrations fully (new, changed, deleted),
   * other origins only their enabled flag. Returns the ids applied.
   */
  async reload(): Promise<string[]> {
    const rows = await listAdapterRegistrations(this.deps.db);
    const changed: string[] = [];
    for (const row of rows) {
      const seenAt = this.seen.get(row.id);
      if (seenAt === row.updatedAt.getTime()) continue;
      const live = this.deps.instances.get(row.id) !== undefined;
      if (row.origin !== 'api' && row.enabled === live) {
        this.seen.set(row.id, row.updatedAt.getTime());
        continue;
      }
      try {
        this.apply(row);
        changed.push(row.id);
      } catch (err) {
        this.seen.set(row.id, row.updatedAt.getTime());
        this.deps.log.warn('a registered adapter could not be started in this process', {
          event: 'adapter:reload-failed',
          adapterId: row.id,
          error: (err as Error).message,
        });
      }
    }
    const present = new Set(rows.map((r) => r.id));
    for (const id of [...this.seen.keys()]) {
      if (!present.has(id)) {
        this.unapply(id);
        changed.push(id);
      }
    }
    return changed;
  }

  /** Runs reload() every `ms`; returns a stop function. */
  startReload(ms: number): () => void {
    const timer = setInterval(() => {
      void this.reload().catch((err) =>
        this.deps.log.warn('adapter reload failed', { event: 'adapter:reload-failed', error: String(err) }),
      );
    }, ms);
    timer.unref();
    return () => clearInterval(timer);
  }
}
