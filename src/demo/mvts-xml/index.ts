import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordIdFor } from '../../common/record-id';
import { Feed } from './feed';
import { FaultPlan, type InjectedFault, type MvtsFaults } from './faults';
import { RecordGenerator } from './generator';
import { createPopulation, loadNodes } from './population';
import { Rng } from '../common/random';
import { MvtsService, type Reply } from './service';
import { Sessions } from './session';
import { RecordStore } from './store';
import type { CatalogEntry } from './types';

export type { MvtsFaults, MvtsFaultKind, FaultTarget, InjectedFault } from './faults';
export type { CatalogEntry, Expected } from './types';

export interface MvtsSimulatorOptions {
  /** The data-exchange account (type 90) and its password. */
  nodeCode: string;
  password: string;
  seed?: number;
  /** Records per record type uploaded during the hour before start; default 40. */
  initialRecords?: number;
  /** New records and re-uploads per minute while running; default 4 (0 in tests). */
  newRecordsPerMinute?: number;
  /** Share of dirty records; default 0.1. */
  dirtyShare?: number;
  faults?: MvtsFaults;
  now?: () => number;
  tokenTtlMinutes?: number;
  /** Requests per second the account may make before code 9999; default 5 (§4.5), 0 = unlimited. */
  rateLimitPerSecond?: number;
  /** Span before start the initial UploadTimes fall in; default 55 minutes. */
  initialSpanMinutes?: number;
  /** sourceSystem of the gateway instance reading it, for catalog recordIds; default gs-mvts. */
  sourceSystem?: string;
  /** Node directory to draw nodes from; default config/translations/mvts-nodes.json. */
  nodesFile?: string;
}

export interface MvtsSimulator {
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  setFaults(faults: MvtsFaults): void;
  faults(): MvtsFaults;
  /** Faults injected since the fault settings were last set. */
  injectedFaults(): InjectedFault[];
  /** Every record served or to be served, newest revision, with its expected outcome. */
  catalog(): CatalogEntry[];
  /** Successful Logins so far. */
  logins(): number;
}

const MAX_REQUEST_BYTES = 1024 * 1024;

/** The meat and vegetable circulation traceability service (source-subsystems §4), over real HTTP. */
export function createMvtsSimulator(opts: MvtsSimulatorOptions): MvtsSimulator {
  const seed = opts.seed ?? 20240612;
  const now = opts.now ?? Date.now;
  const rng = new Rng(seed);
  const store = new RecordStore();
  const generator = new RecordGenerator(createPopulation(rng, loadNodes(opts.nodesFile)), seed + 1, opts.dirtyShare ?? 0.1);
  const feed = new Feed(
    generator,
    store,
    new Rng(seed + 2),
    {
      initialRecords: opts.initialRecords ?? 40,
      newRecordsPerMinute: opts.newRecordsPerMinute ?? 4,
      initialSpanMinutes: opts.initialSpanMinutes ?? 55,
      reuploadShare: 0.15,
    },
    now(),
  );
  const sessions = new Sessions(opts.nodeCode, opts.password, (opts.tokenTtlMinutes ?? 30) * 60_000, new Rng(seed + 3));
  const faults = new FaultPlan(opts.faults, seed + 4);
  const service = new MvtsService({
    store,
    feed,
    sessions,
    faults,
    now,
    renderSeed: seed,
    rateLimitPerSecond: opts.rateLimitPerSecond ?? 5,
  });
  const sourceSystem = opts.sourceSystem ?? 'gs-mvts';
  const hanging = new Set<NodeJS.Timeout>();

  function send(res: http.ServerResponse, reply: Reply): void {
    if (reply.hangMs !== undefined) {
      const timer = setTimeout(() => {
        hanging.delete(timer);
        res.socket?.destroy();
      }, reply.hangMs);
      hanging.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        hanging.delete(timer);
      });
      return;
    }
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
    res.end(reply.body);
  }

  function json(res: http.ServerResponse, status: number, value: unknown): void {
    send(res, { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(JSON.stringify(value)) });
  }

  async function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BYTES) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  const catalog = (): CatalogEntry[] => {
    feed.advance(now());
    return store.all().map((r) => ({
      stream: r.stream,
      sourceKey: r.sourceKey,
      recordId: recordIdFor(sourceSystem, r.stream, r.sourceKey),
      expected: r.expected,
    }));
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = await readBody(req);
      if (body === null)
        return send(res, { status: 413, headers: { 'content-type': 'text/plain' }, body: Buffer.from('request too large') });
      if (req.method === 'POST' && url.pathname === '/mvts/service') return send(res, await service.handle(body));
      if (url.pathname === '/admin/faults' && req.method === 'GET') return json(res, 200, faults.get());
      if (url.pathname === '/admin/faults' && req.method === 'PUT') {
        try {
          faults.set(JSON.parse(body.toString('utf8') || '{}'));
          return json(res, 200, faults.get());
        } catch (err) {
          return json(res, 400, { error: (err as Error).message });
        }
      }
      if (url.pathname === '/admin/catalog' && req.method === 'GET') return json(res, 200, catalog());
      return send(res, {
        status: 404,
        headers: { 'content-type': 'text/html' },
        body: Buffer.from('<html><body><h1>404 Not Found</h1></body></html>'),
      });
    })().catch((err: unknown) => {
      if (!res.headersSent)
        send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: Buffer.from(String((err as Error).message)) });
    });
  });

  return {
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          resolve({ port: addr.port, url: `http://${host}:${addr.port}` });
        });
      });
    },
    close() {
      for (const t of hanging) clearTimeout(t);
      hanging.clear();
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    setFaults: (f) => faults.set(f),
    faults: () => faults.get(),
    injectedFaults: () => [...faults.injected],
    catalog,
    logins: () => sessions.logins,
  };
}
