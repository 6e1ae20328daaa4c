import path from 'node:path';
import { loadDeclarations } from '../adapters/declaration';
import { adapterKinds } from '../adapters/registry';
import type { AdapterDeclaration } from '../adapters/types';
import type { Config } from '../config';
import type { Db } from '../db/pool';
import { listApiAdapters, upsertAdapter } from '../db/queries/adapters';
import type { Logger } from '../log';
import { createInstance, type AdapterInstances } from './instances';

/**
 * Registers the declared adapters (ADAPTERS_DIR, the demo's with the simulators, then `extra`) and
 * starts those enabled, then starts the enabled adapters registered through the API. One registered
 * through the API that cannot be built is reported and skipped: it must not stop a start.
 */
export async function startAdapterInstances(
  instances: AdapterInstances,
  deps: { db: Db; config: Config; extra?: readonly AdapterDeclaration[]; log: Logger },
): Promise<void> {
  const { db, config, log } = deps;
  const declared = [
    ...loadDeclarations(path.resolve(config.adaptersDir), adapterKinds).map((d) => ({ ...d, origin: 'config' as const })),
    ...(config.simulators
      ? loadDeclarations(path.resolve(config.demoAdaptersDir), adapterKinds).map((d) => ({ ...d, origin: 'demo' as const }))
      : []),
    ...(deps.extra ?? []).map((decl) => ({ file: 'options', decl, origin: 'config' as const })),
  ];
  for (const { decl, origin } of declared) await upsertAdapter(db, decl, origin);
  for (const { decl } of declared) if (decl.enabled !== false) instances.set(createInstance(decl, adapterKinds[decl.kind]!, log));
  for (const decl of (await listApiAdapters(db)).filter((d) => !declared.some((x) => x.decl.id === d.id))) {
    if (decl.enabled === false) continue;
    try {
      instances.set(createInstance(decl, adapterKinds[decl.kind]!, log));
    } catch (err) {
      log.error('a registered adapter cannot run in this process', {
        event: 'adapter:skipped',
        adapterId: decl.id,
        error: (err as Error).message,
      });
    }
  }
}
