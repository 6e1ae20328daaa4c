import type { ConformanceReport } from '../types';

/** The per-endpoint table printed at the end of a run, then the failed cases. */
export function summaryTable(report: ConformanceReport): string {
  const rows = report.byEndpoint.map((r) => [r.endpoint, String(r.passed), String(r.failed), String(r.notRun)]);
  rows.push(['total', String(report.passed), String(report.failed), String(report.notRun)]);
  const head = ['endpoint', 'passed', 'failed', 'not run'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(head), rule, ...rows.slice(0, -1).map(line), rule, line(rows[rows.length - 1])];
  const failed = report.cases.filter((c) => c.status === 'failed');
  if (failed.length > 0) {
    out.push('', `failed (${failed.length}):`);
    for (const c of failed) out.push(`  ${c.id}  ${c.failure ?? ''}`);
  }
  const reasons = new Map<string, number>();
  for (const c of report.cases) if (c.status === 'not-run') reasons.set(c.reason ?? '', (reasons.get(c.reason ?? '') ?? 0) + 1);
  if (reasons.size > 0) {
    out.push('', `not run (${report.notRun}):`);
    for (const [reason, n] of reasons) out.push(`  ${n} case${n === 1 ? '' : 's'}: ${reason}`);
  }
  out.push(
    '',
    `${report.passed}/${report.total} passed against ${report.target} (${report.signMethod}, scope ${report.regionScope}) in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  return out.join('\n');
}
