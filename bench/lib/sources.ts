/**
 * Parent side of bench/sources/host-process.ts: starts the source simulators and the mock national
 * platform in a child process and talks to it over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { MockNationalOptions } from '../../src/demo/national';
import type { ProvincialSimulatorOptions } from '../../src/demo/provincial-rest';
import type { MarketSimulatorOptions } from '../../src/demo/market-csv';
import type { MvtsSimulatorOptions } from '../../src/demo/mvts-xml';
import type { MarketStreamOptions } from '../sources/market-stream';

export interface NationalStats {
  accepted: number;
  duplicate: number;
  rejected: number;
  receipts: number;
  requests: number;
  byStatus: Record<string, number>;
  firstAcceptMs: number | null;
  lastAcceptMs: number | null;
}

/** A provincial simulator's records by the outcome the gateway must reach for each. */
export interface ProvincialExpected {
  records: number;
  valid: number;
  dirty: number;
  deleted: number;
}

export interface LatencyStats {
  received: number;
  expected: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

type Url = { url: string };

export interface SourcesHost {
  readonly pid: number | undefined;
  provincial(options: ProvincialSimulatorOptions, clockShiftMs?: number): Promise<Url>;
  market(options: MarketSimulatorOptions, clockShiftMs?: number): Promise<Url>;
  mvts(options: MvtsSimulatorOptions, clockShiftMs?: number): Promise<Url>;
  marketStream(options: MarketStreamOptions): Promise<Url>;
  /** Base URL including /ntp/v1. */
  national(options: Omit<MockNationalOptions, 'now' | 'codeLists'>): Promise<Url>;
  nationalStats(): Promise<NationalStats>;
  /** Counts from the catalog of the provincial simulator started last. */
  provincialExpected(): Promise<ProvincialExpected>;
  acceptedBetween(fromMs: number, toMs: number): Promise<number>;
  latency(sourceSystem: string, fromMs: number, toMs: number): Promise<LatencyStats>;
  rss(): Promise<number>;
  /** Closes every simulator and the mock; the process stays for the next scenario. */
  stopAll(): Promise<void>;
  /** Ends the child process. */
  close(): Promise<void>;
}

export async function startSourcesHost(): Promise<SourcesHost> {
  const child: ChildProcess = fork(path.join(__dirname, '../sources/host-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 1;
  let exited = false;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sources process exited (${code}) before it was ready`)));
    child.on('message', (msg: { ready?: boolean; id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (msg.ready) return resolve();
      const p = pending.get(msg.id!);
      if (!p) return;
      pending.delete(msg.id!);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(`sources process: ${msg.error}`));
    });
  });
  child.on('exit', (code) => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error(`sources process exited (${code})`));
    pending.clear();
  });
  await ready;

  function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    if (exited) return Promise.reject(new Error('sources process has exited'));
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, cmd, args });
    });
  }

  return {
    pid: child.pid,
    provincial: (options, clockShiftMs) => call('provincial', { options, clockShiftMs }),
    market: (options, clockShiftMs) => call('market', { options, clockShiftMs }),
    mvts: (options, clockShiftMs) => call('mvts', { options, clockShiftMs }),
    marketStream: (options) => call('market-stream', { options }),
    national: (options) => call('national', { options }),
    nationalStats: () => call('national-stats'),
    provincialExpected: () => call('provincial-expected'),
    acceptedBetween: (fromMs, toMs) => call('accepted-between', { fromMs, toMs }),
    latency: (sourceSystem, fromMs, toMs) => call('latency', { sourceSystem, fromMs, toMs }),
    rss: () => call('rss'),
    stopAll: async () => {
      await call('stop-all');
    },
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
