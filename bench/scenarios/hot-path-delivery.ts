/**
 * Scenario 5c: delivery of formed batches to the mock national platform (faults off, no rate limit),
 * through the deliver handler (batch read, rate-limit token, sign, POST, receipt in one transaction)
 * against its baseline: the national client alone posting the same bodies (sign + POST + parse).
 * Both use the same concurrency as the gateway's delivery workers, each on its own appKey.
 */
import PgBoss from 'pg-boss';
import type { Db } from '../../src/db/pool';
import { batchMembers } from '../../src/db/queries/batches';
import { createDeliverHandler } from '../../src/jobs/deliver';
import { createQueues } from '../../src/jobs/queues';
import type { Logger } from '../../src/log';
import { createNationalClient } from '../../src/national/client';
import { createSharedRateLimiter } from '../../src/national/rate-limit';
import { NATIONAL_INTERFACES, type NationalInterface } from '../../src/national/types';
import { batchBody, formBatches, newBatchId } from '../../src/pipeline/batch';

export interface DeliveryFigures {
  batches: number;
  records: number;
  workers: number;
  handlerSeconds: number;
  handlerBatchesPerSecond: number;
  clientSeconds: number;
  clientBatchesPerSecond: number;
  delivered: number;
}

export interface NationalClientInfo {
  url: string;
  appKey: string;
  appSecret: string;
}

async function inParallel<T>(items: readonly T[], workers: number, fn: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Forms batches of the pending records behind `db` and delivers them both ways. */
export async function measureDelivery(
  db: Db,
  url: string,
  bossSchema: string,
  clients: { baseline: NationalClientInfo; handler: NationalClientInfo },
  workers: number,
  log: Logger,
): Promise<DeliveryFigures> {
  const boss = new PgBoss({ connectionString: url, schema: bossSchema, max: 4 });
  boss.on('error', (err) => log.warn('pg-boss error', { error: err.message }));
  await boss.start();
  try {
    await createQueues(boss, { pullExpireSeconds: 120, deliverExpireSeconds: 120 });
    const limits = { maxRecords: 500, maxBytes: 4 * 1024 * 1024 };
    for (const iface of NATIONAL_INTERFACES) await formBatches(db, boss, iface, limits);
    const batches = (await db.query(`SELECT batch_id, interface FROM batches WHERE state = 'queued' ORDER BY created_at`)).rows as Array<{
      batch_id: string;
      interface: NationalInterface;
    }>;
    const bodies: Array<{ iface: NationalInterface; body: Buffer }> = [];
    let records = 0;
    for (const b of batches) {
      const members = await batchMembers(db, b.batch_id);
      records += members.length;
      bodies.push({
        iface: b.interface,
        body: batchBody(
          newBatchId(b.interface),
          members.map((m) => m.body),
        ),
      });
    }

    const sign = (c: NationalClientInfo) =>
      createNationalClient({ baseUrl: c.url, appKey: c.appKey, appSecret: c.appSecret, signMethod: 'HMAC-SHA256', timeoutMs: 30_000 });
    const bare = sign(clients.baseline);
    const clientSeconds = await inParallel(bodies, workers, async ({ iface, body }) => {
      const answer = await bare.postBatch(iface, body);
      if (answer.kind !== 'receipt') throw new Error(`baseline batch not accepted: ${JSON.stringify(answer).slice(0, 300)}`);
    });

    const deliver = createDeliverHandler({
      db,
      boss,
      client: sign(clients.handler),
      appKey: clients.handler.appKey,
      log,
      limiter: createSharedRateLimiter(db, { key: clients.handler.appKey, perSecond: 1_000_000 }),
    });
    const handlerSeconds = await inParallel(batches, workers, (b) => deliver({ batchId: b.batch_id, interface: b.interface }));
    const delivered = (await db.query(`SELECT count(*)::int AS n FROM batches WHERE state = 'delivered'`)).rows[0].n as number;
    return {
      batches: batches.length,
      records,
      workers,
      handlerSeconds,
      handlerBatchesPerSecond: batches.length / handlerSeconds,
      clientSeconds,
      clientBatchesPerSecond: batches.length / clientSeconds,
      delivered,
    };
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
