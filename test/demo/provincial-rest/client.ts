import { createProvincialSimulator, type ProvincialSimulator, type ProvincialSimulatorOptions } from '../../../src/demo/provincial-rest';

export const APP_ID = 'sim-app';
export const APP_SECRET = 'sim-secret-0001';
export const START = Date.parse('2024-06-12T08:00:00+08:00');

export interface Wire {
  status: number;
  headers: Headers;
  body: Buffer;
  json(): any;
}

/** A running simulator and a plain HTTP client for it (no adapter in between). */
export class SimClient {
  clock = { now: START };
  sim!: ProvincialSimulator;
  url = '';
  private token = '';

  static async start(opts: Partial<ProvincialSimulatorOptions> = {}): Promise<SimClient> {
    const c = new SimClient();
    c.sim = createProvincialSimulator({
      appId: APP_ID,
      appSecret: APP_SECRET,
      seed: 5,
      initialRecords: 20,
      newRecordsPerMinute: 0,
      rateLimitPerSecond: 0,
      now: () => c.clock.now,
      ...opts,
    });
    c.url = (await c.sim.listen()).url;
    return c;
  }

  async request(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Wire> {
    const res = await fetch(this.url + path, { method, body: init.body, headers: init.headers });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) };
  }

  async tokenRequest(appId = APP_ID, appSecret = APP_SECRET): Promise<Wire> {
    return this.request('POST', '/api/auth/token', {
      body: JSON.stringify({ appId, appSecret }),
      headers: { 'Content-Type': 'application/json' },
    });
  }

  async login(): Promise<string> {
    this.token = (await this.tokenRequest()).json().data.accessToken;
    return this.token;
  }

  /** An authorised GET (logs in first when needed). */
  async get(path: string, token?: string): Promise<Wire> {
    if (!token && !this.token) await this.login();
    return this.request('GET', path, { headers: { Authorization: `Bearer ${token ?? this.token}` } });
  }

  /** A list request with the query of §2.4. */
  list(stream: string, updatedAfter = '1970-01-01 00:00:00', pageSize = 100, cursor?: string): Promise<Wire> {
    const q = new URLSearchParams({ updatedAfter, pageSize: String(pageSize) });
    if (cursor !== undefined) q.set('cursor', cursor);
    return this.get(`/api/v2/${stream}?${q.toString()}`);
  }

  /** Every record of a full pull, following nextCursor. */
  async pullAll(stream: string, pageSize = 100, updatedAfter = '1970-01-01 00:00:00'): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    for (;;) {
      const data = (await this.list(stream, updatedAfter, pageSize, cursor)).json().data;
      out.push(...data.records);
      if (data.nextCursor === null) return out;
      cursor = data.nextCursor;
    }
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}
