import PgBoss from 'pg-boss';
import { createQueues } from '../../src/jobs/queues';
import type { TestDatabase } from './db';

/** A started pg-boss in the test database's own job schema, with the gateway's queues created. */
export async function startTestBoss(t: TestDatabase): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: t.url, schema: t.bossSchema, max: 3 });
  boss.on('error', () => undefined);
  await boss.start();
  await createQueues(boss, { pullExpireSeconds: 60 });
  return boss;
}
