import { describe, expect, it } from 'vitest';
import { judgeAudit } from '../../.ci/npm-audit';

const report = (vulnerabilities: Record<string, unknown>, counts: Record<string, number>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts } },
  });

describe('the CI verdict on npm audit --omit=dev', () => {
  it('fails on a high or critical advisory, naming the package and the advisory', () => {
    const v = judgeAudit(
      report(
        {
          axios: {
            severity: 'high',
            range: '<1.99.0',
            via: [{ title: 'SSRF in axios', url: 'https://github.com/advisories/GHSA-x' }],
            fixAvailable: true,
          },
        },
        { high: 1, total: 1 },
      ),
    );
    expect(v.kind).toBe('advisories');
    expect(v.kind === 'advisories' && v.findings[0]).toMatch(
      /^axios <1\.99\.0: high — SSRF in axios \(https:\/\/github\.com\/advisories\/GHSA-x\); a fix is available$/,
    );
  });

  it('passes with only low and moderate advisories, or none', () => {
    expect(judgeAudit(report({ x: { severity: 'moderate', via: [] } }, { moderate: 1, total: 1 })).kind).toBe('clean');
    expect(judgeAudit(report({}, {})).kind).toBe('clean');
  });

  it('skips, with the reason, when the advisory service does not answer', () => {
    const refused = judgeAudit(
      JSON.stringify({
        message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
        statusCode: 405,
      }),
    );
    expect(refused).toEqual({
      kind: 'unavailable',
      reason: '405 405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
    });
    expect(judgeAudit(JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'request to registry failed' } }))).toEqual({
      kind: 'unavailable',
      reason: 'ENOTFOUND request to registry failed',
    });
    expect(judgeAudit('').kind).toBe('unavailable');
  });
});
