import { recentIncidents } from '../../db/queries/alert-incidents';
import { recordEvent } from '../../db/queries/events';
import { setPaused } from '../../db/queries/national-state';
import { recentReconciliations } from '../../db/queries/reconcile';
import { getBatch, listOpenBatches, requeueBatch } from '../../db/queries/batches';
import { bossDb, withTransaction } from '../../db/pool';
import { send } from '../../queues/send';
import { requeueParkedBatches } from '../../jobs/parked-batches';
import type { NationalInterface } from '../../national/types';
import { GatewayError } from '../../errors';
import { actorOf, type ApiDeps, type Handler } from '../deps';
import { maskPersonalData } from '../mask';
import { cachedRead } from '../status-cache';
import { metricsHandler } from '../metrics-endpoint';
import { checkReadiness } from '../readiness';
import { buildStatus } from '../status';

export type StatusDocument = Awaited<ReturnType<typeof buildStatus>>;

export function statusHandlers(deps: ApiDeps, openapi: Record<string, unknown>) {
  const status = cachedRead(async () => maskPersonalData(await buildStatus(deps)), deps.statusCacheMs ?? 2000);
  // Anyone may ask /ready: its three small reads run at most once per readyCacheMs, whoever asks.
  const readiness = cachedRead(() => checkReadiness(deps.db, deps.boss, deps.appKey), deps.readyCacheMs ?? 5000);
  const handlers: Record<string, Handler> = {
    health: (_req, res) => {
      const live = deps.liveness?.();
      if (!live) return void res.json({ status: 'ok' });
      res.status(live.healthy ? 200 : 503).json({ status: live.healthy ? 'ok' : 'unhealthy', database: live.database });
    },
    ready: async (_req, res) => {
      const r = await readiness();
      res.status(r.status === 'ready' ? 200 : 503).json(r);
    },
    metrics: metricsHandler(deps),
    openapi: (_req, res) => {
      res.json(openapi);
    },
    whoami: (_req, res) => {
      const actor = actorOf(res);
      res.json({ actor: actor.name, tokenId: actor.tokenId, role: res.locals.caller.role });
    },
    getStatus: async (_req, res) => {
      res.json(await status());
    },
    getStatusHistory: (_req, res) => {
      res.json(deps.history?.list() ?? []);
    },
    listInterfaces: async (_req, res) => {
      res.json((await status()).interfaces);
    },
    getNational: async (_req, res) => {
      res.json((await status()).national);
    },
    resumeNational: async (_req, res) => {
      const { changed, requeued } = await withTransaction(deps.db, async (tx) => {
        const changed = await setPaused(tx, deps.appKey, false, null);
        const requeued = await requeueParkedBatches(tx, deps.boss, deps.appKey);
        await recordEvent(tx, { actor: actorOf(res), action: 'national:resumed', subject: deps.appKey, details: { changed, requeued } });
        return { changed, requeued };
      });
      if (requeued > 0) deps.notifyDeliver?.(requeued);
      res.json(maskPersonalData((await buildStatus(deps)).national));
    },
    listReconciliations: async (req, res) => {
      res.json(await recentReconciliations(deps.db, Number(req.query.days ?? 7)));
    },
    listBatches: async (req, res) => {
      res.json(await listOpenBatches(deps.db, req.query.state as string | undefined, Number(req.query.limit ?? 100)));
    },
    retryBatch: async (req, res) => {
      const batchId = String(req.params.batchId);
      const batch = await getBatch(deps.db, batchId);
      if (!batch) throw new GatewayError('TG_NOT_FOUND', `no batch ${batchId}`);
      const requeued = await withTransaction(deps.db, async (tx) => {
        if (!(await requeueBatch(tx, batchId))) return false;
        await send(deps.boss, 'deliver', { batchId, interface: batch.interface as NationalInterface }, { db: bossDb(tx) });
        await recordEvent(tx, { actor: actorOf(res), action: 'batch:retry', subject: batchId, details: { previousState: batch.state } });
        return true;
      });
      if (!requeued)
        throw new GatewayError(
          'TG_CONFLICT',
          `batch ${batchId} is ${batch.state}; only a queued, failing or blocked batch can be sent again`,
        );
      deps.notifyDeliver?.();
      res.json({ batchId, interface: batch.interface, state: 'queued', recordCount: batch.recordCount, attempts: batch.attempts });
    },
    listAlerts: async (_req, res) => {
      const rows = await recentIncidents(deps.db, 24);
      res.json(
        maskPersonalData(
          rows.map((r) => ({
            id: r.id,
            key: r.key,
            kind: r.kind,
            summary: r.summary,
            details: r.details,
            openedAt: r.openedAt,
            resolvedAt: r.resolvedAt,
          })),
        ),
      );
    },
  };
  return { handlers, status };
}
