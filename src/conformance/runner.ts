import type { SignMethod } from '../national/types';
import { allCases } from './cases';
import { ConformanceClient } from './client';
import { SharedWork, type CaseContext, type SecondParty } from './context';
import { ENDPOINTS } from './endpoints';
import { createHttpAgents } from './http';
import { RequestPacer } from './pacer';
import { RecordFactory } from './records';
import { caseMatcher } from './select';
import type { CaseNeed, CaseResult, ConformanceCase, ConformanceOptions, ConformanceReport } from './types';
import { CheckFailed, maskSensitive, Verifier } from './verify';

const SIGN_METHODS: readonly SignMethod[] = ['HMAC-SHA256', 'HMAC-SM3'];

/** Share of the platform's rate limit the run uses, leaving room for clock and network jitter. */
const PACING_SHARE = 0.8;

export function selectCases(only?: string): ConformanceCase[] {
  const matches = caseMatcher(only);
  return allCases().filter((c) => matches(c.id));
}

/** Runs the selected cases one after another against the target and reports every one. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const signMethod = options.signMethod ?? 'HMAC-SHA256';
  if (!SIGN_METHODS.includes(signMethod)) throw new Error(`unknown sign method ${String(signMethod)}`);
  const regionScope = options.regionScope ?? '62';
  if (!/^(\d{2}|\d{4}|\d{6})$/.test(regionScope)) throw new Error(`region scope must be 2, 4 or 6 digits: ${regionScope}`);
  const target = new URL(options.target).toString().replace(/\/+$/, '');
  const rateLimitPerSecond = options.rateLimitPerSecond ?? 20;
  const clock = options.clock ?? Date.now;
  const cases = selectCases(options.only);
  if (cases.length === 0) throw new Error(`no conformance case matches ${options.only ?? ''}`);

  const pacer = new RequestPacer(Math.max(1, Math.floor(rateLimitPerSecond * PACING_SHARE)));
  const agents = createHttpAgents();
  const client = new ConformanceClient({
    target,
    appKey: options.appKey,
    appSecret: options.appSecret,
    signMethod,
    clock,
    timeoutMs: options.timeoutMs ?? 30_000,
    pacer,
    agents,
  });
  const factory = new RecordFactory(regionScope, clock);
  let second: SecondParty | undefined;
  if (options.second) {
    const s = options.second;
    if (!/^(\d{2}|\d{4}|\d{6})$/.test(s.regionScope)) throw new Error(`second region scope must be 2, 4 or 6 digits: ${s.regionScope}`);
    if (s.regionScope.slice(0, 2) === regionScope.slice(0, 2)) {
      throw new Error(`the second appKey's scope (${s.regionScope}) must lie in another province than ${regionScope}`);
    }
    if (s.appKey === options.appKey) throw new Error('the second appKey must differ from the first');
    second = {
      client: new ConformanceClient({
        target,
        appKey: s.appKey,
        appSecret: s.appSecret,
        signMethod,
        clock,
        timeoutMs: options.timeoutMs ?? 30_000,
        pacer,
        agents,
      }),
      factory: new RecordFactory(s.regionScope, clock, `${factory.runId}b`),
      regionScope: s.regionScope,
      appSecret: s.appSecret,
    };
  }
  const mockAdmin = options.mockAdmin === undefined ? undefined : new URL(options.mockAdmin).origin;
  const shared = new SharedWork();
  const selected = new Set(cases.map((c) => c.id));
  const secrets = [options.appSecret, ...(options.second ? [options.second.appSecret] : [])];
  const startedAt = clock();
  const t0 = performance.now();
  const results: CaseResult[] = [];
  try {
    for (const c of cases) {
      const ctx: CaseContext = {
        client,
        factory,
        pacer,
        shared,
        selected,
        v: new Verifier(),
        second,
        mockAdmin,
        settings: { regionScope, signMethod, rateLimitPerSecond, appSecret: options.appSecret },
      };
      const missing = (c.needs ?? []).filter((need) => (need === 'second-app-key' ? !second : !mockAdmin));
      const result = missing.length > 0 ? notRun(c, missing) : await runCase(c, ctx, secrets);
      results.push(result);
      options.onProgress?.({ done: results.length, total: cases.length, result });
    }
  } finally {
    agents.destroy();
  }
  const passed = results.filter((r) => r.status === 'passed').length;
  const failed = results.filter((r) => r.status === 'failed').length;
  return {
    target,
    signMethod,
    regionScope,
    runId: factory.runId,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(clock()).toISOString(),
    durationMs: Math.round(performance.now() - t0),
    total: results.length,
    passed,
    failed,
    notRun: results.length - passed - failed,
    byEndpoint: ENDPOINTS.map((endpoint) => {
      const mine = results.filter((r) => r.endpoint === endpoint);
      const count = (status: CaseResult['status']) => mine.filter((r) => r.status === status).length;
      return { endpoint, passed: count('passed'), failed: count('failed'), notRun: count('not-run') };
    }).filter((row) => row.passed + row.failed + row.notRun > 0),
    cases: results,
  };
}

const NEED_REASON: Record<CaseNeed, string> = {
  'second-app-key': 'needs a second appKey with a scope in another province (--second-app-key, --second-app-secret, --second-region-scope)',
  'mock-admin': 'needs a notice amended or withdrawn by the platform, which only the bundled mock can do on request (--mock-admin)',
};

function notRun(c: ConformanceCase, missing: readonly CaseNeed[]): CaseResult {
  const reason = missing.map((need) => NEED_REASON[need]).join('; ');
  return {
    id: c.id,
    endpoint: c.endpoint,
    clauses: c.clauses,
    title: c.title,
    status: 'not-run',
    expected: '',
    actual: '',
    reason,
    checks: [],
    durationMs: 0,
  };
}

async function runCase(c: ConformanceCase, ctx: CaseContext, secrets: readonly string[]): Promise<CaseResult> {
  const t0 = performance.now();
  let failure: string | undefined;
  let errorText: string | undefined;
  try {
    await c.run(ctx);
  } catch (e) {
    if (e instanceof CheckFailed) failure = e.message;
    else {
      errorText = e instanceof Error ? e.message : String(e);
      failure = `error: ${errorText}`;
    }
  }
  const mask = (s: string) => maskSensitive(s, secrets);
  const checks = ctx.v.checks.map((k) => ({ ...k, expected: mask(k.expected), actual: mask(k.actual) }));
  const expected = checks.map((k) => `${k.what}: ${k.expected}`);
  const actual = checks.map((k) => `${k.what}: ${k.actual}`);
  if (errorText !== undefined) {
    expected.push('no error');
    actual.push(`error: ${errorText}`);
  }
  return {
    id: c.id,
    endpoint: c.endpoint,
    clauses: c.clauses,
    title: c.title,
    status: failure === undefined ? 'passed' : 'failed',
    expected: mask(expected.join('; ')),
    actual: mask(actual.join('; ')),
    ...(failure === undefined ? {} : { failure: mask(failure) }),
    checks,
    durationMs: Math.round(performance.now() - t0),
  };
}
