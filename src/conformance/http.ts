import http from 'node:http';
import https from 'node:https';

/** A raw answer: the suite judges status, headers and body itself. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  method: 'GET' | 'POST';
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  agents: HttpAgents;
}

/** Keep-alive connections of one run; destroy() when the run ends so nothing stays open. */
export interface HttpAgents {
  http: http.Agent;
  https: https.Agent;
  destroy(): void;
}

export function createHttpAgents(): HttpAgents {
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 256 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 256 }),
  };
  return {
    ...agents,
    destroy: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * Sends exactly the bytes and headers given: no default content type, no encoding, no retries,
 * so that deliberately wrong requests reach the platform as built.
 */
export function sendRaw(req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.url);
  const isHttps = url.protocol === 'https:';
  const transport = isHttps ? https : http;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['Content-Length'] = String(req.body.length);
  return new Promise((resolve, reject) => {
    let settled = false;
    let answered = false;
    const finish = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    const request = transport.request(
      {
        method: req.method,
        hostname: url.hostname,
        port: url.port || (isHttps ? 443 : 80),
        path: url.pathname + url.search,
        headers,
        agent: isHttps ? req.agents.https : req.agents.http,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        const done = () => {
          const text = Buffer.concat(chunks).toString('utf8');
          finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) }));
        };
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', done);
        // A platform that answers 413 before reading a large body may close the connection
        // while the body is still being written: the answer it gave is what counts.
        res.on('close', done);
      },
    );
    request.setTimeout(req.timeoutMs, () => request.destroy(new Error(`timeout after ${req.timeoutMs} ms`)));
    request.on('error', (e) => {
      if (!answered) finish(() => reject(e));
    });
    request.end(req.body);
  });
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
