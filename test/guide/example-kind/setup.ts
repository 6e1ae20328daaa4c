import http from 'node:http';
import { createHttpClient } from '../../../src/adapters/http';
import type { SourceAdapter } from '../../../src/adapters/types';
import { silentLogger } from '../../../src/log';
import type { KindSetup } from '../../contracts/source-adapter';
import { jsonlFeed } from './index';

export const TOKEN = 'feed-token-1234';

export interface Farm {
  seq: number;
  id: string;
  [field: string]: unknown;
}

/** `count` farms with `seq` from `first` on. */
export function farms(count: number, first = 1): Farm[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: first + i,
    id: `F-${String(first + i).padStart(3, '0')}`,
    name: `农场${first + i}`,
    creditCode: '91620123MA72K4D128',
    type: '企业',
    region: '620123',
    registeredOn: '2018-04-26',
  }));
}

export interface Feed {
  url: string;
  rows: Farm[];
  /** While set, every answer is cut in the middle of its first line. */
  broken: boolean;
  close(): Promise<void>;
}

/** A local feed of `rows` behind the bearer token TOKEN. */
export async function startFeed(rows: Farm[]): Promise<Feed> {
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    const url = new URL(req.url!, 'http://feed');
    const after = Number(url.searchParams.get('after'));
    const limit = Number(url.searchParams.get('limit'));
    const body = feed.rows
      .filter((r) => r.seq > after)
      .slice(0, limit)
      .map((r) => JSON.stringify(r))
      .join('\n');
    res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(feed.broken ? body.slice(0, 10) : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const feed: Feed = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    rows,
    broken: false,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return feed;
}

/** A jsonl-feed adapter on the feed at `url`, two lines a page, unpaced. */
export function feedAdapter(url: string, token = TOKEN): SourceAdapter {
  const host = new URL(url).host;
  return jsonlFeed.create(
    {
      id: 'yz-farms',
      kind: 'jsonl-feed',
      enabled: true,
      regionCode: '620123',
      sourceSystem: 'yz-farms',
      schedule: '*/5 * * * *',
      baseUrl: url,
      allowedHosts: [host],
      allowPrivateAddresses: true,
      credentials: { token: 'env:TG_SOURCE_YZ_FARMS_TOKEN' },
      streams: {},
      options: { pageSize: 2, requestsPerSecond: 0 },
    },
    { http: createHttpClient({ allowedHosts: [host], allowPrivateAddresses: true }), secret: () => token, log: silentLogger() },
  );
}

/** The contract's setup: eight farms; `grow` adds three and revises one. */
export const jsonlFeedSetup: KindSetup = {
  kind: jsonlFeed,
  stream: 'farms',
  window: { from: '2', until: '6' },
  inWindow: (r) => Number(r.orderingKey) > 2 && Number(r.orderingKey) < 6,
  async start() {
    const feed = await startFeed(farms(8));
    return {
      open: (opts) => feedAdapter(feed.url, opts?.refusedCredentials ? 'wrong-token-999' : TOKEN),
      keys: () => [...new Set(feed.rows.map((r) => r.id))],
      grow: () => {
        feed.rows.push(...farms(3, 9), { ...feed.rows[0]!, seq: 12, name: '农场1（更名）' });
      },
      fail: () => {
        feed.broken = true;
      },
      heal: () => {
        feed.broken = false;
      },
      close: () => feed.close(),
    };
  },
};
