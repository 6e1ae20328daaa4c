/**
 * Smoke test of `npm run bench`: runs `--quick` as a child process against the test database and
 * checks the report's shape (every scenario row, numeric figures, targets, machine facts), never
 * its speed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/db';
import type { BenchReport } from '../../bench/lib/report';

const ROOT = path.resolve(__dirname, '../..');

function runBench(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/run.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += String(b)));
    child.stderr.on('data', (b) => (stderr += String(b)));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The figure of each scenario that carries its target, as the brief of each scenario sets it. */
const TARGETS: Record<string, Array<{ name: string; op: '>=' | '<='; value: number }>> = {
  throughput: [{ name: 'end-to-end throughput', op: '>=', value: 20_000 }],
  ceiling: [{ name: 'share of the contract ceiling', op: '>=', value: 95 }],
  latency: [{ name: 'p99 source update → receipt', op: '<=', value: 2 }],
  backfill: [{ name: 'RSS max', op: '<=', value: 300 }],
  'hot-path': [
    { name: 'mapping + validation', op: '>=', value: 100_000 },
    { name: 'staging / plain INSERT', op: '>=', value: 50 },
  ],
  peer: [
    { name: 'records/s, pull requested → last receipt', op: '>=', value: 9_500 },
    { name: 'gateway + PostgreSQL CPU per 1,000 records', op: '<=', value: 120 },
  ],
  intake: [{ name: 'intake: pull → map → validate → stage', op: '>=', value: 25_000 }],
  status: [
    { name: 'GET /api/status p99', op: '<=', value: 50 },
    { name: 'GET /metrics p99', op: '<=', value: 50 },
  ],
};

describe('npm run bench', () => {
  it('documents --quick, --only and --out, and refuses an unknown scenario', async () => {
    const help = await runBench(['--help']);
    expect(help.code).toBe(0);
    for (const option of ['--quick', '--only', '--out', 'DATABASE_URL']) expect(help.stdout).toContain(option);
    const bad = await runBench(['--only', 'warp-speed']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('unknown scenario "warp-speed"');
  }, 60_000);

  describe('--quick', () => {
    let dir: string;
    let report: BenchReport;
    let stdout: string;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
      const file = path.join(dir, 'report.json');
      const run = await runBench(['--quick', '--out', file], { DATABASE_URL: testDatabaseUrl() });
      stdout = run.stdout;
      if (!fs.existsSync(file)) throw new Error(`no report written (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
      report = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchReport;
    }, 420_000);

    afterAll(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('has one row per scenario, in order, none failed', () => {
      expect(report.quick).toBe(true);
      expect(report.scenarios.map((s) => [s.number, s.id])).toEqual([
        [1, 'throughput'],
        [2, 'ceiling'],
        [3, 'latency'],
        [4, 'backfill'],
        [5, 'hot-path'],
        [6, 'peer'],
        [7, 'intake'],
        [8, 'status'],
      ]);
      for (const row of report.scenarios) expect(row.error, `${row.id}: ${row.error}`).toBeUndefined();
    });

    it('gives every figure a finite number and a unit', () => {
      for (const row of report.scenarios) {
        expect(row.figures.length, row.id).toBeGreaterThan(0);
        for (const f of row.figures) {
          expect(typeof f.value, `${row.id} / ${f.name}`).toBe('number');
          expect(Number.isFinite(f.value), `${row.id} / ${f.name}`).toBe(true);
          expect(f.unit.length).toBeGreaterThan(0);
        }
      }
    });

    it('sets each target and says whether it is met, consistently with the value', () => {
      for (const [id, targets] of Object.entries(TARGETS)) {
        const row = report.scenarios.find((s) => s.id === id)!;
        for (const t of targets) {
          const f = row.figures.find((x) => x.name === t.name);
          expect(f, `${id} / ${t.name}`).toBeDefined();
          expect(f!.target).toEqual({ op: t.op, value: t.value });
          expect(f!.met).toBe(t.op === '>=' ? f!.value! >= t.value : f!.value! <= t.value);
        }
      }
    });

    it("checks the peer workload's outcome against the source: every valid record accepted, every dirty one quarantined", () => {
      const details = report.scenarios.find((s) => s.id === 'peer')!.details as { countsMatch: boolean; counts: Record<string, number> };
      expect(details.countsMatch, JSON.stringify(details.counts)).toBe(true);
      expect(details.counts.acceptedByMock).toBe(details.counts.valid);
      expect(details.counts.quarantinedOpen).toBe(details.counts.dirty);
    });

    it('records the machine, Node, PostgreSQL and the commit', () => {
      const m = report.machine;
      expect(m.cores).toBeGreaterThan(0);
      expect(m.memoryBytes).toBeGreaterThan(0);
      expect(m.node).toBe(process.version);
      expect(m.postgres).toMatch(/^\d+(\.\d+)?/);
      expect(m.gitCommit === null || /^[0-9a-f]{40}$/.test(m.gitCommit)).toBe(true);
      expect(Date.parse(report.finishedAt)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
    });

    it('prints every figure next to its target', () => {
      for (const row of report.scenarios) expect(stdout).toContain(`${row.number}. ${row.title}`);
      expect(stdout).toMatch(/p99 source update → receipt\s+[\d.,]+ s \(target ≤ 2 s: (met|MISSED)\)/);
      expect(stdout).toMatch(/GET \/api\/status p99\s+[\d.,]+ ms \(target ≤ 50 ms: (met|MISSED)\)/);
      expect(stdout).toContain('machine: ');
    });
  });
});
