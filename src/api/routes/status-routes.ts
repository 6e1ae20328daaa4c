import { recentIncidents } from '../../db/queries/alert-incidents';
import { recordEvent } from '../../db/queries/events';
import { setPaused } from '../../db/queries/national-state';
import { GatewayError } from '../../errors';
import { actorOf, type ApiDeps, type Handler } from '../deps';
import { maskPersonalData } from '../mask';
import { cachedRead } from '../status-cache';
import { buildStatus } from '../status';

export type StatusDocument = Awaited<ReturnType<typeof buildStatus>>;

export function statusHandlers(deps: ApiDeps, openapi: Record<string, unknown>) {
  const status = cachedRead(async () => maskPersonalData(await buildStatus(deps)), deps.statusCacheMs ?? 2000);
  const handlers: Record<string, Handler> = {
    health: (_req, res) => {
      res.json({ status: 'ok' });
    },
    ready: async (_req, res) => {
      const checks: Record<string, string> = {};
      try {
        await deps.db.query('SELECT 1');
        checks.database = 'ok';
      } catch (err) {
        checks.database = `error: ${(err as Error).message}`;
      }
      try {
        await deps.boss.getQueueSize('deliver');
        checks.jobs = 'ok';
      } catch (err) {
        checks.jobs = `error: ${(err as Error).message}`;
      }
      const ok = Object.values(checks).every((v) => v === 'ok');
      res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks });
    },
    metrics: async (_req, res) => {
      if (!deps.metrics) throw new GatewayError('TG_NOT_FOUND', 'metrics are not enabled in this process');
      const m = await deps.metrics.render();
      res.type(m.contentType).send(m.body);
    },
    openapi: (_req, res) => {
      res.json(openapi);
    },
    whoami: (_req, res) => {
      res.json({ actor: actorOf(res), role: res.locals.caller.role });
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
      const changed = await setPaused(deps.db, deps.appKey, false, null);
      await recordEvent(deps.db, { actor: actorOf(res), action: 'national:resumed', subject: deps.appKey, details: { changed } });
      res.json(maskPersonalData((await buildStatus(deps)).national));
    },
    listAlerts: async (_req, res) => {
      const rows = await recentIncidents(deps.db, 24);
      res.json(maskPersonalData(rows.map((r) => ({ id: r.id, key: r.key, kind: r.kind, summary: r.summary, details: r.details, openedAt: r.openedAt, resolvedAt: r.resolvedAt }))));
    },
  };
  return { handlers, status };
}
