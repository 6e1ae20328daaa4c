import { isNationalInterface } from '../../national/types';
import { answerOf, bodyOf, expectRequestError } from '../checks';
import type { CaseContext } from '../context';
import { USED_CODES } from '../records';
import { beijingDate } from '../time';
import { describe } from '../verify';
import type { ConformanceCase } from '../types';
import { authCases } from './auth-cases';
import { copyRecord, freshBatch, uploadExpect } from './helpers';

interface Counts {
  accepted: number;
  duplicate: number;
  rejected: number;
}

const CODE_LISTS = ['provinces', 'subject-types', 'product-categories', 'units', 'test-items', 'commitments'] as const;

async function statsOf(ctx: CaseContext, date: string): Promise<Record<string, unknown>> {
  const res = await ctx.client.get(`/stats?date=${date}`);
  ctx.v.equal(`stats ${date}`, '200 0', answerOf(res));
  const body = bodyOf(res);
  ctx.v.equal('date', date, body.date);
  ctx.v.ok('counts', body.counts !== null && typeof body.counts === 'object', 'a counts object', describe(body.counts));
  return body.counts as Record<string, unknown>;
}

function countsOf(counts: Record<string, unknown>, iface: string): Counts {
  const c = (counts[iface] ?? {}) as Partial<Counts>;
  return { accepted: c.accepted ?? 0, duplicate: c.duplicate ?? 0, rejected: c.rejected ?? 0 };
}

const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;

export function statsCases(): ConformanceCase[] {
  return [
    {
      id: 'stats.get.valid',
      endpoint: 'GET /stats',
      clauses: ['§4 stats', '§4 signed'],
      title: "today's stats (UTC+8): per interface accepted, duplicate, rejected",
      run: async (ctx) => {
        const counts = await statsOf(ctx, beijingDate(ctx.client.now()));
        for (const [key, value] of Object.entries(counts)) {
          const c = value as Record<string, unknown>;
          ctx.v.ok(
            `counts.${key}`,
            isNationalInterface(key) && isCount(c?.accepted) && isCount(c?.duplicate) && isCount(c?.rejected),
            'an interface with three non-negative integers',
            `${key}: ${describe(value)}`,
          );
        }
      },
    },
    {
      id: 'stats.get.counts-move',
      endpoint: 'GET /stats',
      clauses: ['§4 stats'],
      title: "an upload moves today's counts (receive date at UTC+8) by exactly its outcomes",
      run: async (ctx) => {
        const date = beijingDate(ctx.client.now());
        const before = countsOf(await statsOf(ctx, date), 'trades');
        const batch = freshBatch(ctx, 'trades', 2);
        batch.records[1].remark = 'x';
        batch.records.push(copyRecord(batch.records[0]));
        await uploadExpect(ctx, 'trades', batch, ['ACCEPTED', [{ code: 'E4006', path: '/remark' }], 'DUPLICATE']);
        const after = countsOf(await statsOf(ctx, date), 'trades');
        ctx.v.equal(
          `trades counts on ${date}, after minus before`,
          { accepted: 1, duplicate: 1, rejected: 1 },
          {
            accepted: after.accepted - before.accepted,
            duplicate: after.duplicate - before.duplicate,
            rejected: after.rejected - before.rejected,
          },
        );
      },
    },
    ...authCases({
      prefix: 'stats.get',
      endpoint: 'GET /stats',
      clauses: ['§4 signed'],
      request: (ctx) => ({ method: 'GET', path: `/stats?date=${beijingDate(ctx.client.now())}` }),
    }),
  ];
}

export function codelistCases(): ConformanceCase[] {
  return [
    ...CODE_LISTS.map((name): ConformanceCase => ({
      id: `codelists.get.${name}`,
      endpoint: 'GET /codelists/{name}',
      clauses: ['§4 codelists', '§6.5 code-lists', '§4 signed'],
      title: `code list ${name}: name, version, entries holding the codes the suite uses`,
      run: async (ctx) => {
        const res = await ctx.client.get(`/codelists/${name}`);
        ctx.v.equal('answer', '200 0', answerOf(res));
        const body = bodyOf(res);
        ctx.v.equal('name', name, body.name);
        ctx.v.ok('version', typeof body.version === 'string' && body.version.length > 0, 'a version string', describe(body.version));
        const entries = Array.isArray(body.entries) ? (body.entries as Array<Record<string, unknown>>) : [];
        ctx.v.ok(
          'entries',
          entries.length > 0 && entries.every((e) => typeof e.code === 'string' && typeof e.label === 'string'),
          'non-empty [{code, label}]',
          describe(body.entries),
        );
        const codes = new Set(entries.map((e) => e.code));
        const used = name === 'provinces' ? [...USED_CODES[name], ctx.settings.regionScope.slice(0, 2)] : USED_CODES[name];
        const missing = used.filter((c) => !codes.has(c));
        ctx.v.equal('codes used by the suite', [], missing);
      },
    })),
    {
      id: 'codelists.get.meat-attribute',
      endpoint: 'GET /codelists/{name}',
      clauses: ['§7.19 codelist-attributes', '§4 codelists'],
      title: 'product-categories: every entry carries meat (true or false); MEAT_PORK is meat, VEG_LEAFY is not',
      run: async (ctx) => {
        const res = await ctx.client.get('/codelists/product-categories');
        ctx.v.equal('answer', '200 0', answerOf(res));
        const entries = Array.isArray(bodyOf(res).entries) ? (bodyOf(res).entries as Array<Record<string, unknown>>) : [];
        const without = entries.filter((e) => typeof e.meat !== 'boolean').map((e) => String(e.code));
        ctx.v.ok('entries', entries.length > 0, 'a non-empty list', describe(bodyOf(res).entries));
        ctx.v.equal('entries without a boolean meat', [], without.slice(0, 10));
        const meatOf = (code: string) => entries.find((e) => e.code === code)?.meat;
        ctx.v.equal('meat of MEAT_PORK and VEG_LEAFY', [true, false], [meatOf('MEAT_PORK'), meatOf('VEG_LEAFY')]);
      },
    },
    {
      id: 'codelists.get.E1404',
      endpoint: 'GET /codelists/{name}',
      clauses: ['§4 codelists'],
      title: 'an unknown code list',
      run: async (ctx) => expectRequestError(ctx.v, await ctx.client.get('/codelists/no-such-list'), 404, 'E1404'),
    },
    ...authCases({
      prefix: 'codelists.get',
      endpoint: 'GET /codelists/{name}',
      clauses: ['§4 signed'],
      request: () => ({ method: 'GET', path: '/codelists/units' }),
    }),
  ];
}
