import { isUtf8 } from 'node:buffer';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { beijingDashed, parseBeijing } from '../../common/time';
import { decodeCursor, encodeCursor } from './cursor';
import { FaultPlan, type FaultContext } from './faults';
import { Rng } from '../common/random';
import { answerWithFault } from './fault-answers';
import { JSON_TYPE, readBody, sendEnvelope, sendRaw, truncate } from './respond';
import { TokenStore } from './tokens';
import type { CatalogEntry, FaultTarget, ProvincialSimulator, ProvincialSimulatorOptions, ProvincialStream, SimRequest } from './types';
import { PROVINCIAL_STREAMS } from './types';
import { World } from './world';

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const LIST = /^\/api\/v2\/(enterprises|batches|inspections|certificates)$/;
const LOOKUP = /^\/api\/v2\/enterprises\/([^/]+)$/;
const LOG_LIMIT = 10_000;
/** Events generated at most per request, so a clock jump cannot stall the server. */
const MAX_EVENTS_PER_REQUEST = 5_000;

function initialCounts(value: ProvincialSimulatorOptions['initialRecords']): Record<ProvincialStream, number> {
  const counts = {} as Record<ProvincialStream, number>;
  for (const stream of PROVINCIAL_STREAMS) counts[stream] = typeof value === 'number' ? value : (value?.[stream] ?? 40);
  return counts;
}

/**
 * The provincial platform of source-subsystems §2 over real HTTP: token auth, incremental list pulls with
 * expiring cursors, the enterprise lookup, soft deletes, and the faults of §5.12 on demand.
 */
export function createProvincialSimulator(opts: ProvincialSimulatorOptions): ProvincialSimulator {
  const now = opts.now ?? Date.now;
  const seed = opts.seed ?? 1;
  const world = new World(new Rng(seed), opts.dirtyShare ?? 0.1);
  const startedAt = now();
  world.seed(startedAt, initialCounts(opts.initialRecords));
  const perMinute = opts.newRecordsPerMinute ?? 6;
  let generated = 0;
  const faults = new FaultPlan(opts.faults, seed);
  const tokens = new TokenStore(opts.tokenTtlSeconds ?? 7200, opts.tokenRequestsPerHour ?? 60);
  const cursorTtlMs = opts.cursorTtlMs ?? 600_000;
  const rateLimit = opts.rateLimitPerSecond ?? 10;
  const sourceSystem = opts.sourceSystem ?? 'gs-provincial';
  const counts = new Map<FaultTarget, number>();
  const served = new Map<ProvincialStream, string>();
  const recent: number[] = [];
  const log: SimRequest[] = [];
  const held = new Set<ServerResponse>();
  let seq = 0;

  function syncDirtyShare(): void {
    world.dirtyShare = faults.dirtyShare() ?? opts.dirtyShare ?? 0.1;
  }

  /** New records and revisions due by now: `perMinute` per minute since start, at evenly spaced times. */
  function advance(): void {
    if (perMinute <= 0) return;
    syncDirtyShare();
    const due = Math.floor(((now() - startedAt) * perMinute) / 60_000);
    for (let n = 0; generated < due && n < MAX_EVENTS_PER_REQUEST; n++) {
      generated++;
      world.event(startedAt + Math.floor((generated * 60_000) / perMinute));
    }
  }

  function hold(res: ServerResponse): void {
    held.add(res);
    res.on('close', () => held.delete(res));
  }

  function overRateLimit(t: number): boolean {
    if (rateLimit <= 0) return false;
    while (recent.length > 0 && recent[0]! <= t - 1000) recent.shift();
    if (recent.length >= rateLimit) return true;
    recent.push(t);
    return false;
  }

  /** Checks shared by every API call: rate limit, the faults that replace an answer, the bearer token. False when answered. */
  function gate(
    req: IncomingMessage,
    res: ServerResponse,
    rq: SimRequest,
    ctx: FaultContext,
  ): { ok: false } | { ok: true; token?: string } {
    const t = now();
    if (overRateLimit(t)) {
      sendEnvelope(res, rq, 429, 42901, '请求过于频繁，请稍后再试', null, { 'Retry-After': '1' });
      return { ok: false };
    }
    if (answerWithFault(res, rq, ctx, faults, hold)) return { ok: false };
    if (ctx.target === 'auth') return { ok: true };
    const auth = tokens.use(req.headers.authorization, t);
    if (!auth) {
      sendEnvelope(res, rq, 401, 40101, '访问令牌无效或已过期');
      return { ok: false };
    }
    // A token is revoked while in use, never on the very first request made with it.
    if (auth.previousUses > 0 && faults.fires('tokenExpiry', ctx)) {
      rq.fault = 'tokenExpiry';
      tokens.revoke(auth.token);
      sendEnvelope(res, rq, 401, 40101, '访问令牌无效或已过期');
      return { ok: false };
    }
    return { ok: true, token: auth.token };
  }

  /** A success envelope, possibly damaged by `wrongEncoding` or `truncatedBody`. */
  function sendData(res: ServerResponse, rq: SimRequest, ctx: FaultContext, data: unknown): void {
    const text = JSON.stringify({ code: 0, msg: 'ok', data });
    let body: Buffer = Buffer.from(text, 'utf8');
    // Encoding a page in GBK costs more than serialising it, so it is done only when the fault is set.
    if (ctx.target !== 'auth' && faults.configured('wrongEncoding')) {
      const gbk = iconv.encode(text, 'gbk');
      // Only where a consumer can tell (§7.11): GBK bytes that are not also valid UTF-8.
      if (!isUtf8(gbk) && faults.fires('wrongEncoding', ctx)) {
        rq.fault = 'wrongEncoding';
        body = gbk;
      }
    }
    if (body.length > 1 && faults.fires('truncatedBody', ctx)) {
      rq.fault = 'truncatedBody';
      body = truncate(body, faults.random());
    }
    sendRaw(res, rq, 200, body, JSON_TYPE);
  }

  function context(target: FaultTarget): FaultContext {
    const requestNo = (counts.get(target) ?? 0) + 1;
    counts.set(target, requestNo);
    return { target, requestNo };
  }

  async function token(req: IncomingMessage, res: ServerResponse, rq: SimRequest): Promise<void> {
    const ctx = context('auth');
    if (req.method !== 'POST') return sendEnvelope(res, rq, 405, 40501, '请求方法不支持');
    const raw = await readBody(req, 64 * 1024);
    if (!gate(req, res, rq, ctx).ok) return;
    let body: { appId?: unknown; appSecret?: unknown };
    try {
      body = JSON.parse(raw?.toString('utf8') ?? '') as typeof body;
    } catch {
      return sendEnvelope(res, rq, 400, 40001, '参数错误');
    }
    if (body?.appId !== opts.appId || body?.appSecret !== opts.appSecret) return sendEnvelope(res, rq, 401, 40102, 'appId或appSecret错误');
    const wait = tokens.admit(now());
    if (wait !== undefined) return sendEnvelope(res, rq, 429, 42901, '获取令牌过于频繁', null, { 'Retry-After': String(wait) });
    sendData(res, rq, ctx, tokens.issue(now()));
  }

  function list(req: IncomingMessage, res: ServerResponse, rq: SimRequest, url: URL, stream: ProvincialStream): void {
    const ctx = context(stream);
    const cursorParam = url.searchParams.get('cursor') ?? undefined;
    const cursor = cursorParam === undefined ? undefined : decodeCursor(cursorParam);
    rq.page = cursor ? cursor.page + 1 : 1;
    const updatedAfter = url.searchParams.get('updatedAfter') ?? '';
    const pageSizeText = url.searchParams.get('pageSize') ?? '100';
    ctx.page = rq.page;
    ctx.pageKey = cursorParam ?? `${updatedAfter}|${pageSizeText}`;
    if (!gate(req, res, rq, ctx).ok) return;
    if (req.method !== 'GET') return sendEnvelope(res, rq, 405, 40501, '请求方法不支持');
    // §7.2: an expired or unknown cursor answers 40002 whatever else is wrong.
    if (cursorParam !== undefined && (!cursor || now() - cursor.issuedAt > cursorTtlMs))
      return sendEnvelope(res, rq, 400, 40002, '游标无效或已过期');
    const pageSize = /^\d{1,3}$/.test(pageSizeText) ? Number(pageSizeText) : NaN;
    if (!TIME.test(updatedAfter) || parseBeijing(updatedAfter) === null || !(pageSize >= 1 && pageSize <= 500))
      return sendEnvelope(res, rq, 400, 40001, '参数错误');
    if (cursor && (cursor.stream !== stream || cursor.updatedAfter !== updatedAfter || cursor.pageSize !== pageSize))
      return sendEnvelope(res, rq, 400, 40001, '参数错误：游标与查询条件不一致');
    if (cursor && faults.fires('cursorExpired', ctx)) {
      rq.fault = 'cursorExpired';
      return sendEnvelope(res, rq, 400, 40002, '游标无效或已过期');
    }
    const late = faults.fires('lateRecords', ctx);
    if (late) {
      rq.fault = 'lateRecords';
      syncDirtyShare();
      const newest = parseBeijing(served.get(stream) ?? beijingDashed(now()))!;
      world.create(stream, Math.min(newest, now()) - (late.lateBySeconds ?? 120) * 1000);
    }
    const feed = world.feeds[stream];
    const page = feed.page(updatedAfter, cursor?.pos, pageSize);
    const records = [...page.records];
    if (cursor && page.start > 0 && faults.fires('duplicateRows', ctx)) {
      const previous = feed.at(page.start - 1)!;
      if (previous.payload.gxsj >= updatedAfter) {
        rq.fault = 'duplicateRows';
        records.unshift(previous);
      }
    }
    const total = cursor?.total ?? feed.size - feed.firstFrom(updatedAfter);
    const last = page.records[page.records.length - 1];
    const nextCursor =
      page.more && last ? encodeCursor({ pos: last.pos!, issuedAt: now(), updatedAfter, pageSize, total, page: rq.page, stream }) : null;
    for (const r of records) if (r.payload.gxsj > (served.get(stream) ?? '')) served.set(stream, r.payload.gxsj);
    sendData(res, rq, ctx, { records: records.map((r) => r.payload), nextCursor, total });
  }

  function lookup(req: IncomingMessage, res: ServerResponse, rq: SimRequest, qyid: string): void {
    const ctx = context('lookup');
    if (!gate(req, res, rq, ctx).ok) return;
    if (req.method !== 'GET') return sendEnvelope(res, rq, 405, 40501, '请求方法不支持');
    const rec = world.enterprise(qyid);
    if (!rec) return sendEnvelope(res, rq, 404, 40401, '企业不存在');
    sendData(res, rq, ctx, rec.payload);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, rq: SimRequest, path: string): Promise<void> {
    const send = (status: number, body: unknown) => sendRaw(res, rq, status, Buffer.from(JSON.stringify(body)), JSON_TYPE);
    if (path === '/admin/faults' && req.method === 'GET') return send(200, faults.get());
    if (path === '/admin/faults' && req.method === 'PUT') {
      const raw = await readBody(req, 1024 * 1024);
      try {
        faults.set(JSON.parse(raw?.toString('utf8') ?? '') as never);
      } catch (err) {
        return send(400, { error: (err as Error).message });
      }
      return send(200, faults.get());
    }
    if (path === '/admin/catalog' && req.method === 'GET') return send(200, simulator.catalog());
    if (path === '/admin/requests' && req.method === 'GET') return send(200, log);
    return send(404, { error: 'unknown admin endpoint' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname;
    const rq: SimRequest = { seq: ++seq, target: 'other', method: req.method ?? 'GET', path: path + url.search, status: 0 };
    if (path.startsWith('/admin/')) {
      rq.target = 'admin';
      return admin(req, res, rq, path);
    }
    log.push(rq);
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
    advance();
    if (path === '/api/auth/token') {
      rq.target = 'auth';
      return token(req, res, rq);
    }
    const listMatch = LIST.exec(path);
    if (listMatch) {
      rq.target = listMatch[1] as ProvincialStream;
      return list(req, res, rq, url, rq.target as ProvincialStream);
    }
    const lookupMatch = LOOKUP.exec(path);
    if (lookupMatch) {
      rq.target = 'lookup';
      return lookup(req, res, rq, decodeURIComponent(lookupMatch[1]!));
    }
    sendEnvelope(res, rq, 404, 40400, '接口不存在');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        res.writeHead(500, { 'Content-Type': JSON_TYPE }).end(JSON.stringify({ code: 50001, msg: '系统内部错误', data: null }));
      else res.destroy();
    });
  });

  const simulator: ProvincialSimulator = {
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          resolve({ port: address.port, url: `http://${host}:${address.port}` });
        });
      });
    },
    async close() {
      for (const res of held) res.destroy();
      held.clear();
      server.closeAllConnections();
      if (!server.listening) return;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    setFaults(f) {
      faults.set(f);
    },
    faults: () => faults.get(),
    catalog(): CatalogEntry[] {
      advance();
      return world.all().map((rec) => ({
        stream: rec.stream,
        sourceKey: rec.id,
        recordId: `${sourceSystem}:${rec.stream}:${rec.id}`,
        expected: world.expected(rec),
      }));
    },
    records(stream) {
      advance();
      return world.feeds[stream].all().map((r) => structuredClone(r.payload));
    },
    requests: () => log,
  };
  return simulator;
}
