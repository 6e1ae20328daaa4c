import { answerOf, expectRequestError, expectRetryAfter } from '../checks';
import type { SendSpec } from '../client';
import type { CaseContext } from '../context';
import type { RawResponse } from '../http';
import { sleep } from '../pacer';
import { beijingDate } from '../time';
import type { ConformanceCase, Endpoint } from '../types';
import { freshBatch } from './helpers';

/** Longest Retry-After the suite waits out after a burst. */
const MAX_WAIT_MS = 10_000;

function tally(responses: RawResponse[]): string {
  const counts = new Map<string, number>();
  for (const r of responses) counts.set(answerOf(r), (counts.get(answerOf(r)) ?? 0) + 1);
  return [...counts].map(([answer, n]) => `${n}× ${answer}`).join(', ');
}

/** Sends `n` requests at once, outside the pacer, after the window has emptied. */
async function burst(ctx: CaseContext, n: number, make: () => SendSpec): Promise<RawResponse[]> {
  await ctx.pacer.drain();
  const specs = Array.from({ length: n }, make);
  return Promise.all(specs.map((s) => ctx.client.send({ ...s, paced: false, retryOn429: false })));
}

function burstCase(id: string, endpoint: Endpoint, title: string, make: (ctx: CaseContext) => SendSpec, okStatus: number): ConformanceCase {
  return {
    id,
    endpoint,
    clauses: ['§3.2 E3001', '§3.2 rate-limit', '§7.5 rate-window', '§7.5 retry-after'],
    title,
    run: async (ctx) => {
      const n = ctx.settings.rateLimitPerSecond * 2;
      const responses = await burst(ctx, n, () => make(ctx));
      const burstEnd = performance.now();
      const limited = responses.filter((r) => r.status === 429);
      let waitMs = 0;
      try {
        ctx.v.ok('rate limited', limited.length > 0, `at least one 429 among ${n} requests sent at once`, tally(responses));
        ctx.v.ok('others', responses.every((r) => r.status === 429 || r.status === okStatus), `only ${okStatus} or 429`, tally(responses));
        expectRequestError(ctx.v, limited[0], 429, 'E3001');
        waitMs = Math.min(expectRetryAfter(ctx.v, limited[0], ctx.client.now()), MAX_WAIT_MS);
      } finally {
        // Honour Retry-After before the next case, and let the window empty.
        await sleep(waitMs - (performance.now() - burstEnd));
        await ctx.pacer.drain();
      }
    },
  };
}

export function rateCases(): ConformanceCase[] {
  return [
    {
      id: 'rate.within-limit',
      endpoint: 'GET /stats',
      clauses: ['§3.2 rate-limit', '§7.5 rate-window'],
      title: 'as many queries as the limit, at once, are all answered',
      run: async (ctx) => {
        const n = ctx.settings.rateLimitPerSecond;
        const responses = await burst(ctx, n, () => ({ method: 'GET', path: `/stats?date=${beijingDate(ctx.client.now())}` }));
        await ctx.pacer.drain();
        ctx.v.ok('all answered', responses.every((r) => r.status === 200), `${n}× 200 0`, tally(responses));
      },
    },
    burstCase('rate.E3001.query-burst', 'GET /stats', 'twice the limit of queries at once: 429 E3001 with Retry-After',
      (ctx) => ({ method: 'GET', path: `/stats?date=${beijingDate(ctx.client.now())}` }), 200),
    burstCase('rate.E3001.upload-burst', 'POST /trades/batch', 'twice the limit of uploads at once: 429 E3001 with Retry-After',
      (ctx) => ({ method: 'POST', path: '/trades/batch', body: freshBatch(ctx, 'trades') }), 200),
  ];
}
