import { decodeBody } from '../decode';
import { PageError } from '../errors';
import type { HttpResponse } from '../http';

/** The platform's response envelope (§2.2). */
export interface Envelope {
  code: number;
  msg: string;
  data: unknown;
}

/** A non-200 answer of the platform: the HTTP status, and the envelope `code` when the body had one. */
export class ProvincialHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly retryAfterHeader: string | undefined,
  ) {
    super(`HTTP ${status}${code === undefined ? '' : ` code ${code}`}`);
    this.name = 'ProvincialHttpError';
  }
}

/**
 * The envelope of a body, per §5.9: strict UTF-8 (provincial JSON is always UTF-8; a BOM is dropped) →
 * UNDECODABLE_BODY; text that starts like JSON but does not parse (a truncated body) → MALFORMED_BODY;
 * anything else that is not `{code, msg, data}` (an HTML page, a bare object) → UNEXPECTED_RESPONSE.
 */
export function readEnvelope(body: Buffer): Envelope {
  const text = decodeBody(body, 'utf-8').text;
  const start = text.trimStart();
  if (!start.startsWith('{') && !start.startsWith('[')) {
    throw new PageError('UNEXPECTED_RESPONSE', `body is not JSON (begins ${JSON.stringify(start.slice(0, 40))})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PageError('MALFORMED_BODY', `JSON does not parse: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PageError('UNEXPECTED_RESPONSE', 'body is not a JSON object');
  }
  const env = parsed as Record<string, unknown>;
  if (!Number.isInteger(env.code) || !('data' in env)) {
    throw new PageError('UNEXPECTED_RESPONSE', 'body lacks the {code, msg, data} envelope');
  }
  return { code: env.code as number, msg: typeof env.msg === 'string' ? env.msg : '', data: env.data };
}

/**
 * A response as the platform means it: HTTP 200 with code 0 → the envelope; HTTP 200 with another code
 * → UNEXPECTED_RESPONSE (§2.6); any other status → ProvincialHttpError with the envelope code when the
 * body has one (a 502 HTML page has none).
 */
export function interpretResponse(res: HttpResponse): Envelope {
  if (res.status === 200) {
    const env = readEnvelope(res.body);
    if (env.code !== 0) throw new PageError('UNEXPECTED_RESPONSE', `HTTP 200 with code ${env.code}`);
    return env;
  }
  let code: number | undefined;
  try {
    code = readEnvelope(res.body).code;
  } catch {
    code = undefined;
  }
  throw new ProvincialHttpError(res.status, code, res.headers['retry-after']);
}
