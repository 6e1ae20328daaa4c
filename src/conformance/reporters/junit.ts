import { Builder } from 'xml2js';
import { ENDPOINTS } from '../endpoints';
import type { CaseResult, ConformanceReport } from '../types';

/** Characters XML 1.0 cannot carry (control characters from a platform's answer, lone surrogates). */
const XML_INVALID = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function clean(text: string): string {
  return text.replace(XML_INVALID, '\ufffd');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(r: CaseResult): Record<string, unknown> {
  const node: Record<string, unknown> = {
    $: { name: r.id, classname: r.endpoint, time: seconds(r.durationMs) },
    'system-out': clean(`${r.title}\nclauses: ${r.clauses.join(', ')}\nexpected: ${r.expected}\nactual: ${r.actual}`),
  };
  if (r.status === 'not-run') node.skipped = { $: { message: clean(r.reason ?? 'not run') } };
  if (r.status === 'failed') {
    node.failure = {
      $: { message: clean(r.failure ?? 'failed'), type: 'nonconformance' },
      _: clean(`expected: ${r.expected}\nactual: ${r.actual}`),
    };
  }
  return node;
}

/** JUnit XML: one testsuite per endpoint, one testcase per case, a failure element with expected/actual. */
export function toJUnitXml(report: ConformanceReport): string {
  const suites = ENDPOINTS.map((endpoint) => report.cases.filter((c) => c.endpoint === endpoint))
    .filter((cases) => cases.length > 0)
    .map((cases) => ({
      $: {
        name: cases[0].endpoint,
        tests: cases.length,
        failures: cases.filter((c) => c.status === 'failed').length,
        errors: 0,
        skipped: cases.filter((c) => c.status === 'not-run').length,
        time: seconds(cases.reduce((sum, c) => sum + c.durationMs, 0)),
        timestamp: report.startedAt,
      },
      testcase: cases.map(testcase),
    }));
  const builder = new Builder({ rootName: 'testsuites', xmldec: { version: '1.0', encoding: 'UTF-8' } });
  return builder.buildObject({
    $: {
      name: `national interface conformance (${report.target})`,
      tests: report.total,
      failures: report.failed,
      skipped: report.notRun,
      time: seconds(report.durationMs),
    },
    testsuite: suites,
  });
}
