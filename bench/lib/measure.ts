/** Measuring the gateway process (CPU, RSS over time) and waiting for its delivery backlog to drain. */
import fs from 'node:fs';
import v8 from 'node:v8';
import type { Db } from '../../src/db/pool';
import { recordCountTotals } from '../../src/db/queries/counters';
import { median } from './stats';

export interface ResourceFigures {
  seconds: number;
  /** CPU seconds of this process per wall-clock second (1 = one core busy). */
  cpuCores: number;
  cpuSeconds: number;
  /**
   * Share of the window this process's main thread was running JavaScript or callbacks rather than
   * waiting for the next event (Node's event-loop utilisation, 0–1). Near 1 while the process gets
   * well under one core, the thread was ready to run and waiting for a core.
   */
  eventLoopBusy: number;
  rssPeakMb: number;
  rssMinMb: number;
  rssMedianMb: number;
  /** One sample per interval, in MB. */
  rssSamplesMb: number[];
  /**
   * Where the memory was at the RSS peak (MB): V8 heap used and reserved, the reserved part by space
   * (young generation, old generation, large objects, code), memory outside the heap, and the part
   * of the RSS mapped from files (the node binary and libraries; Linux only).
   */
  atPeakMb: {
    rss: number;
    heapUsed: number;
    heapTotal: number;
    external: number;
    arrayBuffers: number;
    youngGeneration: number;
    oldGeneration: number;
    largeObjects: number;
    code: number;
    rssFromFiles: number | null;
  };
}

interface Peak {
  usage: NodeJS.MemoryUsage;
  spaces: v8.HeapSpaceInfo[];
  rssFromFilesKb: number | null;
}

/** RssFile of /proc/self/status, in kB; null where there is none. */
function rssFromFilesKb(): number | null {
  try {
    const line = fs
      .readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('RssFile:'));
    return line ? parseInt(line.slice('RssFile:'.length), 10) : null;
  } catch {
    return null;
  }
}

function megabytes(p: Peak): ResourceFigures['atPeakMb'] {
  const mb = (v: number) => Math.round(v / 2 ** 20);
  const space = (...names: string[]) => mb(p.spaces.filter((s) => names.includes(s.space_name)).reduce((n, s) => n + s.space_size, 0));
  const m = p.usage;
  return {
    rss: mb(m.rss),
    heapUsed: mb(m.heapUsed),
    heapTotal: mb(m.heapTotal),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
    youngGeneration: space('new_space', 'new_large_object_space'),
    oldGeneration: space('old_space'),
    largeObjects: space('large_object_space', 'code_large_object_space'),
    code: space('code_space'),
    rssFromFiles: p.rssFromFilesKb === null ? null : Math.round(p.rssFromFilesKb / 1024),
  };
}

/** Samples this process's RSS every `intervalMs` and its CPU time from start() to stop(). */
export class ResourceSampler {
  private readonly samples: number[] = [];
  private peak: Peak | null = null;
  private timer: NodeJS.Timeout | null = null;
  private cpu0 = process.cpuUsage();
  private t0 = performance.now();
  private loop0 = performance.eventLoopUtilization();

  constructor(private readonly intervalMs = 1000) {}

  start(): this {
    this.cpu0 = process.cpuUsage();
    this.t0 = performance.now();
    this.loop0 = performance.eventLoopUtilization();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.samples.push(m.rss / 2 ** 20);
    if (!this.peak || m.rss > this.peak.usage.rss)
      this.peak = { usage: m, spaces: v8.getHeapSpaceStatistics(), rssFromFilesKb: rssFromFilesKb() };
  }

  stop(): ResourceFigures {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const cpu = process.cpuUsage(this.cpu0);
    const seconds = (performance.now() - this.t0) / 1000;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const mb = this.samples.map((v) => Math.round(v * 10) / 10);
    return {
      seconds,
      cpuSeconds,
      cpuCores: cpuSeconds / seconds,
      eventLoopBusy: performance.eventLoopUtilization(this.loop0).utilization,
      rssPeakMb: Math.max(...mb),
      rssMinMb: Math.min(...mb),
      rssMedianMb: median(mb) ?? 0,
      rssSamplesMb: mb,
      atPeakMb: megabytes(
        this.peak ?? { usage: process.memoryUsage(), spaces: v8.getHeapSpaceStatistics(), rssFromFilesKb: rssFromFilesKb() },
      ),
    };
  }
}

export interface Backlog {
  pending: number;
  batched: number;
  openBatches: number;
  lastDeliveredMs: number | null;
}

/** From the gateway's kept counts (a few rows), not by counting the states of every version. */
export async function backlog(db: Db): Promise<Backlog> {
  const counts = await recordCountTotals(db);
  const r = await db.query(
    `SELECT (SELECT count(*) FROM batches WHERE state NOT IN ('delivered', 'split', 'blocked'))::int AS open_batches,
            (SELECT max(delivered_at) FROM batches) AS last_delivered`,
  );
  const row = r.rows[0] as { open_batches: number; last_delivered: Date | null };
  const inState = (state: string) => counts.filter((c) => c.state === state).reduce((n, c) => n + c.n, 0);
  return {
    pending: inState('pending'),
    batched: inState('batched'),
    openBatches: row.open_batches,
    lastDeliveredMs: row.last_delivered?.getTime() ?? null,
  };
}

/** Waits until nothing is pending, batched or in an open batch; false when `timeoutMs` passed first. */
export async function waitForDrain(
  db: Db,
  timeoutMs: number,
  onTick?: (b: Backlog) => void | Promise<void>,
  pollMs = 500,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const b = await backlog(db);
    await onTick?.(b);
    if (b.pending === 0 && b.batched === 0 && b.openBatches === 0) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
