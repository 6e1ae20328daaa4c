import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConformanceReport } from '../types';
import { toJUnitXml } from './junit';

export const DEFAULT_REPORT_DIR = 'reports/conformance';

export interface WrittenReports {
  junit: string;
  json: string;
}

/** Writes the JUnit XML and the JSON report into `dir` (created if needed). */
export async function writeReports(report: ConformanceReport, dir = DEFAULT_REPORT_DIR): Promise<WrittenReports> {
  await mkdir(dir, { recursive: true });
  const junit = join(dir, 'conformance-junit.xml');
  const json = join(dir, 'conformance-report.json');
  await writeFile(junit, toJUnitXml(report), 'utf8');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
  return { junit, json };
}
