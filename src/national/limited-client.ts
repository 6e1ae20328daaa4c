import type { NationalClient } from './client';
import type { RateLimiter } from './rate-limit';

/**
 * The queries (code lists, stats, receipts, records) and the notice calls of §8 count against the
 * appKey's rate limit like uploads (§7.5, §8), so they take a token from the same shared limiter.
 * Uploads take theirs in the delivery job, around each attempt.
 */
export function withRateLimitedQueries(client: NationalClient, limiter: RateLimiter): NationalClient {
  const limited =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await limiter.acquire();
      return fn(...args);
    };
  return {
    postBatch: client.postBatch.bind(client),
    getReceipt: limited(client.getReceipt.bind(client)),
    getRecord: limited(client.getRecord.bind(client)),
    getStats: limited(client.getStats.bind(client)),
    getCodeList: limited(client.getCodeList.bind(client)),
    noticeFeed: limited(client.noticeFeed.bind(client)),
    getNotice: limited(client.getNotice.bind(client)),
    respondToNotice: limited(client.respondToNotice.bind(client)),
    raiseNotice: limited(client.raiseNotice.bind(client)),
  };
}
