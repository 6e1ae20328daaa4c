import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { contentType, encodeCsv, exportCsv } from './csv-writer';
import { MarketDataset } from './dataset';
import { FaultPlan } from './faults';
import { MARKET_STREAM_NAMES, type MarketSimulator, type MarketSimulatorOptions, type MarketStreamName } from './types';
import { yyyymmdd } from './values';

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length), ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.length) });
  res.end(body);
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function initialCounts(value: MarketSimulatorOptions['initialRecords']): Record<MarketStreamName, number> {
  if (typeof value === 'number') return { vendors: value, entries: value, sales: value };
  return { vendors: value?.vendors ?? 40, entries: value?.entries ?? 40, sales: value?.sales ?? 40 };
}

/**
 * The market traceability-scale system of source-subsystems §3 on a local port: `GET
 * /export/{stream}?since=&limit=` with `X-Api-Key`, CSV in GBK (or UTF-8 with BOM), every fault of
 * §5.12, and `GET/PUT /admin/faults`, `GET /admin/catalog`, `GET /admin/summary`.
 */
export function createMarketSimulator(opts: MarketSimulatorOptions): MarketSimulator {
  const now = opts.now ?? Date.now;
  const seed = opts.seed ?? 1;
  const charset = opts.charset ?? 'gbk';
  const dataset = new MarketDataset({
    seed,
    initial: initialCounts(opts.initialRecords),
    dirtyShare: opts.faults?.dirtyShare ?? opts.dirtyShare ?? 0.1,
    newRecordsPerMinute: opts.newRecordsPerMinute ?? 0,
    sourceSystem: opts.sourceSystem ?? 'lz-jc-market',
    now,
  });
  const faults = new FaultPlan(opts.faults, seed);
  const rateLimit = opts.rateLimitPerSecond ?? 5;
  const recent: number[] = [];
  const sockets = new Set<Socket>();

  function rateLimited(): boolean {
    if (!(rateLimit > 0)) return false;
    const t = performance.now();
    while (recent.length > 0 && recent[0]! <= t - 1000) recent.shift();
    if (recent.length >= rateLimit) return true;
    recent.push(t);
    return false;
  }

  function exportPage(res: ServerResponse, stream: MarketStreamName, url: URL): void {
    const sinceText = url.searchParams.get('since');
    const limitText = url.searchParams.get('limit') ?? '1000';
    if (sinceText === null || !/^\d{1,15}$/.test(sinceText)) return sendText(res, 400, 'since must be a non-negative integer');
    const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : 0;
    if (limit < 1 || limit > 5000) return sendText(res, 400, 'limit must be 1..5000');
    const since = Number(sinceText);

    dataset.catchUp();
    const fault = faults.next(stream);
    const retryAfter = { 'Retry-After': String(faults.retryAfterSeconds()) };
    if (fault === 'timeout') return; // accepted, never answered: the socket is destroyed on close()
    if (fault === 'serverError') {
      return faults.serverErrorStatus() === 500 ? sendText(res, 500, 'internal error') : sendText(res, 503, 'maintenance', retryAfter);
    }
    if (fault === 'rateLimit') return sendText(res, 429, 'too many requests', retryAfter);
    if (fault === 'unexpectedResponse') {
      const html = Buffer.from(
        '<!DOCTYPE html><html><head><title>系统维护</title></head><body><h1>系统正在维护，请稍后再试</h1></body></html>',
        'utf8',
      );
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(html.length) });
      return void res.end(html);
    }
    if (fault === 'lateRecords') dataset.insertLate(stream);

    const rows = dataset.page(stream, since, limit, fault === 'duplicateRows' ? faults.duplicateRows() : 0);
    const nextSince = rows.length > 0 ? rows[rows.length - 1]!.seq : since;
    dataset.markServed(stream, nextSince);
    const csv = exportCsv(stream, rows);
    let type = contentType(charset);
    let body = encodeCsv(csv.text, charset);
    if (fault === 'wrongEncoding') {
      if (faults.wrongEncoding() === 'utf8-labelled-gbk') {
        [type, body] = [contentType('gbk'), encodeCsv(csv.text, 'utf-8', false)];
      } else {
        const gbk = encodeCsv(csv.text, 'gbk');
        if (!isUtf8(gbk)) [type, body] = [contentType('utf-8'), gbk]; // only where §5.9 can notice it (§7.11)
      }
    }
    if (fault === 'truncatedBody' && rows.length > 0) {
      // Cut before the last row starts, so that fewer rows than X-Row-Count arrive (§7.11).
      const cut = faults.cutBetween(csv.rowStarts[0]!, csv.rowStarts[rows.length - 1]!);
      body = encodeCsv(csv.text.slice(0, cut), charset);
    }
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': String(body.length),
      'X-Next-Since': String(nextSince),
      'X-Row-Count': String(rows.length),
      'Content-Disposition': `attachment; filename="${stream}_${yyyymmdd(now())}.csv"`,
    });
    res.end(body);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (pathname === '/admin/faults' && req.method === 'GET') return sendJson(res, 200, faults.get());
    if (pathname === '/admin/faults' && req.method === 'PUT') {
      try {
        setFaults(JSON.parse(await readBody(req, 1024 * 1024)));
      } catch (err) {
        return sendJson(res, 400, { message: err instanceof Error ? err.message : 'invalid fault config' });
      }
      return sendJson(res, 200, faults.get());
    }
    if (pathname === '/admin/catalog' && req.method === 'GET') return sendJson(res, 200, dataset.catalog());
    if (pathname === '/admin/summary' && req.method === 'GET') return sendJson(res, 200, summary());
    return sendJson(res, 404, { message: 'unknown admin endpoint' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://market.local');
    if (url.pathname.startsWith('/admin/')) return admin(req, res, url.pathname);
    const m = /^\/export\/([^/]+)$/.exec(url.pathname);
    if (!m) return sendText(res, 404, 'not found');
    if (req.headers['x-api-key'] !== opts.apiKey) return sendText(res, 401, 'invalid api key');
    if (req.method !== 'GET') return sendText(res, 405, 'method not allowed', { Allow: 'GET' });
    const stream = decodeURIComponent(m[1]!) as MarketStreamName;
    if (!(MARKET_STREAM_NAMES as readonly string[]).includes(stream)) return sendText(res, 404, 'unknown stream');
    if (rateLimited()) return sendText(res, 429, 'too many requests', { 'Retry-After': '1' });
    exportPage(res, stream, url);
  }

  function setFaults(config: Parameters<MarketSimulator['setFaults']>[0]): void {
    faults.set(config, seed);
    if (config.dirtyShare !== undefined) dataset.dirtyShare = config.dirtyShare;
  }

  function summary() {
    const rows = {} as Record<MarketStreamName, number>;
    for (const s of MARKET_STREAM_NAMES) rows[s] = dataset.rowCount(s);
    return { requests: faults.requestCounts(), faults: { ...faults.injected }, rows };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy(err as Error);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve({ port: address.port, url: `http://${host}:${address.port}` });
        });
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
    setFaults,
    faults: () => faults.get(),
    catalog: () => {
      dataset.catchUp();
      return dataset.catalog();
    },
    summary,
  };
}
