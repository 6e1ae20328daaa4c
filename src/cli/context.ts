import path from 'node:path';
import PgBoss from 'pg-boss';
import { adapterKinds } from '../adapters/registry';
import { loadConfig, type Config } from '../config';
import { createPool, type Db } from '../db/pool';
import { migrate } from '../db/migrate';
import { openDatabase } from '../db/open-database';
import { allAdapterDeclarations } from '../db/queries/adapters-list';
import { createQueues } from '../jobs/queues';
import { createLogger, type Logger } from '../log';
import { TranslationTableSource } from '../mappings/table-watch';
import { CodeListStore } from '../national/codelist-store';
import type { PipelineDeps } from '../pipeline/types';
import { AdapterInstances, createInstance } from '../runtime/instances';

export interface ToolContext {
  config: Config;
  log: Logger;
  db: Db;
  boss: PgBoss;
  instances: AdapterInstances;
  pipeline: PipelineDeps;
  close(): Promise<void>;
}

/**
 * What a command-line tool needs: the gateway's database (the running gateway's embedded server when
 * there is one), pg-boss without its maintenance loops, the registered adapters and the pipeline.
 */
export async function openToolContext(opts: { logLevel?: string; checkSecrets?: boolean } = {}): Promise<ToolContext> {
  const config = loadConfig();
  const log = createLogger({ level: opts.logLevel ?? (config.logLevel === 'info' ? 'warn' : config.logLevel), pretty: true });
  const { url, embedded } = await openDatabase(config, log, 'attach');
  const db = createPool({ url, schema: config.database.schema, max: 4 });
  try {
    await migrate(db, { schema: config.database.schema });
    const boss = new PgBoss({ connectionString: url, schema: config.database.bossSchema, max: 2, supervise: false, schedule: false });
    boss.on('error', (err) => log.error('job queue error', { error: err.message }));
    await boss.start();
    await createQueues(boss, { pullExpireSeconds: config.pull.expireSeconds });
    const tables = new TranslationTableSource(path.resolve(config.translationsDir));
    const codeLists = new CodeListStore(db, { dir: path.resolve(config.codelistsDir), regionScope: config.national.regionScope, log });
    await codeLists.syncFromDb();
    const instances = new AdapterInstances(log);
    for (const { decl } of await allAdapterDeclarations(db)) {
      const kind = adapterKinds[decl.kind];
      if (kind) instances.set(createInstance(decl, kind, log, { checkSecrets: opts.checkSecrets ?? false }));
    }
    const pipeline: PipelineDeps = { tables: () => tables.current(), validator: () => codeLists.validator(), now: () => Date.now(), log };
    return {
      config,
      log,
      db,
      boss,
      instances,
      pipeline,
      async close() {
        await instances.closeAll();
        await boss.stop({ graceful: false, wait: true, timeout: 5000 }).catch(() => undefined);
        await db.end();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await db.end().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
}
