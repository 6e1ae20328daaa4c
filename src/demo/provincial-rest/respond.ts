import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimRequest } from './types';

export const JSON_TYPE = 'application/json;charset=UTF-8';

/** Writes a complete answer and notes its status on the request log entry. */
export function sendRaw(
  res: ServerResponse,
  rq: SimRequest,
  status: number,
  body: Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  rq.status = status;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(body.length), ...headers });
  res.end(body);
}

/** The platform's envelope `{code, msg, data}` (§2.2). */
export function sendEnvelope(
  res: ServerResponse,
  rq: SimRequest,
  status: number,
  code: number,
  msg: string,
  data: unknown = null,
  headers: Record<string, string> = {},
): void {
  sendRaw(res, rq, status, Buffer.from(JSON.stringify({ code, msg, data }), 'utf8'), JSON_TYPE, headers);
}

/** The reverse proxy's error page of §2.6 (502, 504). */
export function proxyErrorPage(status: number): Buffer {
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  return Buffer.from(
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    'utf8',
  );
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Cuts a body at a random character boundary strictly inside it, so it stays valid UTF-8 but not valid JSON. */
export function truncate(body: Buffer, random: number): Buffer {
  let cut = 1 + Math.floor(random * (body.length - 1));
  while (cut > 1 && (body[cut]! & 0xc0) === 0x80) cut--;
  return body.subarray(0, cut);
}
