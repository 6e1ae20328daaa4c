import client from 'prom-client';
import type PgBoss from 'pg-boss';
import { oneConnection } from '../db/one-connection';
import type { Db, Queryable } from '../db/pool';
import { adapterPullState, openQuarantineCounts, pausedCredentials, recordCountsByState } from '../db/queries/metrics';
import { noticeAnswerCounts, noticeCaseCounts } from '../db/queries/notices';
import type { QueueName } from '../queues/payloads';
import type { RefusalReason } from '../auth/refusal-log';
import type { Logger } from '../log';
import type { NationalInterface } from '../national/types';
import type { PageSeconds } from '../jobs/pull';

export interface MetricsDeps {
  db: Db;
  boss: PgBoss;
  /** pg-boss queues whose depth is exported (default: every queue of the gateway). */
  queues?: readonly QueueName[];
  log: Logger;
  /** Process metrics (CPU, memory, event loop); default true. */
  processMetrics?: boolean;
}

export const GATEWAY_QUEUES: readonly QueueName[] = ['pull', 'backfill', 'deliver', 'replay', 'refresh-codelists', 'reconcile', 'prune'];

export interface DeliveredOutcome {
  accepted: number;
  duplicate: number;
  rejected: number;
  latencyMs: number;
  records: number;
}

export interface GatewayMetrics {
  readonly registry: client.Registry;
  /**
   * Hook of the pull handler: source pages staged (several at once when a pull joins them), the records
   * they held, and the seconds the stream waited for them and took to stage them.
   */
  onPage(adapterId: string, stream: string, records: number, pages: number, seconds: PageSeconds): void;
  /** Hook of the deliver handler: one batch answered with a receipt. */
  onDelivered(iface: NationalInterface, outcome: DeliveredOutcome): void;
  /** Hook of the deliver handler: every national answer, by code ('0', 'E2001', 'timeout', …). */
  onAnswer(code: string): void;
  /** Hook of the API: a request refused at authentication or for its role. */
  onAuthRefused(reason: RefusalReason): void;
  /** Hook of the public trace surface: one answer, by outcome (found, not_found, malformed, qr, rate_limited). */
  onPublicTrace(outcome: string): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/**
 * Prometheus metrics of one gateway process. Counters and histograms come from the pipeline's hooks;
 * gauges (records by state, quarantine, lag, queue depth) are read from PostgreSQL at scrape time, so
 * every process reports the same, database-wide values for them.
 */
export function createMetrics(deps: MetricsDeps): GatewayMetrics {
  const registry = new client.Registry();
  if (deps.processMetrics !== false) {
    client.collectDefaultMetrics({ register: registry, prefix: 'tg_' });
    // prom-client exports these three sums as gauges named *_total, which Prometheus reserves for
    // counters; the per-type gauges without the suffix carry the same numbers (sum() them).
    for (const name of ['tg_nodejs_active_handles_total', 'tg_nodejs_active_requests_total', 'tg_nodejs_active_resources_total'])
      registry.removeSingleMetric(name);
  }
  const scrapeErrors = new client.Counter({
    name: 'tg_metrics_scrape_errors_total',
    help: 'Scrape-time reads that failed (the gauge is left empty).',
    labelNames: ['gauge'],
    registers: [registry],
  });
  // The gauges' reads of one render share one connection (oneConnection); outside a render, the pool.
  let reads: Queryable = deps.db;
  let rendering: Promise<{ contentType: string; body: string }> | null = null;
  const guarded = (gauge: string, fn: (this: client.Gauge) => Promise<void>) =>
    async function (this: client.Gauge): Promise<void> {
      try {
        await fn.call(this);
      } catch (err) {
        scrapeErrors.inc({ gauge });
        deps.log.warn('metrics read failed', { event: 'metrics:scrape-failed', gauge, error: (err as Error).message });
      }
    };

  new client.Gauge({
    name: 'tg_records',
    help: 'National record versions by adapter, interface and state; state "quarantined" counts open quarantine entries.',
    labelNames: ['adapter', 'interface', 'state'],
    registers: [registry],
    collect: guarded('tg_records', async function (this: client.Gauge) {
      const [records, quarantine] = await Promise.all([recordCountsByState(reads), openQuarantineCounts(reads)]);
      this.reset();
      for (const r of records) this.set({ adapter: r.adapterId, interface: r.interface, state: r.state }, r.n);
      const q = new Map<string, { adapter: string; interface: string; n: number }>();
      for (const r of quarantine) {
        const key = `${r.adapterId}\u0000${r.interface ?? 'none'}`;
        const cur = q.get(key) ?? { adapter: r.adapterId, interface: r.interface ?? 'none', n: 0 };
        cur.n += r.n;
        q.set(key, cur);
      }
      for (const v of q.values()) this.set({ adapter: v.adapter, interface: v.interface, state: 'quarantined' }, v.n);
    }),
  });
  new client.Gauge({
    name: 'tg_pull_lag_seconds',
    help: 'Seconds since the last successful pull of each adapter (absent until one succeeds).',
    labelNames: ['adapter'],
    registers: [registry],
    collect: guarded('tg_pull_lag_seconds', async function (this: client.Gauge) {
      const rows = await adapterPullState(reads);
      this.reset();
      for (const r of rows) if (r.lagSeconds !== null) this.set({ adapter: r.adapterId }, Math.max(0, Math.round(r.lagSeconds)));
    }),
  });
  new client.Gauge({
    name: 'tg_adapter_consecutive_failures',
    help: 'Failed pulls in a row per adapter.',
    labelNames: ['adapter'],
    registers: [registry],
    collect: guarded('tg_adapter_consecutive_failures', async function (this: client.Gauge) {
      const rows = await adapterPullState(reads);
      this.reset();
      for (const r of rows) this.set({ adapter: r.adapterId }, r.consecutiveFailures);
    }),
  });
  new client.Gauge({
    name: 'tg_queue_depth',
    help: 'Jobs waiting per pg-boss queue.',
    labelNames: ['queue'],
    registers: [registry],
    collect: guarded('tg_queue_depth', async function (this: client.Gauge) {
      // One after another: at once, they would take as many of pg-boss's connections.
      const sizes: Array<[QueueName, number]> = [];
      for (const q of deps.queues ?? GATEWAY_QUEUES) sizes.push([q, await deps.boss.getQueueSize(q)]);
      this.reset();
      for (const [queue, n] of sizes) this.set({ queue }, n);
    }),
  });
  new client.Gauge({
    name: 'tg_national_paused',
    help: '1 while delivery is paused for a credential (E2001/E2004) until an operator resumes it.',
    labelNames: ['app_key'],
    registers: [registry],
    collect: guarded('tg_national_paused', async function (this: client.Gauge) {
      const rows = await pausedCredentials(reads);
      this.reset();
      for (const r of rows) this.set({ app_key: r.appKey }, r.paused ? 1 : 0);
    }),
  });

  new client.Gauge({
    name: 'tg_notice_cases',
    help: 'Cases of notices received from the platform (national §8), by state.',
    labelNames: ['state'],
    registers: [registry],
    collect: guarded('tg_notice_cases', async function (this: client.Gauge) {
      const rows = await noticeCaseCounts(reads);
      this.reset();
      for (const state of ['acknowledged', 'in_progress', 'closed', 'withdrawn']) this.set({ state }, 0);
      for (const r of rows) this.set({ state: r.state }, r.n);
    }),
  });
  new client.Gauge({
    name: 'tg_notice_answers',
    help: 'Answers to notices in the outbox, by outcome (pending, sent, refused, cancelled).',
    labelNames: ['outcome'],
    registers: [registry],
    collect: guarded('tg_notice_answers', async function (this: client.Gauge) {
      const rows = await noticeAnswerCounts(reads);
      this.reset();
      for (const outcome of ['pending', 'sent', 'refused', 'cancelled']) this.set({ outcome }, 0);
      for (const r of rows) this.set({ outcome: r.outcome }, r.n);
    }),
  });

  const latency = new client.Histogram({
    name: 'tg_delivery_latency_seconds',
    help: 'From the first POST of a delivery attempt to the stored receipt, per batch.',
    labelNames: ['interface'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const batchSize = new client.Histogram({
    name: 'tg_batch_size_records',
    help: 'Records per delivered batch.',
    labelNames: ['interface'],
    buckets: [1, 10, 50, 100, 250, 500],
    registers: [registry],
  });
  const delivered = new client.Counter({
    name: 'tg_delivered_records_total',
    help: 'Records answered in receipts, by outcome.',
    labelNames: ['interface', 'outcome'],
    registers: [registry],
  });
  const answers = new client.Counter({
    name: 'tg_national_answers_total',
    help: 'Answers of the national platform by code ("0" = receipt).',
    labelNames: ['code'],
    registers: [registry],
  });
  const pages = new client.Counter({
    name: 'tg_pulled_pages_total',
    help: 'Source pages staged.',
    labelNames: ['adapter', 'stream'],
    registers: [registry],
  });
  const pulled = new client.Counter({
    name: 'tg_pulled_records_total',
    help: 'Source records received in staged pages.',
    labelNames: ['adapter', 'stream'],
    registers: [registry],
  });
  const pullSeconds = new client.Counter({
    name: 'tg_pull_seconds_total',
    help: 'Seconds pulls spent waiting for the next page (fetched and prepared) and staging pages, by phase.',
    labelNames: ['adapter', 'stream', 'phase'],
    registers: [registry],
  });
  const publicTrace = new client.Counter({
    name: 'tg_public_trace_requests_total',
    help: 'Answers of the public trace page, API and QR codes, by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });

  const refused = new client.Counter({
    name: 'tg_api_auth_refused_total',
    help: 'API requests refused: no token (missing), unknown, revoked or expired token, or a role too low (forbidden).',
    labelNames: ['reason'],
    registers: [registry],
  });
  for (const reason of ['missing', 'unknown', 'revoked', 'expired', 'forbidden']) refused.inc({ reason }, 0);

  return {
    registry,
    onAuthRefused(reason) {
      refused.inc({ reason });
    },
    onPage(adapterId, stream, records, n, seconds) {
      pages.inc({ adapter: adapterId, stream }, n);
      pulled.inc({ adapter: adapterId, stream }, records);
      pullSeconds.inc({ adapter: adapterId, stream, phase: 'waiting' }, seconds.waiting);
      pullSeconds.inc({ adapter: adapterId, stream, phase: 'staging' }, seconds.staging);
    },
    onDelivered(iface, o) {
      latency.observe({ interface: iface }, o.latencyMs / 1000);
      batchSize.observe({ interface: iface }, o.records);
      delivered.inc({ interface: iface, outcome: 'accepted' }, o.accepted);
      delivered.inc({ interface: iface, outcome: 'duplicate' }, o.duplicate);
      delivered.inc({ interface: iface, outcome: 'rejected' }, o.rejected);
    },
    onAnswer(code) {
      answers.inc({ code: /^[\w-]{1,32}$/.test(code) ? code : 'other' });
    },
    onPublicTrace(outcome) {
      publicTrace.inc({ outcome });
    },
    render() {
      // Callers at the same moment share the render under way: its gauges read through one connection.
      rendering ??= (async () => {
        const scrape = oneConnection(deps.db);
        reads = scrape.db;
        try {
          return { contentType: registry.contentType, body: await registry.metrics() };
        } finally {
          reads = deps.db;
          await scrape.release();
          rendering = null;
        }
      })();
      return rendering;
    },
  };
}
