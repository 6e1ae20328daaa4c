/**
 * `npm run bench`: an end-to-end benchmark of the gateway. Prints figures next to their targets and
 * writes every row, with the machine's facts, to bench/results/*.json. Never a test: nothing here
 * asserts a speed. All traffic stays on 127.0.0.1; every scenario is bounded and stops by itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Command, InvalidArgumentError } from 'commander';
import { openBenchDatabase } from './lib/database';
import { createBenchLogger } from './lib/gateway';
import {
  formatMachine,
  formatRow,
  machineInfo,
  SCENARIOS,
  writeReport,
  type BenchReport,
  type ScenarioId,
  type ScenarioRow,
} from './lib/report';
import { combineRuns } from './lib/repeat';
import { CATALOG } from './scenarios/catalog';

const ROOT = path.resolve(__dirname, '..');

/** Runs one scenario in a fresh process (bench/scenario-process.ts) and returns its row. */
async function runScenario(
  id: ScenarioId,
  quick: boolean,
  env: NodeJS.ProcessEnv,
  profileDir?: string,
  heapMb?: number,
  run?: number,
): Promise<ScenarioRow> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bench-row-'));
  const file = path.join(dir, 'row.json');
  const t0 = performance.now();
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const profile = profileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${id}${run ? `-${run}` : ''}.cpuprofile`]
        : [];
      const heap = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
      const child = spawn(
        process.execPath,
        [...profile, ...heap, '--import', 'tsx', path.join(__dirname, 'scenario-process.ts'), id, file, ...(quick ? ['--quick'] : [])],
        {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      );
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as ScenarioRow;
    const entry = CATALOG[id];
    return {
      number: entry.number,
      id,
      title: entry.title,
      figures: [],
      details: {},
      seconds: (performance.now() - t0) / 1000,
      error: `scenario process exited with code ${code} without a result`,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function parseOnly(value: string, previous: ScenarioId[] = []): ScenarioId[] {
  const out = [...previous];
  for (const part of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const byNumber = Object.entries(CATALOG).find(([, c]) => String(c.number) === part)?.[0];
    const id = (byNumber ?? part) as ScenarioId;
    if (!SCENARIOS.includes(id))
      throw new InvalidArgumentError(`unknown scenario "${part}" (${SCENARIOS.map((s) => `${CATALOG[s].number}=${s}`).join(', ')})`);
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

function parseRuns(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new InvalidArgumentError('a whole number of runs, 1 to 20');
  return n;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 16) throw new InvalidArgumentError('a whole number of megabytes, at least 16');
  return n;
}

async function main(): Promise<void> {
  const program = new Command('bench')
    .description('End-to-end benchmark of trace-gateway against local simulators and the mock national platform (127.0.0.1 only).')
    .option('--quick', 'a one-minute version: smaller volumes, shorter windows (figures are indicative only)', false)
    .option(
      '--only <scenarios>',
      `run only these scenarios, by number or name, comma-separated: ${SCENARIOS.map((s) => `${CATALOG[s].number}=${s}`).join(', ')}`,
      parseOnly,
    )
    .option('--out <file>', 'write the JSON report here instead of bench/results/bench-<time>.json')
    .option(
      '--heap-mb <mb>',
      'cap the V8 old generation of the gateway (scenario) process, as NODE_OPTIONS=--max-old-space-size would in production; the sources process is not capped',
      parsePositive,
    )
    .option('--runs <n>', 'runs of the scenarios measured several times (peer: 3, or 1 with --quick), each in a fresh process', parseRuns)
    .option('--profile', 'write a V8 CPU profile of each scenario process (node --cpu-prof) under bench/results/profiles-<time>/', false)
    .addHelpText(
      'after',
      '\nDATABASE_URL selects a PostgreSQL server; without it an embedded one runs under var/bench-pg (port 54349).\nEvery scenario uses fresh schemas and drops them at its end.',
    )
    .parse();
  const opts = program.opts<{ quick: boolean; only?: ScenarioId[]; out?: string; profile: boolean; heapMb?: number; runs?: number }>();
  const cwd = process.cwd();
  process.chdir(ROOT);

  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const logFile = path.join(ROOT, 'bench/results', `bench-${stamp}.log`);
  const profileDir = opts.profile ? path.join(ROOT, 'bench/results', `profiles-${stamp}`) : undefined;
  const log = createBenchLogger(logFile);
  const selected = (opts.only ?? [...SCENARIOS]).sort((a, b) => CATALOG[a].number - CATALOG[b].number);
  const out = (line: string) => process.stdout.write(`${line}\n`);

  const db = await openBenchDatabase(log);
  const machine = machineInfo(db.version, db.embedded);
  out(formatMachine(machine));
  out(
    `scenarios: ${selected.join(', ')}${opts.quick ? ' (quick)' : ''}; each in a fresh gateway process${opts.heapMb ? ` (old generation capped at ${opts.heapMb} MB)` : ''}; gateway log: ${path.relative(ROOT, logFile)}\n`,
  );
  const rows: ScenarioRow[] = [];
  try {
    for (const id of selected) {
      const env = { ...process.env, DATABASE_URL: db.url, BENCH_LOG_FILE: logFile };
      const runsOf = CATALOG[id].runs;
      const repeat = runsOf ? (opts.runs ?? runsOf[opts.quick ? 'quick' : 'full']) : 1;
      const runs: ScenarioRow[] = [];
      for (let i = 0; i < repeat; i++)
        runs.push(await runScenario(id, opts.quick, env, profileDir, opts.heapMb, repeat > 1 ? i + 1 : undefined));
      const row = repeat > 1 ? combineRuns(runs) : runs[0]!;
      rows.push(row);
      out(`${formatRow(row)}\n`);
    }
  } finally {
    await db.stop();
  }
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick: opts.quick,
    ...(opts.heapMb ? { gatewayHeapMb: opts.heapMb } : {}),
    machine,
    scenarios: rows,
  };
  const file = writeReport(report, opts.out ? path.resolve(cwd, opts.out) : undefined);
  out(`report: ${path.relative(ROOT, file)}`);
  if (profileDir) out(`CPU profiles (open in Chrome DevTools or speedscope): ${path.relative(ROOT, profileDir)}/`);
  if (rows.some((r) => r.error)) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
