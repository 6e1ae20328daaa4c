import type { Config } from '../config';
import type { Db } from '../db/pool';
import { createNationalClient, type NationalClient } from './client';
import { withRateLimitedQueries } from './limited-client';
import { createSharedRateLimiter, type RateLimiter } from './rate-limit';

export interface NationalConnection {
  url: string;
  appKey: string;
  /** Queries through it take a token of the shared rate limit; uploads take theirs in delivery. */
  client: NationalClient;
  limiter: RateLimiter;
}

/** The national platform as configured, else the demo's bundled one; an error when neither is there. */
export function connectNational(
  config: Config,
  db: Db,
  demo: { nationalUrl: string | null; appKey: string | null; appSecret: string | null } | null,
): NationalConnection {
  const url = config.national.baseUrl ?? demo?.nationalUrl;
  const appKey = config.national.appKey ?? demo?.appKey;
  const appSecret = config.national.appSecret ?? demo?.appSecret;
  if (!url || !appKey || !appSecret)
    throw new Error('no national platform configured (NATIONAL_BASE_URL, NATIONAL_APP_KEY, NATIONAL_APP_SECRET)');
  const limiter = createSharedRateLimiter(db, { key: appKey, perSecond: config.national.rateLimitPerSecond });
  const client = withRateLimitedQueries(
    createNationalClient({
      baseUrl: url,
      appKey,
      appSecret,
      signMethod: config.national.signMethod,
      timeoutMs: config.national.timeoutMs,
      gzipAboveBytes: config.national.gzipAboveBytes,
    }),
    limiter,
  );
  return { url, appKey, client, limiter };
}
