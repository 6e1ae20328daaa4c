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
        ctx.v.ok(
          'others',
          responses.every((r) => r.status === 429 || r.status === okStatus),
          `only ${okStatus} or 429`,
          tally(responses),
        );
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

/** How early in a second the first half of the boundary case is sent, and how many tries it gets. */
const BEFORE_BOUNDARY_MS = 400;
const AFTER_BOUNDARY_MS = 20;
const BOUNDARY_ATTEMPTS = 3;

/**
 * §7.5: the limit counts in any sliding second, not per calendar second. The limit's worth of
 * queries goes out 400 ms before a second boundary (by the suite's clock) and two more 20 ms after
 * it: a sliding window refuses those two, a per-second counter admits them. A try whose first
 * answers come back only after the boundary proves nothing about a per-second counter when none of
 * the two is refused, so it is tried again, up to three times; a 429 passes at once.
 */
const acrossSecondBoundary: ConformanceCase = {
  id: 'rate.E3001.across-second-boundary',
  endpoint: 'GET /stats',
  clauses: ['§7.5 rate-window', '§3.2 E3001'],
  title: 'the limit just before a second boundary and two more just after it: 429 E3001 (a sliding window, not a calendar second)',
  run: async (ctx) => {
    const n = ctx.settings.rateLimitPerSecond;
    const query = (): SendSpec => ({
      method: 'GET',
      path: `/stats?date=${beijingDate(ctx.client.now())}`,
      paced: false,
      retryOn429: false,
    });
    for (let attempt = 1; ; attempt++) {
      await ctx.pacer.drain();
      let boundary = Math.ceil(ctx.client.now() / 1000) * 1000;
      if (boundary - ctx.client.now() < BEFORE_BOUNDARY_MS) boundary += 1000;
      await sleep(boundary - BEFORE_BOUNDARY_MS - ctx.client.now());
      const first = await Promise.all(Array.from({ length: n }, () => ctx.client.send(query())));
      const firstBackBeforeBoundary = ctx.client.now() < boundary;
      await sleep(boundary + AFTER_BOUNDARY_MS - ctx.client.now());
      const second = await Promise.all([ctx.client.send(query()), ctx.client.send(query())]);
      const secondEnd = performance.now();
      const limited = second.filter((r) => r.status === 429);
      if (limited.length === 0 && !firstBackBeforeBoundary && attempt < BOUNDARY_ATTEMPTS) continue;
      let waitMs = 0;
      try {
        ctx.v.ok(
          'first half',
          first.every((r) => r.status === 200),
          `${n}× 200 0 before the boundary`,
          tally(first),
        );
        ctx.v.ok(
          'after the boundary',
          limited.length > 0,
          'at least one 429 among the 2 requests sent just after the boundary',
          tally(second),
        );
        expectRequestError(ctx.v, limited[0], 429, 'E3001');
        waitMs = Math.min(expectRetryAfter(ctx.v, limited[0], ctx.client.now()), MAX_WAIT_MS);
      } finally {
        await sleep(waitMs - (performance.now() - secondEnd));
        await ctx.pacer.drain();
      }
      return;
    }
  },
};

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
        ctx.v.ok(
          'all answered',
          responses.every((r) => r.status === 200),
          `${n}× 200 0`,
          tally(responses),
        );
      },
    },
    burstCase(
      'rate.E3001.query-burst',
      'GET /stats',
      'twice the limit of queries at once: 429 E3001 with Retry-After',
      (ctx) => ({ method: 'GET', path: `/stats?date=${beijingDate(ctx.client.now())}` }),
      200,
    ),
    burstCase(
      'rate.E3001.upload-burst',
      'POST /trades/batch',
      'twice the limit of uploads at once: 429 E3001 with Retry-After',
      (ctx) => ({ method: 'POST', path: '/trades/batch', body: freshBatch(ctx, 'trades') }),
      200,
    ),
    acrossSecondBoundary,
  ];
}
