/**
 * `npm audit --omit=dev` for CI: fails on a high or critical advisory of a production dependency, and
 * only prints why when the advisory service cannot be asked (no network, a registry mirror without the
 * audit endpoint): an unanswered question is not a finding.
 */
import { spawnSync } from 'node:child_process';

export type AuditVerdict =
  | { kind: 'clean'; counts: Record<string, number> }
  | { kind: 'advisories'; counts: Record<string, number>; findings: string[] }
  | { kind: 'unavailable'; reason: string };

const BLOCKING = ['high', 'critical'];

/** Reads the JSON `npm audit --json` printed on stdout. */
export function judgeAudit(stdout: string): AuditVerdict {
  let report: any;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { kind: 'unavailable', reason: `npm audit printed no JSON report (${stdout.trim().slice(0, 200) || 'nothing'})` };
  }
  const counts = report?.metadata?.vulnerabilities as Record<string, number> | undefined;
  if (!counts || typeof counts !== 'object') {
    const why = [report?.error?.code ?? report?.code, report?.statusCode, report?.message ?? report?.error?.summary]
      .filter(Boolean)
      .join(' ');
    return { kind: 'unavailable', reason: why || 'the report has no vulnerability counts' };
  }
  const findings: string[] = [];
  for (const [name, v] of Object.entries<any>(report.vulnerabilities ?? {})) {
    if (!BLOCKING.includes(v?.severity)) continue;
    const titles = (v.via ?? [])
      .filter((x: unknown) => typeof x === 'object')
      .map((x: any) => `${x.title ?? 'advisory'}${x.url ? ` (${x.url})` : ''}`);
    findings.push(
      `${name} ${v.range ?? ''}: ${v.severity}${titles.length ? ` — ${titles.join('; ')}` : ` (through ${(v.via ?? []).join(', ')})`}${v.fixAvailable ? '; a fix is available' : ''}`,
    );
  }
  if (BLOCKING.some((s) => (counts[s] ?? 0) > 0)) return { kind: 'advisories', counts, findings };
  return { kind: 'clean', counts };
}

function main(): number {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  const verdict: AuditVerdict = r.error ? { kind: 'unavailable', reason: r.error.message } : judgeAudit(r.stdout ?? '');
  const summary = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  switch (verdict.kind) {
    case 'clean':
      console.log(`npm audit --omit=dev: no high or critical advisory (${summary(verdict.counts)})`);
      return 0;
    case 'advisories':
      console.log(`npm audit --omit=dev: high or critical advisories in production dependencies (${summary(verdict.counts)}):`);
      for (const f of verdict.findings) console.log(`  ${f}`);
      console.log('Upgrade the packages named (npm install <package>@<fixed version>) and run CI again.');
      return 1;
    case 'unavailable':
      console.log(`npm audit --omit=dev: skipped, the advisory service did not answer: ${verdict.reason}`);
      return 0;
  }
}

if (require.main === module) process.exit(main());
