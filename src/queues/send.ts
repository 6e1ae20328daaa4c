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
