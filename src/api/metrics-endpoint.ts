import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { bearerToken } from '../auth/token-secret';
import { GatewayError } from '../errors';
import type { ApiDeps, Handler } from './deps';
import { cachedRead } from './status-cache';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * GET /metrics: the exposition is computed at most once per `metricsAccess.cacheMs` (15 s) and served
 * from that cache, so scrapes and anonymous callers cost PostgreSQL one round per period at most.
 * With METRICS_TOKEN the caller must bring it; with METRICS_PORT it is served only on that port.
 */
export function metricsHandler(deps: Pick<ApiDeps, 'metrics' | 'metricsAccess'>, opts: { ownPort?: boolean } = {}): Handler {
  const access = deps.metricsAccess ?? {};
  const render = deps.metrics ? cachedRead(() => deps.metrics!.render(), access.cacheMs ?? 15_000) : undefined;
  const expected = access.token ? digest(access.token) : undefined;
  return async (req: Request, res: Response) => {
    if (!render) throw new GatewayError('TG_NOT_FOUND', 'metrics are not enabled in this process');
    if (access.ownPort && !opts.ownPort) throw new GatewayError('TG_NOT_FOUND', 'metrics are served on METRICS_PORT');
    if (expected) {
      const given = bearerToken(req.headers.authorization);
      if (!given) {
        deps.metrics?.onAuthRefused?.('missing');
        throw new GatewayError('TG_AUTH_REQUIRED', 'metrics need the METRICS_TOKEN bearer token');
      }
      if (!timingSafeEqual(digest(given), expected)) {
        deps.metrics?.onAuthRefused?.('unknown');
        throw new GatewayError('TG_AUTH_INVALID', 'this is not the METRICS_TOKEN');
      }
    }
    const m = await render();
    res.type(m.contentType).send(m.body);
  };
}

/** The app of METRICS_PORT: GET /metrics and nothing else. */
export function createMetricsApp(deps: Pick<ApiDeps, 'metrics' | 'metricsAccess'>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const handler = metricsHandler(deps, { ownPort: true });
  app.get('/metrics', (req, res, next) => Promise.resolve(handler(req, res)).catch(next));
  app.use((_req: Request, _res: Response, next: NextFunction) => next(new GatewayError('TG_NOT_FOUND')));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err instanceof GatewayError ? err : new GatewayError('TG_INTERNAL');
    if (e.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(e.status).json({ code: e.code, message: e.message });
  });
  return app;
}
