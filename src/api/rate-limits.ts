import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Caller } from '../auth/authenticate';
import { GatewayError } from '../errors';

export interface RateLimitSettings {
  windowSeconds: number;
  /** Requests per window per client address (0: no limit). */
  perAddress: number;
  /** Requests per window per API token (0: no limit). */
  perToken: number;
}

const pass: RequestHandler = (_req, _res, next) => next();

function limiter(
  windowSeconds: number,
  limit: number,
  scope: string,
  keyGenerator?: (req: Request, res: Response) => string,
): RequestHandler {
  if (limit <= 0) return pass;
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The client address comes from X-Forwarded-For only as far as express's 'trust proxy' allows.
    validate: { xForwardedForHeader: false },
    ...(keyGenerator ? { keyGenerator } : {}),
    // Retry-After is set by the limiter before this runs; the answer is the API's usual error body.
    handler: (_req: Request, _res: Response, next: NextFunction) => {
      next(
        new GatewayError(
          'TG_RATE_LIMITED',
          `too many requests ${scope}: at most ${limit} in ${windowSeconds} s; try again after Retry-After seconds`,
        ),
      );
    },
  });
}

/**
 * Two limits on the API (express-rate-limit, in this process's memory): per client address, before
 * the token is even looked up, and per token, once it is known. Each answers 429 with Retry-After.
 */
export function apiRateLimits(s: RateLimitSettings): { perAddress: RequestHandler; perToken: RequestHandler } {
  return {
    perAddress: limiter(s.windowSeconds, s.perAddress, 'from this address'),
    perToken: limiter(
      s.windowSeconds,
      s.perToken,
      'with this token',
      (_req, res) => `token:${(res.locals.caller as Caller | undefined)?.tokenId ?? 'none'}`,
    ),
  };
}
