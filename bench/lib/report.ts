/** Benchmark report: figures with their targets, machine facts, console table and JSON file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface Target {
  op: '>=' | '<=';
  value: number;
}

export interface Figure {
  name: string;
  value: number | null;
  unit: string;
  target?: Target;
  /** Set when there is a target: whether the value meets it. */
  met?: boolean;
  /** When the value is the median of repeated runs: the lowest and highest run. */
  range?: { min: number; max: number; runs: number };
}

export const SCENARIOS = ['throughput', 'ceiling', 'latency', 'backfill', 'hot-path', 'peer', 'intake', 'status'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export interface ScenarioRow {
  number: number;
  id: ScenarioId;
  title: string;
  figures: Figure[];
  /** Volumes, windows and settings the figures came from. */
  details: Record<string, unknown>;
  seconds: number;
  error?: string;
}

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  os: string;
  node: string;
  postgres: string;
  postgresEmbedded: boolean;
  gitCommit: string | null;
  gitDirty: boolean | null;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  /** --heap-mb: the gateway process's old-generation cap, if any. */
  gatewayHeapMb?: number;
  machine: MachineInfo;
  scenarios: ScenarioRow[];
}

export function figure(name: string, value: number | null, unit: string, target?: Target): Figure {
  const f: Figure = { name, value, unit };
  if (target) {
    f.target = target;
    f.met = value !== null && Number.isFinite(value) && (target.op === '>=' ? value >= target.value : value <= target.value);
  }
  return f;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(postgres: string, postgresEmbedded: boolean): MachineInfo {
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    postgresEmbedded,
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
  };
}

function formatNumber(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatFigure(f: Figure): string {
  const range = f.range ? ` [${f.range.runs} runs: ${formatNumber(f.range.min)}–${formatNumber(f.range.max)}]` : '';
  const value = `${formatNumber(f.value)} ${f.unit}${range}`;
  if (!f.target) return value;
  return `${value} (target ${f.target.op === '>=' ? '≥' : '≤'} ${formatNumber(f.target.value)} ${f.unit}: ${f.met ? 'met' : 'MISSED'})`;
}

export function formatRow(row: ScenarioRow): string {
  const head = `${row.number}. ${row.title} [${row.id}, ${row.seconds.toFixed(0)} s]`;
  if (row.error) return `${head}\n   FAILED: ${row.error.split('\n')[0]}`;
  return [head, ...row.figures.map((f) => `   ${f.name.padEnd(34)} ${formatFigure(f)}`)].join('\n');
}

export function formatMachine(m: MachineInfo): string {
  const gb = (m.memoryBytes / 2 ** 30).toFixed(1);
  const commit = m.gitCommit ? `${m.gitCommit.slice(0, 12)}${m.gitDirty ? ' (with uncommitted changes)' : ''}` : 'unknown';
  return `machine: ${m.cores} cores (${m.cpuModel}), ${gb} GiB, ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres}${m.postgresEmbedded ? ' (embedded)' : ''}; commit ${commit}`;
}

/** Writes the report under bench/results/ (or `file`) and returns the path. */
export function writeReport(report: BenchReport, file?: string): string {
  const target =
    file ?? path.resolve(__dirname, '../results', `bench-${report.startedAt.replace(/[:.]/g, '-')}${report.quick ? '-quick' : ''}.json`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${JSON.stringify(report, null, 2)}\n`);
  return target;
}
