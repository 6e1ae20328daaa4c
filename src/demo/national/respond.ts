import type { ServerResponse } from 'node:http';
import type { WireError } from './wire-error';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Writes a JSON answer; `body` may be ready-made JSON text (to keep scalars as stored). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendWireError(res: ServerResponse, err: WireError, headers: Record<string, string> = {}): void {
  const extra = { ...headers };
  if (err.retryAfterSeconds !== undefined) extra['Retry-After'] = String(err.retryAfterSeconds);
  sendJson(res, err.status, { code: err.code, message: err.message }, extra);
}

export function isWireError(value: unknown): value is WireError {
  return typeof value === 'object' && value !== null && 'status' in value && 'code' in value && !('receipt' in value);
}

/** A §8 answer: a body with its status (200, 201, 422 E4000), or a whole-request error. */
export function sendNoticeAnswer(res: ServerResponse, answer: WireError | { status: number; body: unknown }): void {
  if ('code' in answer) return sendWireError(res, answer);
  sendJson(res, answer.status, answer.body);
}
