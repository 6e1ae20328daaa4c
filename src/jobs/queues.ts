import PgBoss from 'pg-boss';

export interface QueueSettings {
  pullExpireSeconds: number;
  /** How long a delivery may run before pg-boss hands it to another worker (a crashed process). */
  deliverExpireSeconds?: number;
}

/** Queue policies; created idempotently at every start (a send to a missing queue is silently dropped). */
export function queueDefinitions(s: QueueSettings): Array<PgBoss.Queue> {
  return [
    // One pull per adapter at a time, and at most one waiting: the singletonKey is the adapter id.
    { name: 'pull', policy: 'stately', retryLimit: 0, expireInSeconds: s.pullExpireSeconds },
    { name: 'backfill', policy: 'standard', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 4 * 3600 },
    // Delivery retries are scheduled by the handler itself; pg-boss retries only cover a crashed worker.
    {
      name: 'deliver',
      policy: 'standard',
      retryLimit: 1_000_000,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: s.deliverExpireSeconds ?? 120,
    },
    { name: 'replay', policy: 'standard', retryLimit: 3, retryDelay: 10, expireInSeconds: 1800 },
    { name: 'refresh-codelists', policy: 'singleton', retryLimit: 2, expireInSeconds: 300 },
    { name: 'reconcile', policy: 'singleton', retryLimit: 2, expireInSeconds: 900 },
    { name: 'prune', policy: 'singleton', retryLimit: 1, expireInSeconds: 1800 },
    // One round per poll slot (singletonKey + singletonSeconds at send); one at a time across processes by
    // the round's advisory lock, which dies with its session, so a killed process never holds rounds back.
    { name: 'notices', policy: 'standard', retryLimit: 1, expireInSeconds: 600 },
    { name: 'notices-inspections', policy: 'standard', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
  ];
}

export async function createQueues(boss: PgBoss, s: QueueSettings): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  for (const q of queueDefinitions(s)) {
    // Settings follow the configuration on every start; the policy of an existing queue cannot change.
    if (existing.has(q.name)) await boss.updateQueue(q.name, q);
    else await boss.createQueue(q.name, q);
  }
}
