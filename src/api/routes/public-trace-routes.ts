import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { openNoticesCovering } from '../../db/queries/notices';
import { GatewayError } from '../../errors';
import { PAGE_CSP, renderNotFoundPage, renderTooManyRequestsPage, renderTracePage } from '../../public-trace/page';
import { publicTraceUrl, qrSvg } from '../../public-trace/qr';
import { createPublicTraceReader, type PublicTraceReader } from '../../public-trace/reader';
import { paramsOf, type ApiDeps, type Handler } from '../deps';

const PUBLIC_OPERATIONS = ['publicTracePage', 'publicTraceQr', 'getPublicTrace'] as const;

function pageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

const isJsonRoute = (req: Request) => req.path.startsWith('/public/');

/**
 * The public trace surface (no token): the page `/t/{code}`, its QR code and `/public/v1/trace/{code}`.
 * Each client address gets `rateLimit.max` requests per window over the three; answers are cached per
 * code for `cacheSeconds` in this process and may be cached as long by browsers and proxies.
 */
export function publicTraceSurface(deps: ApiDeps): { handlers: Record<string, Handler>; before: Record<string, RequestHandler[]> } {
  const pt = deps.publicTrace;
  if (!pt || !pt.settings.enabled) {
    const off: Handler = () => {
      throw new GatewayError('TG_NOT_FOUND');
    };
    return { handlers: Object.fromEntries(PUBLIC_OPERATIONS.map((id) => [id, off])), before: {} };
  }
  const { settings } = pt;
  const reader: PublicTraceReader = createPublicTraceReader({
    db: deps.db,
    codeLists: pt.codeLists,
    directory: pt.directory,
    noticesCovering: pt.noticesCovering ?? openNoticesCovering,
    cacheSeconds: settings.cacheSeconds,
  });
  const cacheControl = `public, max-age=${settings.cacheSeconds}`;
  const basePath = () => new URL(pt.baseUrl()).pathname.replace(/\/+$/, '');

  const limiter = rateLimit({
    windowMs: settings.rateLimit.windowSeconds * 1000,
    limit: settings.rateLimit.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Behind a proxy the address comes from X-Forwarded-For only as far as trustProxyHops allows (express's 'trust proxy').
    validate: { xForwardedForHeader: false },
    handler: (req, res) => {
      pt.onRequest?.('rate_limited');
      res.setHeader('Cache-Control', 'no-store');
      const retryAfter = res.getHeader('Retry-After') as string | undefined;
      if (isJsonRoute(req)) {
        const e = new GatewayError('TG_RATE_LIMITED');
        res.status(429).json({ code: e.code, message: e.message, requestId: res.locals.requestId });
      } else {
        pageHeaders(res);
        res.status(429).type('html').send(renderTooManyRequestsPage(retryAfter));
      }
    },
  });

  const notFoundPage = (res: Response) => {
    pageHeaders(res);
    res.setHeader('Cache-Control', cacheControl);
    res.status(404).type('html').send(renderNotFoundPage());
  };
  const codeOf = (res: Response) => paramsOf<{ traceCode: string }>(res).traceCode;

  const handlers: Record<string, Handler> = {
    publicTracePage: async (_req, res) => {
      const code = codeOf(res);
      if (!reader.isWellFormed(code)) {
        pt.onRequest?.('malformed');
        return notFoundPage(res);
      }
      const trace = await reader.read(code);
      pt.onRequest?.(trace ? 'found' : 'not_found');
      if (!trace) return notFoundPage(res);
      pageHeaders(res);
      res.setHeader('Cache-Control', cacheControl);
      // Under the path of the public base URL, so the page works behind a proxy that adds a prefix.
      res.type('html').send(renderTracePage(trace, { qrPath: `${basePath()}/t/${code}/qr.svg` }));
    },
    getPublicTrace: async (_req, res) => {
      const code = codeOf(res);
      const trace = reader.isWellFormed(code) ? await reader.read(code) : null;
      pt.onRequest?.(!reader.isWellFormed(code) ? 'malformed' : trace ? 'found' : 'not_found');
      res.setHeader('Cache-Control', cacheControl);
      if (!trace) throw new GatewayError('TG_NOT_FOUND', 'no public trace record for this code');
      res.json({ ...trace, url: publicTraceUrl(pt.baseUrl(), code) });
    },
    publicTraceQr: async (_req, res) => {
      const code = codeOf(res);
      // Any well-formed code gets its QR code without a read: tickets are printed before their records reach the platform.
      if (!reader.isWellFormed(code)) {
        pt.onRequest?.('malformed');
        return notFoundPage(res);
      }
      pt.onRequest?.('qr');
      res.setHeader('Cache-Control', 'public, max-age=86400');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.type('image/svg+xml').send(await qrSvg(publicTraceUrl(pt.baseUrl(), code)));
    },
  };
  return { handlers, before: Object.fromEntries(PUBLIC_OPERATIONS.map((id) => [id, [limiter as RequestHandler]])) };
}
