import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { requireAccess, type RefusalHook } from '../auth/authenticate';
import { BoundedRefusalLog } from '../auth/refusal-log';
import { GatewayError } from '../errors';
import { withLogContext, type Logger } from '../log';
import type { ApiDeps, Handler } from './deps';
import { maskPersonalData } from './mask';
import { buildOpenApiDocument } from './openapi/document';
import type { OperationSpec } from './openapi/operation-spec';
import { operations } from './openapi/operations';
import { apiRateLimits } from './rate-limits';
import { createRequestValidator } from './request-validation';
import { adapterHandlers } from './routes/adapter-routes';
import { quarantineHandlers } from './routes/quarantine-routes';
import { publicTraceSurface } from './routes/public-trace-routes';
import { noticeHandlers } from './routes/notice-routes';
import { recordHandlers } from './routes/record-routes';
import { statusHandlers } from './routes/status-routes';
import { tokenHandlers } from './routes/token-routes';

export type { ApiDeps } from './deps';
/** Older name of the dependencies, kept for callers written before the operator surfaces. */
export type AppDeps = ApiDeps;

/** The dashboard's static files: beside this module when run from source, in src/ when run from a build without them. */
export const DASHBOARD_DIR =
  [path.resolve(__dirname, '../dashboard'), path.resolve(__dirname, '../../../src/dashboard')].find((d) =>
    fs.existsSync(path.join(d, 'index.html')),
  ) ?? path.resolve(__dirname, '../dashboard');

const expressPath = (p: string) => p.replace(/\{(\w+)\}/g, ':$1');
const paramCount = (op: OperationSpec) => (op.path.match(/\{/g) ?? []).length;

function requestLog(deps: ApiDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = (req.headers['x-request-id'] as string | undefined)?.replace(/[^\w.:-]/g, '').slice(0, 64) || randomUUID();
    res.locals.requestId = id;
    res.locals.log = deps.log.child({ requestId: id });
    res.setHeader('X-Request-Id', id);
    const started = Date.now();
    res.on('finish', () => {
      if (req.path !== '/health' && req.path !== '/metrics') {
        (res.locals.log as Logger).http('request', {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Date.now() - started,
          actor: res.locals.caller?.actor,
        });
      }
    });
    // Every log line written while the request is handled carries its id.
    withLogContext({ requestId: id }, next);
  };
}

/** Operations whose answer is a secret issued to the caller (shown once), so it is not masked. */
const ANSWERS_WITH_A_NEW_SECRET = new Set(['createToken']);

/**
 * Every JSON answer, errors included, leaves with resident ID numbers and registered secrets masked,
 * whatever route built it (a batch's lastError, an adapter test result, an audit entry).
 */
function maskAnswers(_req: Request, res: Response, next: NextFunction): void {
  const json = res.json.bind(res);
  res.json = (body?: unknown) => json(res.locals.answerCarriesNewSecret === true ? body : maskPersonalData(body));
  next();
}

const answerCarriesNewSecret: express.Handler = (_req, res, next) => {
  res.locals.answerCarriesNewSecret = true;
  next();
};

/** Static dashboard with a strict policy: own scripts and styles only, nothing inline, no framing. */
function dashboard(): express.Handler {
  const files = express.static(DASHBOARD_DIR, { index: 'index.html', fallthrough: true, maxAge: 0 });
  return (req, res, next) => {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    files(req, res, next);
  };
}

function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  let e: { code: string; status: number; message: string; details?: unknown };
  const bodyError = err as { type?: string; status?: number };
  if (err instanceof GatewayError)
    e = { code: err.code, status: err.status, message: err.message, details: err instanceof GatewayError ? err.details : undefined };
  else if (bodyError?.type === 'entity.parse.failed')
    e = { code: 'TG_REQUEST_INVALID', status: 400, message: 'the body is not valid JSON' };
  else if (bodyError?.type === 'entity.too.large')
    e = { code: 'TG_PAYLOAD_TOO_LARGE', status: 413, message: 'the request body is too large' };
  else {
    (res.locals.log as Logger | undefined)?.error('request failed', {
      event: 'api:error',
      error: (err as Error)?.message,
      stack: (err as Error)?.stack,
    });
    e = { code: 'TG_INTERNAL', status: 500, message: 'internal error' };
  }
  if (e.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.status(e.status).json({
    code: e.code,
    message: e.message,
    requestId: res.locals.requestId,
    ...(e.details !== undefined ? { details: e.details } : {}),
  });
}

/**
 * The status API and dashboard as an express app; the caller decides where it listens. Every route is
 * one operation of the OpenAPI document: access role, then request validation, then the handler.
 */
export function createApp(deps: ApiDeps): express.Express {
  const openapi = buildOpenApiDocument(deps.version ?? '0.1.0');
  const validate = createRequestValidator(openapi, operations);
  const status = statusHandlers(deps, openapi);
  const publicTrace = publicTraceSurface(deps);
  const handlers: Record<string, Handler> = {
    ...status.handlers,
    ...adapterHandlers(deps, status.status),
    ...recordHandlers(deps),
    ...quarantineHandlers(deps),
    ...tokenHandlers(deps),
    ...publicTrace.handlers,
    ...noticeHandlers(deps),
  };
  /** Middleware that runs before access and validation (the public trace rate limit counts every request). */
  const before: Record<string, express.RequestHandler[]> = publicTrace.before;
  const missing = operations.filter((op) => !handlers[op.operationId]).map((op) => op.operationId);
  const unused = Object.keys(handlers).filter((id) => !operations.some((op) => op.operationId === id));
  if (missing.length || unused.length)
    throw new Error(`API operations and handlers differ: missing ${missing.join(', ') || '-'}; unused ${unused.join(', ') || '-'}`);

  const refusalLog = new BoundedRefusalLog((line) => deps.log.warn('API requests refused at authentication', line));
  const onRefused: RefusalHook = (reason, req) => {
    deps.metrics?.onAuthRefused?.(reason);
    refusalLog.refused(reason, req.ip ?? 'unknown');
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Client addresses behind reverse proxies (rate limits, request logs): trust as many hops as configured.
  if (deps.publicTrace?.settings.trustProxyHops) app.set('trust proxy', deps.publicTrace.settings.trustProxyHops);
  app.use(requestLog(deps));
  app.use(maskAnswers);
  // A change (pull, replay, registration…) shows in the very next status read. Only a request whose
  // token passed may clear the shared read: an anonymous POST must not make the next reads hit PostgreSQL.
  const invalidateOnChange = (_req: Request, res: Response, next: NextFunction) => {
    status.status.invalidate();
    res.on('finish', () => status.status.invalidate());
    next();
  };
  const limits = apiRateLimits(deps.rateLimit ?? { windowSeconds: 60, perAddress: 0, perToken: 0 });
  const json = express.json({ limit: '1mb' });
  // Literal paths before parameterised ones (/api/quarantine/summary before /api/quarantine/{id}).
  for (const op of [...operations].sort((a, b) => paramCount(a) - paramCount(b))) {
    const unmasked = ANSWERS_WITH_A_NEW_SECRET.has(op.operationId) ? [answerCarriesNewSecret] : [];
    const chain: express.RequestHandler[] = [
      // Routes with a limiter of their own (the public trace surface) keep theirs instead of the API's.
      ...(before[op.operationId] ?? [limits.perAddress]),
      requireAccess(deps.db, op.access, onRefused),
      ...(op.access === 'public' ? [] : [limits.perToken]),
      ...(op.method === 'get' ? [] : [invalidateOnChange]),
      json,
      validate(op),
      ...unmasked,
      handlers[op.operationId]!,
    ];
    app[op.method](expressPath(op.path), ...chain);
  }
  if (deps.dashboard !== false) app.use(dashboard());
  app.use((_req: Request, _res: Response, next: NextFunction) => next(new GatewayError('TG_NOT_FOUND')));
  app.use(errorHandler);
  return app;
}
