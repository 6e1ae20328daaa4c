/**
 * The benchmark's "outside world" in a process of its own: source simulators and the mock national
 * platform, so that the gateway process measures only itself (CPU, RSS). Driven over IPC by
 * bench/lib/sources.ts: every message `{ id, cmd, args }` gets one answer `{ id, ok, result | error }`.
 */
import { createMockNational, type MockNational, type MockNationalOptions } from '../../src/demo/national';
import { createProvincialSimulator, type ProvincialSimulator, type ProvincialSimulatorOptions } from '../../src/demo/provincial-rest';
import { createMarketSimulator, type MarketSimulatorOptions } from '../../src/demo/market-csv';
import { createMvtsSimulator, type MvtsSimulatorOptions } from '../../src/demo/mvts-xml';
import { createMarketStreamSource, type MarketStreamOptions, type MarketStreamSource } from './market-stream';
import { percentile } from '../lib/stats';

interface Closable {
  close(): Promise<void>;
}

const running: Closable[] = [];
let national: MockNational | null = null;
let provincial: ProvincialSimulator | null = null;
let stream: MarketStreamSource | null = null;

/** Simulator clocks may run behind real time (mvts windows end 2 minutes before now, §4.4.5). */
const shifted = (ms: number | undefined) => (ms ? () => Date.now() + ms : undefined);

type Args = Record<string, any>;

const commands: Record<string, (a: Args) => Promise<unknown> | unknown> = {
  async provincial(a) {
    const sim = createProvincialSimulator({ ...(a.options as ProvincialSimulatorOptions), now: shifted(a.clockShiftMs) });
    running.push(sim);
    provincial = sim;
    return sim.listen(0);
  },
  async market(a) {
    const sim = createMarketSimulator({ ...(a.options as MarketSimulatorOptions), now: shifted(a.clockShiftMs) });
    running.push(sim);
    return sim.listen(0);
  },
  async mvts(a) {
    const sim = createMvtsSimulator({ ...(a.options as MvtsSimulatorOptions), now: shifted(a.clockShiftMs) });
    running.push(sim);
    return sim.listen(0);
  },
  async 'market-stream'(a) {
    stream = createMarketStreamSource(a.options as MarketStreamOptions);
    running.push(stream);
    return stream.listen(0);
  },
  async national(a) {
    national = createMockNational(a.options as MockNationalOptions);
    running.push(national);
    return national.listen(0); // url includes /ntp/v1
  },
  /** Receipts so far: record outcomes and the accept log's span. */
  'national-stats'() {
    if (!national) throw new Error('no national mock running');
    const s = national.summary();
    let accepted = 0,
      duplicate = 0,
      rejected = 0;
    for (const c of Object.values(s.interfaces)) {
      accepted += c.accepted;
      duplicate += c.duplicate;
      rejected += c.rejected;
    }
    const log = national.acceptLog();
    return {
      accepted,
      duplicate,
      rejected,
      receipts: s.receipts,
      requests: s.requests.total,
      byStatus: s.requests.byStatus,
      firstAcceptMs: log.length ? Date.parse(log[0]!.receivedAt) : null,
      lastAcceptMs: log.length ? Date.parse(log[log.length - 1]!.receivedAt) : null,
    };
  },
  /** What the gateway must end up with for the last provincial simulator's records (its catalog), counted. */
  'provincial-expected'() {
    if (!provincial) throw new Error('no provincial simulator running');
    const counts = { records: 0, valid: 0, dirty: 0, deleted: 0 };
    for (const e of provincial.catalog()) {
      counts.records++;
      if (e.expected === 'valid') counts.valid++;
      else if (e.expected === 'deleted') counts.deleted++;
      else counts.dirty++;
    }
    return counts;
  },
  /** ACCEPTED records with receivedAt in [fromMs, toMs). */
  'accepted-between'(a) {
    if (!national) throw new Error('no national mock running');
    let n = 0;
    for (const e of national.acceptLog()) {
      const t = Date.parse(e.receivedAt);
      if (t >= a.fromMs && t < a.toMs) n++;
    }
    return n;
  },
  /**
   * Source update → national receipt for the streaming source's sales rows created in [fromMs, toMs):
   * percentiles over the rows received, and how many of the created rows were received at all.
   */
  latency(a) {
    if (!national || !stream) throw new Error('latency needs the national mock and the streaming market source');
    const prefix = `${a.sourceSystem}:sales:XS`;
    const latencies: number[] = [];
    for (const e of national.acceptLog()) {
      if (e.version !== 1 || !e.recordId.startsWith(prefix)) continue;
      const created = stream.createdAt(Number(e.recordId.slice(prefix.length)));
      if (created < a.fromMs || created >= a.toMs) continue;
      latencies.push(Date.parse(e.receivedAt) - created);
    }
    latencies.sort((x, y) => x - y);
    const received = latencies.length;
    const max = latencies.at(-1) ?? null;
    let expected = 0;
    const cap = stream.visibleSales(Number.MAX_SAFE_INTEGER);
    for (let seq = 1; seq <= cap; seq++) {
      const t = stream.createdAt(seq);
      if (t >= a.fromMs && t < a.toMs) expected++;
    }
    // A row never received is slower than every received one.
    for (let i = received; i < expected; i++) latencies.push(Number.POSITIVE_INFINITY);
    const q = (p: number) => {
      const v = percentile(latencies, p);
      return v === null || !Number.isFinite(v) ? null : v;
    };
    return { received, expected, p50: q(0.5), p95: q(0.95), p99: q(0.99), max };
  },
  rss() {
    return process.memoryUsage().rss;
  },
  async 'stop-all'() {
    for (const c of running.splice(0).reverse()) await c.close().catch(() => undefined);
    national = null;
    provincial = null;
    stream = null;
    return true;
  },
};

process.on('message', (msg: { id: number; cmd: string; args: Args }) => {
  void (async () => {
    try {
      const fn = commands[msg.cmd];
      if (!fn) throw new Error(`unknown command ${msg.cmd}`);
      process.send!({ id: msg.id, ok: true, result: await fn(msg.args ?? {}) });
    } catch (err) {
      process.send!({ id: msg.id, ok: false, error: (err as Error).stack ?? String(err) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
