import type { ServerResponse } from 'node:http';
import type { FaultContext, FaultPlan } from './faults';
import { JSON_TYPE, proxyErrorPage, sendEnvelope, sendRaw } from './respond';
import type { SimRequest } from './types';

/**
 * The faults that replace an answer whatever the request (§5.12): timeout (the response is held,
 * `hold` keeps it until close), serverError, rateLimit, unexpectedResponse. True when one fired.
 */
export function answerWithFault(
  res: ServerResponse,
  rq: SimRequest,
  ctx: FaultContext,
  faults: FaultPlan,
  hold: (res: ServerResponse) => void,
): boolean {
  if (faults.fires('timeout', ctx)) {
    rq.fault = 'timeout';
    hold(res);
    return true;
  }
  const serverError = faults.fires('serverError', ctx);
  if (serverError) {
    rq.fault = 'serverError';
    const status = serverError.status ?? ([500, 503, 502, 504] as const)[Math.floor(faults.random() * 4)]!;
    if (status === 500) sendEnvelope(res, rq, 500, 50001, '系统内部错误');
    else if (status === 503)
      sendEnvelope(res, rq, 503, 50301, '系统维护中', null, { 'Retry-After': String(serverError.retryAfterSeconds ?? 1) });
    else sendRaw(res, rq, status, proxyErrorPage(status), 'text/html');
    return true;
  }
  const limited = faults.fires('rateLimit', ctx);
  if (limited) {
    rq.fault = 'rateLimit';
    // §7.11: the token endpoint's 429 carries Retry-After: 60.
    const seconds = ctx.target === 'auth' ? 60 : (limited.retryAfterSeconds ?? 1);
    sendEnvelope(res, rq, 429, 42901, '请求过于频繁，请稍后再试', null, { 'Retry-After': String(seconds) });
    return true;
  }
  const unexpected = faults.fires('unexpectedResponse', ctx);
  if (unexpected) {
    rq.fault = 'unexpectedResponse';
    const variant = unexpected.variant ?? (['html', 'noEnvelope', 'nonZeroCode'] as const)[Math.floor(faults.random() * 3)]!;
    if (variant === 'html')
      sendRaw(
        res,
        rq,
        200,
        Buffer.from('<!DOCTYPE html><html><body><h1>系统升级维护中</h1></body></html>', 'utf8'),
        'text/html;charset=UTF-8',
      );
    else if (variant === 'noEnvelope') sendRaw(res, rq, 200, Buffer.from('{"records":[],"nextCursor":null}', 'utf8'), JSON_TYPE);
    else sendEnvelope(res, rq, 200, 50001, '系统繁忙');
    return true;
  }
  return false;
}
