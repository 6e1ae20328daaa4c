import type { NationalClient } from './client';
import type { RateLimiter } from './rate-limit';

/**
 * The queries (code lists, stats, receipts, records) count against the appKey's rate limit like uploads
 * (§7.5), so they take a token too. Uploads take theirs in the delivery job, around each attempt.
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
  };
}
