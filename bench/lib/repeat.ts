/**
 * Scenarios measured several times (each run in a fresh gateway process and fresh schemas): one row
 * whose figures are the medians of the runs, each with the range of the runs, and every run's
 * figures and details kept in the row's details.
 */
import { figure, type Figure, type ScenarioRow } from './report';
import { median } from './stats';

export function combineRuns(runs: ScenarioRow[]): ScenarioRow {
  const first = runs[0]!;
  const ok = runs.filter((r) => !r.error);
  const figures: Figure[] = [];
  for (const f of ok[0]?.figures ?? []) {
    const values = ok
      .map((r) => r.figures.find((x) => x.name === f.name)?.value)
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const combined = figure(f.name, median(values), f.unit, f.target);
    if (ok.length > 1 && values.length > 0) combined.range = { min: Math.min(...values), max: Math.max(...values), runs: values.length };
    figures.push(combined);
  }
  const errors = runs.filter((r) => r.error).map((r) => r.error!);
  return {
    number: first.number,
    id: first.id,
    title: first.title,
    figures,
    details: {
      runs: runs.map((r) => ({
        seconds: r.seconds,
        ...(r.error ? { error: r.error } : {}),
        figures: Object.fromEntries(r.figures.map((f) => [f.name, f.value])),
        details: r.details,
      })),
    },
    seconds: runs.reduce((n, r) => n + r.seconds, 0),
    ...(errors.length ? { error: `${errors.length} of ${runs.length} runs failed: ${errors[0]}` } : {}),
  };
}
