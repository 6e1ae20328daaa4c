import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PageError } from '../../../src/adapters/errors';
import { marketManifest, requestParams, sample } from '../../mappings/market-csv/support';
import { readAll, recordsOf } from '../../contracts/source-adapter';
import { marketAdapter } from './setup';

const BASE = 'http://market.test';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('market samples served to the adapter as recorded in the manifest', () => {
  for (const entry of marketManifest()) {
    it(`${entry.file} (${entry.page?.outcome ?? 'records'})`, async () => {
      const { path, since, limit } = requestParams(entry.request);
      const scope = nock(BASE).get(path).times(2).reply(entry.response.status, sample(entry.file), entry.response.headers);
      const t = marketAdapter(BASE, { limit, retry: { maxAttempts: 2 } });
      const read = readAll(t.adapter, { stream: entry.stream, window: { from: String(since) } });
      if (entry.page?.outcome === 'PAGE_ERROR') {
        const err = await read.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PageError);
        expect((err as PageError).code).toBe(entry.page.reason);
        expect(scope.isDone()).toBe(true); // tried again before giving up
        return;
      }
      const pages = await read;
      expect(pages).toHaveLength(1);
      expect(recordsOf(pages).map((r) => r.sourceKey)).toEqual(entry.expect.map((e) => e.key));
      expect((pages[0]!.warnings ?? []).map((w) => w.code)).toEqual(entry.page?.warning ? [entry.page.warning] : []);
      expect(pages[0]!.cursor).toEqual({ seq: Number(entry.response.headers['X-Next-Since']) });
    });
  }
});
