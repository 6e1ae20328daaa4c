import iconv from 'iconv-lite';
import { Parser } from 'xml2js';
import { beijingCompact, compactTimeToIso } from '../../common/time';
import type { Feed } from './feed';
import type { FaultPlan, MvtsFaultKind } from './faults';
import type { Generated } from './generator';
import { encodeGbk, recordsBody, renderRecord, responseXml, type ResponseHead } from './render';
import type { Sessions } from './session';
import type { RecordStore } from './store';
import { RECORD_TYPES, type RecordType } from './types';

/** One answer of the simulated service; `hangMs` = hold the request and drop the connection. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  hangMs?: number;
}

export interface ServiceDeps {
  store: RecordStore;
  feed: Feed;
  sessions: Sessions;
  faults: FaultPlan;
  now: () => number;
  renderSeed: number;
  rateLimitPerSecond: number;
}

const XML_TYPE = 'text/xml; charset=GBK';
const DAY_MS = 86_400_000;

function xmlReply(text: string): Reply {
  return { status: 200, headers: { 'content-type': XML_TYPE }, body: encodeGbk(text) };
}

function codeReply(code: string, message: string): Reply {
  return xmlReply(responseXml({ code, message }, null));
}

function html(status: number, title: string): Reply {
  const text = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, headers: { 'content-type': 'text/html' }, body: Buffer.from(text) };
}

interface ParsedRequest {
  head: Record<string, string>;
  body: Record<string, string>;
}

function flat(node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) out[k] = typeof v === 'string' ? v.trim() : '';
  }
  return out;
}

async function parseRequest(raw: Buffer): Promise<ParsedRequest> {
  const head = raw.subarray(0, 100).toString('latin1');
  const text = /encoding\s*=\s*["']utf-?8["']/i.test(head) ? raw.toString('utf8') : iconv.decode(raw, 'gb18030');
  const doc = await new Parser({ explicitArray: false, explicitRoot: true, ignoreAttrs: true, emptyTag: '' }).parseStringPromise(text);
  const req = (doc as Record<string, any> | null)?.Request;
  if (!req || typeof req !== 'object' || !req.Head) throw new Error('no Request/Head');
  return { head: flat(req.Head), body: flat(req.Body) };
}

function validTime(t: string | undefined): boolean {
  return t !== undefined && compactTimeToIso(t) !== null;
}

/** The mvts service of source-subsystems §4.2–§4.5, with the faults of §5.12. */
export class MvtsService {
  private readonly recent: number[] = [];

  constructor(private readonly d: ServiceDeps) {}

  async handle(raw: Buffer): Promise<Reply> {
    const now = this.d.now();
    this.d.feed.advance(now);
    let req: ParsedRequest;
    try {
      req = await parseRequest(raw);
    } catch {
      return codeReply('2001', '参数错误：报文格式错误');
    }
    const method = req.head.Method;
    const recordType = RECORD_TYPES.find((t) => t === req.body.RecordType);
    const target = method === 'Login' ? 'Login' : method === 'QueryRecords' && recordType ? recordType : null;
    const fault = target ? this.d.faults.next(target) : null;
    const early = fault ? this.beforeAnswer(fault, recordType, method, now) : null;
    if (early) return early;
    if (this.overRateLimit()) return codeReply('9999', '系统繁忙，请稍后再试');
    let reply: Reply;
    if (method === 'Login') reply = this.login(req, now);
    else if (method === 'QueryRecords') reply = this.query(req, now, fault);
    else reply = codeReply('2001', '参数错误：Method无效');
    return fault ? this.afterAnswer(fault, reply) : reply;
  }

  private overRateLimit(): boolean {
    const limit = this.d.rateLimitPerSecond;
    if (!(limit > 0)) return false;
    const t = performance.now();
    while (this.recent.length > 0 && this.recent[0]! <= t - 1000) this.recent.shift();
    this.recent.push(t);
    return this.recent.length > limit;
  }

  private login(req: ParsedRequest, now: number): Reply {
    const outcome = this.d.sessions.login(req.head.NodeCode ?? '', req.body.Password ?? '', now);
    if (outcome.code !== '0000') {
      return outcome.code === '1002' ? codeReply('1002', '登录失败：节点编码或密码错误') : codeReply('1003', '账户已锁定，请30分钟后再试');
    }
    const body = `    <Token>${outcome.token}</Token>\n    <ExpireTime>${beijingCompact(outcome.expiresAt)}</ExpireTime>\n`;
    return xmlReply(responseXml({ code: '0000', message: '登录成功' }, body));
  }

  private query(req: ParsedRequest, now: number, fault: MvtsFaultKind | null): Reply {
    if (!this.d.sessions.isValid(req.head.NodeCode ?? '', req.head.Token ?? '', now)) return codeReply('1001', '令牌已失效，请重新登录');
    const b = req.body;
    const type = RECORD_TYPES.find((t) => t === b.RecordType);
    if (!type) return codeReply('2001', '参数错误：RecordType无效');
    if (!validTime(b.StartTime) || !validTime(b.EndTime)) return codeReply('2001', '参数错误：时间格式错误');
    const start = b.StartTime!;
    const end = b.EndTime!;
    const span = Date.parse(compactTimeToIso(end)!) - Date.parse(compactTimeToIso(start)!);
    if (span <= 0) return codeReply('2001', '参数错误：StartTime必须早于EndTime');
    if (span > DAY_MS) return codeReply('2001', '参数错误：查询时间范围超过24小时');
    if (!/^\d{1,9}$/.test(b.PageNo ?? '') || Number(b.PageNo) < 1) return codeReply('2001', '参数错误：PageNo无效');
    if (!/^\d{1,9}$/.test(b.PageSize ?? '') || Number(b.PageSize) < 1 || Number(b.PageSize) > 200)
      return codeReply('2001', '参数错误：PageSize超出范围');
    const pageNo = Number(b.PageNo);
    const pageSize = Number(b.PageSize);
    if (fault === 'pageShift') this.shift(type, start, end, (pageNo - 1) * pageSize, now);
    const all = this.d.store.window(type, start, end);
    const offset = (pageNo - 1) * pageSize;
    const page: Generated[] = all.slice(offset, offset + pageSize);
    if (fault === 'duplicateRows') {
      if (offset > 0 && offset - 1 < all.length) page.unshift(all[offset - 1]!);
      else if (page.length > 0) page.push(page[page.length - 1]!);
    }
    const head: ResponseHead = { code: '0000', message: '成功', totalCount: all.length, pageNo, pageSize };
    return xmlReply(responseXml(head, recordsBody(page.map((r) => renderRecord(r, this.d.renderSeed)))));
  }

  /** A re-upload during paging: a record already served leaves the window, later pages shift. */
  private shift(type: RecordType, start: string, end: string, served: number, now: number): void {
    const inWindow = this.d.store.window(type, start, end);
    if (inWindow.length === 0) return;
    const rng = this.d.faults.random;
    const idx = served > 0 ? rng.int(0, Math.min(served, inWindow.length) - 1) : rng.int(0, inWindow.length - 1);
    this.d.feed.reupload(inWindow[idx]!, now);
  }

  private beforeAnswer(fault: MvtsFaultKind, type: RecordType | undefined, method: string, now: number): Reply | null {
    const rng = this.d.faults.random;
    switch (fault) {
      case 'timeout':
        return { status: 0, headers: {}, body: Buffer.alloc(0), hangMs: this.d.faults.timeoutMs };
      case 'serverError': {
        const variant = this.d.faults.serverError ?? rng.pick([502, 503, 504, 9999] as const);
        if (variant === 9999) return codeReply('9999', '系统繁忙，请稍后再试');
        const reply = html(
          variant,
          variant === 502 ? '502 Bad Gateway' : variant === 503 ? '503 Service Temporarily Unavailable' : '504 Gateway Time-out',
        );
        const retryAfter = this.d.faults.retryAfterSeconds;
        if (variant === 503 && retryAfter !== undefined) reply.headers['retry-after'] = String(retryAfter);
        return reply;
      }
      case 'rateLimit':
        return codeReply('9999', '系统繁忙，请稍后再试');
      case 'unexpectedResponse': {
        const variant = rng.int(0, 2);
        if (variant === 0) return { ...html(200, '系统维护中'), status: 200 };
        if (variant === 1)
          return xmlReply('<?xml version="1.0" encoding="GBK"?>\n<Response>\n  <Body>\n    <Records/>\n  </Body>\n</Response>\n');
        return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"code":0,"msg":"ok"}') };
      }
      case 'tokenExpiry':
        if (method !== 'QueryRecords') return null;
        this.d.sessions.revoke();
        return codeReply('1001', '令牌已失效，请重新登录');
      case 'lateRecords':
        if (type) this.d.feed.late(type, now);
        return null;
      case 'dirtyRecords':
        if (type) this.d.feed.dirty(type, now);
        return null;
      default:
        return null;
    }
  }

  private afterAnswer(fault: MvtsFaultKind, reply: Reply): Reply {
    if (reply.status !== 200) return reply;
    if (fault === 'wrongEncoding') {
      // UTF-8 bytes under a GBK declaration: detectable because every answer holds Chinese text.
      return { ...reply, body: Buffer.from(iconv.decode(reply.body, 'gb18030'), 'utf8') };
    }
    if (fault === 'truncatedBody') {
      const text = reply.body;
      const end = text.lastIndexOf('</Response>');
      const cuts: number[] = [];
      for (let i = 1; i < end; i++) if (text[i] === 0x3c) cuts.push(i);
      const at = cuts.length > 0 ? this.d.faults.random.pick(cuts) : Math.max(1, end);
      return { ...reply, body: text.subarray(0, at) };
    }
    return reply;
  }
}
