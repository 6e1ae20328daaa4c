import PgBoss from 'pg-boss';
import { createQueues } from '../../src/jobs/queues';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './db';

/** A started pg-boss in the test database's own job schema, with the gateway's queues created. */
export async function startTestBoss(t: TestDatabase): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: t.url, schema: t.bossSchema, max: 3 });
  boss.on('error', () => undefined);
  await boss.start();
  await createQueues(boss, { pullExpireSeconds: 60 });
  return boss;
}

/** A test database and a started pg-boss for the file (or describe block): made before its first test, dropped after its last. */
export function useTestDatabaseWithBoss(): { readonly t: TestDatabase; readonly boss: PgBoss } {
  const env = {} as { t: TestDatabase; boss: PgBoss };
  beforeAll(async () => {
    env.t = await createTestDatabase();
    env.boss = await startTestBoss(env.t);
  });
  afterAll(async () => {
    await env.boss?.stop({ graceful: false, wait: true });
    await env.t?.drop();
  });
  return env;
}
