import { NATIONAL_INTERFACES, type NationalInterface } from '../../national/types';
import { expectRequestError } from '../checks';
import { authCases } from './auth-cases';
import { copyRecord, FOUR_MIB, freshBatch, paddedBody, uploadExpect } from './helpers';
import type { ConformanceCase, Endpoint } from '../types';

const E4009 = [{ code: 'E4009' }] as const;

/** Valid uploads, the version table of §3.1 and the whole-request errors of §3.2, per interface. */
export function uploadCases(): ConformanceCase[] {
  return NATIONAL_INTERFACES.flatMap((iface) => [...versionCases(iface), ...requestErrorCases(iface)]);
}

function versionCases(iface: NationalInterface): ConformanceCase[] {
  const endpoint: Endpoint = `POST /${iface}/batch`;
  const id = (s: string) => `${iface}.upload.${s}`;
  return [
    {
      id: id('valid'),
      endpoint,
      clauses: ['§3 batch-body', '§3 receipt', '§3.1 new-record', '§1 base-path', '§1 json-utf8', '§2 canonical-string', '§7.2 hmac-key'],
      title: 'two new valid records are ACCEPTED',
      run: async (ctx) => {
        await uploadExpect(ctx, iface, freshBatch(ctx, iface, 2), ['ACCEPTED', 'ACCEPTED']);
      },
    },
    {
      id: id('duplicate'),
      endpoint,
      clauses: ['§3.1 duplicate'],
      title: 'the same version with identical content, in a new batch, is DUPLICATE',
      run: async (ctx) => {
        const first = freshBatch(ctx, iface);
        await uploadExpect(ctx, iface, first, ['ACCEPTED']);
        await uploadExpect(ctx, iface, { batchId: ctx.factory.batchId(), records: [copyRecord(first.records[0])] }, ['DUPLICATE']);
      },
    },
    {
      id: id('higher-version'),
      endpoint,
      clauses: ['§3.1 higher-version'],
      title: 'version 2 after version 1 is ACCEPTED',
      run: async (ctx) => {
        const first = freshBatch(ctx, iface);
        await uploadExpect(ctx, iface, first, ['ACCEPTED']);
        const v2 = { ...copyRecord(first.records[0]), version: 2, reportedAt: ctx.factory.now(), sourceSystem: 'conformance-suite-v2' };
        await uploadExpect(ctx, iface, { batchId: ctx.factory.batchId(), records: [v2] }, ['ACCEPTED']);
      },
    },
    {
      id: id('E4009.lower-version'),
      endpoint,
      clauses: ['§3.1 E4009', '§3.3 E4009'],
      title: 'version 1 after version 2 is REJECTED E4009',
      run: async (ctx) => {
        const first = freshBatch(ctx, iface);
        first.records[0].version = 2;
        await uploadExpect(ctx, iface, first, ['ACCEPTED']);
        const v1 = { ...copyRecord(first.records[0]), version: 1 };
        await uploadExpect(ctx, iface, { batchId: ctx.factory.batchId(), records: [v1] }, [E4009]);
      },
    },
    {
      id: id('E4009.same-version-different-content'),
      endpoint,
      clauses: ['§3.1 E4009', '§3.3 E4009', '§7.7 canonical-content'],
      title: 'version 1 again with another sourceSystem is REJECTED E4009',
      run: async (ctx) => {
        const first = freshBatch(ctx, iface);
        await uploadExpect(ctx, iface, first, ['ACCEPTED']);
        const changed = { ...copyRecord(first.records[0]), sourceSystem: 'conformance-suite-changed' };
        await uploadExpect(ctx, iface, { batchId: ctx.factory.batchId(), records: [changed] }, [E4009]);
      },
    },
  ];
}

function requestErrorCases(iface: NationalInterface): ConformanceCase[] {
  const endpoint: Endpoint = `POST /${iface}/batch`;
  const id = (s: string) => `${iface}.upload.${s}`;
  return [
    {
      id: id('E1000.not-json'),
      endpoint,
      clauses: ['§3.2 E1000', '§3.2 error-body'],
      title: 'a body that is not JSON',
      run: async (ctx) => {
        const res = await ctx.client.send({
          method: 'POST',
          path: `/${iface}/batch`,
          body: Buffer.from('{"batchId": "x", records: [', 'utf8'),
        });
        expectRequestError(ctx.v, res, 400, 'E1000');
      },
    },
    {
      id: id('E1001.501-records'),
      endpoint,
      clauses: ['§3.2 E1001', '§1 batch-size'],
      title: '501 valid records',
      run: async (ctx) => {
        const res = await ctx.client.upload(iface, freshBatch(ctx, iface, 501));
        expectRequestError(ctx.v, res, 400, 'E1001');
      },
    },
    {
      id: id('E1002.over-4mib'),
      endpoint,
      clauses: ['§3.2 E1002', '§1 body-size', '§7.1 4MiB-inclusive'],
      title: 'a body of 4,194,305 bytes',
      run: async (ctx) => {
        const body = paddedBody(freshBatch(ctx, iface), FOUR_MIB + 1);
        const res = await ctx.client.send({ method: 'POST', path: `/${iface}/batch`, body });
        expectRequestError(ctx.v, res, 413, 'E1002');
      },
    },
    {
      id: id('E1003.text-plain'),
      endpoint,
      clauses: ['§3.2 E1003', '§7.1 content-type'],
      title: 'Content-Type text/plain',
      run: async (ctx) => {
        const res = await ctx.client.upload(iface, freshBatch(ctx, iface), { contentType: 'text/plain; charset=utf-8' });
        expectRequestError(ctx.v, res, 415, 'E1003');
      },
    },
    ...authCases({
      prefix: `${iface}.upload`,
      endpoint,
      clauses: [],
      request: (ctx) => ({ method: 'POST', path: `/${iface}/batch`, body: freshBatch(ctx, iface) }),
    }),
  ];
}
