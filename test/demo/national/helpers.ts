import { request } from 'node:http';
import { afterEach } from 'vitest';
import { createNationalClient, type NationalClient } from '../../../src/national/client';
import { signRequest } from '../../../src/national/sign';
import type { NationalInterface, NationalRecord, SignMethod } from '../../../src/national/types';
import { createMockNational, type MockClient, type MockNational, type MockNationalOptions } from '../../../src/demo/national';
import { validRecord } from '../../fixtures/national/valid-records';

export const GS: MockClient = { appKey: 'gs-provincial-key', appSecret: 'gs-secret-0001', regionScope: '62' };
export const LZ: MockClient = { appKey: 'lz-city-key', appSecret: 'lz-secret-0002', regionScope: '6201' };
export const CLIENTS = [GS, LZ];

export interface Running {
  mock: MockNational;
  url: string;
  port: number;
  client(who?: MockClient, extra?: { signMethod?: SignMethod; timeoutMs?: number; nonce?: () => string }): NationalClient;
  send(req: RawRequest): Promise<RawAnswer>;
}

const running: MockNational[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((m) => m.close()));
});

/** A mock on a free local port, closed after the test. */
export async function startMock(opts: Partial<MockNationalOptions> = {}): Promise<Running> {
  const mock = createMockNational({ clients: CLIENTS, rateLimitPerSecond: 0, ...opts });
  running.push(mock);
  const { url, port } = await mock.listen(0);
  return {
    mock,
    url,
    port,
    client: (who = GS, extra = {}) =>
      createNationalClient({
        baseUrl: url,
        appKey: who.appKey,
        appSecret: who.appSecret,
        signMethod: extra.signMethod ?? 'HMAC-SHA256',
        timeoutMs: extra.timeoutMs ?? 10_000,
        now: opts.now,
        nonce: extra.nonce,
      }),
    send: (req) => sendRaw(port, { now: opts.now, ...req }),
  };
}

export interface RawRequest {
  method?: string;
  /** Request target; relative ones are put under /ntp/v1. */
  path: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
  /** Sign as this client (default GS); false sends no X-* headers at all. */
  as?: MockClient | false;
  signMethod?: SignMethod;
  now?: () => number;
  nonce?: string;
  /** Replaces signing headers after signing (for malformed-header cases). */
  override?: Record<string, string | undefined>;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { code?: string; message?: string; [key: string]: unknown } | undefined;
}

/** One request crafted by hand, for everything the well-behaved client never sends. */
export function sendRaw(port: number, req: RawRequest): Promise<RawAnswer> {
  const method = req.method ?? (req.body === undefined ? 'GET' : 'POST');
  const path = req.path.startsWith('/') ? req.path : `/ntp/v1/${req.path}`;
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.from(req.body);
  const headers: Record<string, string> = {};
  if (method === 'POST') headers['Content-Type'] = 'application/json; charset=utf-8';
  Object.assign(headers, req.headers);
  const who = req.as === undefined ? GS : req.as;
  if (who) {
    Object.assign(
      headers,
      signRequest({
        method,
        path,
        body,
        appKey: who.appKey,
        appSecret: who.appSecret,
        signMethod: req.signMethod ?? 'HMAC-SHA256',
        now: req.now,
        nonce: req.nonce === undefined ? undefined : () => req.nonce!,
      }),
    );
  }
  for (const [name, value] of Object.entries(req.override ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'Content-Length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: RawAnswer['json'];
        try {
          json = JSON.parse(text) as RawAnswer['json'];
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    r.on('error', reject);
    r.end(body);
  });
}

/** A valid record of `iface` with some fields changed. */
export function rec(iface: NationalInterface, changes: Record<string, unknown> = {}): NationalRecord {
  return { ...validRecord(iface), ...changes } as NationalRecord;
}

export function batchBody(batchId: string, records: unknown[]): string {
  return JSON.stringify({ batchId, records });
}

let counter = 0;
/** A batchId unique within the test run. */
export function newBatchId(prefix = 'batch'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`.slice(0, 64);
}
