import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { wireError, type WireError } from './wire-error';

const gunzipAsync = promisify(gunzip);

/** §1 and §7.1: 4 MiB, inclusive, after decompression. */
export const MAX_BODY_BYTES = 4_194_304;
/** What the mock reads at most before it stops listening to a body; enough for any honest gzip. */
export const RAW_READ_CAP = 4 * MAX_BODY_BYTES;

export type RawBody = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true };

/** Reads the body bytes as sent, stopping (without buffering more) past `cap`. */
export function readRawBody(req: IncomingMessage, cap = RAW_READ_CAP): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > cap) {
        done = true;
        req.pause();
        resolve({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve({ ok: true, bytes: Buffer.concat(chunks) });
      done = true;
    });
    req.on('error', (err) => {
      if (!done) reject(err);
      done = true;
    });
  });
}

const JSON_UTF8 = /^application\/json\s*;\s*charset\s*=\s*(?:utf-8|"utf-8")$/i;

export interface DecodeSettings {
  acceptWrongContentType: boolean;
  wrongCodeForOversizeBody: boolean;
}

function oversize(settings: DecodeSettings): WireError {
  return settings.wrongCodeForOversizeBody ? wireError(400, 'E1000', 'body is not valid') : wireError(413, 'E1002', 'body over 4 MiB');
}

/** §7.1: content type, encoding, size, gzip, BOM and UTF-8 checks; the body text on success. */
export async function decodeBody(
  headers: IncomingHttpHeaders,
  raw: Buffer,
  settings: DecodeSettings,
): Promise<{ text: string } | WireError> {
  const contentType = (headers['content-type'] ?? '').trim();
  if (!settings.acceptWrongContentType && !JSON_UTF8.test(contentType)) {
    return wireError(415, 'E1003', 'Content-Type must be application/json; charset=utf-8');
  }
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'gzip') {
    return wireError(415, 'E1003', 'Content-Encoding must be absent or gzip');
  }
  let bytes = raw;
  if (encoding !== undefined) {
    try {
      bytes = await gunzipAsync(raw, { maxOutputLength: MAX_BODY_BYTES + 1 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return oversize(settings);
      return wireError(400, 'E1000', 'body labelled gzip does not inflate');
    }
  }
  if (bytes.length > MAX_BODY_BYTES) return oversize(settings);
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return wireError(400, 'E1000', 'body starts with a UTF-8 byte-order mark');
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return wireError(400, 'E1000', 'body is not valid UTF-8');
  }
}
