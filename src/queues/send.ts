import type PgBoss from 'pg-boss';
import type { QueueName, QueuePayloads } from './payloads';

/** Typed send: the payload must match the queue. */
export function send<Q extends QueueName>(
  boss: PgBoss,
  queue: Q,
  data: QueuePayloads[Q],
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  return boss.send(queue, data as object, options);
}

/**
 * Typed insert of several jobs of one queue in one statement (pg-boss's `insert`), in the caller's
 * transaction when `options.db` is given. Unlike `send`, it takes no per-job options.
 */
export async function sendAll<Q extends QueueName>(
  boss: PgBoss,
  queue: Q,
  data: readonly QueuePayloads[Q][],
  options: PgBoss.InsertOptions = {},
): Promise<void> {
  if (data.length === 0) return;
  await boss.insert(
    data.map((d) => ({ name: queue, data: d as object })),
    options,
  );
}
