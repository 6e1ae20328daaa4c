import { answerOf, expectRequestError } from '../checks';
import type { SendSpec } from '../client';
import type { CaseContext } from '../context';
import type { ConformanceCase, Endpoint } from '../types';

export interface AuthTarget {
  /** Case id prefix, e.g. `trades.upload`, `stats.get`. */
  prefix: string;
  endpoint: Endpoint;
  clauses: readonly string[];
  /** A fresh, otherwise valid request to the endpoint. */
  request(ctx: CaseContext): SendSpec;
}

/** Skew well past the 300 s of §2, so that network delay cannot decide the case. */
export const STALE_MS = 330_000;

/** E2001–E2004 for one endpoint (§2, §3.2, §4 "all queries are signed like uploads"). */
export function authCases(t: AuthTarget): ConformanceCase[] {
  const make = (suffix: string, clauses: string[], title: string, run: ConformanceCase['run']): ConformanceCase => ({
    id: `${t.prefix}.${suffix}`,
    endpoint: t.endpoint,
    clauses: [...clauses, ...t.clauses],
    title,
    run,
  });
  return [
    make('E2001.bad-signature', ['§3.2 E2001', '§2 X-Signature', '§7.2 hmac-key'], 'signed with a wrong secret', async (ctx) => {
      const res = await ctx.client.send({ ...t.request(ctx), sign: { appSecret: `${ctx.settings.appSecret}-wrong` } });
      expectRequestError(ctx.v, res, 401, 'E2001');
    }),
    make('E2002.stale-timestamp', ['§3.2 E2002', '§2 X-Timestamp'], 'timestamp 330 s old', async (ctx) => {
      const res = await ctx.client.send({ ...t.request(ctx), sign: { nowMs: ctx.client.now() - STALE_MS } });
      expectRequestError(ctx.v, res, 401, 'E2002');
    }),
    make('E2003.nonce-reuse', ['§3.2 E2003', '§2 X-Nonce', '§7.3 nonce-used-up'], 'a second request with the same nonce', async (ctx) => {
      const nonce = ctx.client.newNonce();
      const first = await ctx.client.send({ ...t.request(ctx), sign: { nonce } });
      ctx.v.ok('first request verifies', first.status !== 401, 'not 401', answerOf(first));
      const res = await ctx.client.send({ ...t.request(ctx), sign: { nonce } });
      expectRequestError(ctx.v, res, 401, 'E2003');
    }),
    make('E2004.unknown-app-key', ['§3.2 E2004', '§2 X-App-Key', '§7.4 app-key'], 'an appKey the platform never issued', async (ctx) => {
      const res = await ctx.client.send({ ...t.request(ctx), sign: { appKey: `cf-unknown-${ctx.factory.runId}` } });
      expectRequestError(ctx.v, res, 401, 'E2004');
    }),
  ];
}
