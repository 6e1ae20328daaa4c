/**
 * One scenario in a fresh process, so that its gateway's CPU and RSS owe nothing to the scenarios
 * before it. Started by bench/run.ts: `scenario-process.ts <id> <result.json> [--quick]`, with
 * DATABASE_URL and BENCH_LOG_FILE set; writes the scenario's row to <result.json>.
 */
import fs from 'node:fs';
import { createProgress } from '../src/cli/progress';
import { openBenchDatabase } from './lib/database';
import { createBenchLogger } from './lib/gateway';
import type { ScenarioId, ScenarioRow } from './lib/report';
import { startSourcesHost } from './lib/sources';
import { CATALOG } from './scenarios/catalog';

async function main(): Promise<void> {
  const [id, resultFile] = process.argv.slice(2) as [ScenarioId, string];
  const quick = process.argv.includes('--quick');
  const entry = CATALOG[id];
  if (!entry || !resultFile) throw new Error('usage: scenario-process.ts <scenario> <result.json> [--quick]');
  const log = createBenchLogger(process.env.BENCH_LOG_FILE ?? 'bench/results/bench.log');
  const db = await openBenchDatabase(log);
  const host = await startSourcesHost();
  const t0 = performance.now();
  let row: ScenarioRow;
  try {
    const result = await entry.run({
      db,
      host,
      log,
      quick,
      progress: (label) => createProgress(`${entry.number}. ${label}`),
      note: (text) => process.stderr.write(`   ${text}\n`),
    });
    row = { number: entry.number, id, title: entry.title, ...result, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    const error = (err as Error).stack ?? String(err);
    log.error('scenario failed', { scenario: id, error });
    row = { number: entry.number, id, title: entry.title, figures: [], details: {}, seconds: (performance.now() - t0) / 1000, error };
  } finally {
    await host.close();
    await db.stop();
  }
  fs.writeFileSync(resultFile, JSON.stringify(row));
  await new Promise<void>((resolve) => log.on('finish', resolve).end());
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
