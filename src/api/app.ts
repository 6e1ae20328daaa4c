import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type PgBoss from 'pg-boss';
import type { Db } from '../db/pool';
import { GatewayError } from '../errors';
import type { Logger } from '../log';
import { buildStatus, type StatusSources } from './status';

export interface AppDeps extends StatusSources {
  boss: PgBoss;
  log: Logger;
  db: Db;
}

/** The status API as an express app; the caller decides where it listens. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
    res.locals.requestId = id;
    res.locals.log = deps.log.child({ requestId: id });
    res.setHeader('X-Request-Id', id);
    const started = Date.now();
    res.on('finish', () => {
      if (req.path !== '/health') (res.locals.log as Logger).http('request', { method: req.method, path: req.path, status: res.statusCode, ms: Date.now() - started });
    });
    next();
  });
  app.use(express.json({ limit: '1mb' }));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req, res) => {
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
  });

  app.get('/api/status', async (_req, res) => {
    res.json(await buildStatus(deps));
  });

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new GatewayError('TG_NOT_FOUND')));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err instanceof GatewayError ? err : new GatewayError('TG_INTERNAL');
    if (!(err instanceof GatewayError)) (res.locals.log as Logger | undefined)?.error('request failed', { error: (err as Error)?.message });
    res.status(e.status).json({ code: e.code, message: e.message, requestId: res.locals.requestId });
  });
  return app;
}
