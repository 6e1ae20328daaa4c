import { Command, InvalidArgumentError, Option } from 'commander';
import { CLAUSES } from '../conformance/clauses';
import { createProgress } from '../conformance/reporters/progress';
import { summaryTable } from '../conformance/reporters/summary';
import { DEFAULT_REPORT_DIR, writeReports } from '../conformance/reporters/write';
import { runConformance, selectCases } from '../conformance/runner';
import type { SignMethod } from '../national/types';
import { readSecretArgument } from './secret-option';

export interface ConformanceIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  setExitCode(code: number): void;
}

const PROCESS_IO: ConformanceIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

interface CliOptions {
  target?: string;
  appKey?: string;
  appSecret?: string;
  appSecretFile?: string;
  signMethod: SignMethod;
  regionScope: string;
  secondAppKey?: string;
  secondAppSecret?: string;
  secondAppSecretFile?: string;
  secondRegionScope?: string;
  mockAdmin?: string;
  out: string;
  only?: string;
  rateLimit: number;
  timeout: number;
  list?: boolean;
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return Number(value);
}

function regionScope(value: string): string {
  if (!/^(\d{2}|\d{4}|\d{6})$/.test(value)) throw new InvalidArgumentError('must be 2, 4 or 6 digits');
  return value;
}

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('must be an http(s) URL');
  return value;
}

/** `env:NAME` reads the secret from the environment, so it need not appear on the command line. */
export function resolveSecret(value: string, env: NodeJS.ProcessEnv): string {
  if (!value.startsWith('env:')) return value;
  const name = value.slice(4);
  const secret = env[name];
  if (secret === undefined || secret === '') throw new Error(`environment variable ${name} (named by --app-secret) is not set`);
  return secret;
}

/** `trace-gateway conformance`: runs the national-interface conformance suite against a platform. */
export function conformanceCommand(io: ConformanceIo = PROCESS_IO): Command {
  const command = new Command('conformance');
  command
    .description(
      'Run every national endpoint against a target platform with valid and invalid requests and check each answer against the national interface specification.',
    )
    .option('--target <url>', 'base URL of the platform, including the base path (e.g. http://127.0.0.1:8080/ntp/v1)', httpUrl)
    .option('--app-key <key>', 'the appKey issued for the test environment')
    .option(
      '--app-secret <env:NAME>',
      'env:NAME reads the appSecret from environment variable NAME (a literal secret works, with a warning: it shows in the process list)',
    )
    .option('--app-secret-file <path>', 'a file holding the appSecret (a trailing newline is ignored)')
    .addOption(new Option('--sign-method <method>', 'signature method').choices(['HMAC-SHA256', 'HMAC-SM3']).default('HMAC-SHA256'))
    .option('--region-scope <digits>', "the appKey's region scope (2, 4 or 6 digits)", regionScope, '62')
    .option('--second-app-key <key>', 'a second appKey, scope in another province: runs the notice cases between two regions (§8)')
    .option(
      '--second-app-secret <env:NAME>',
      'its appSecret: env:NAME reads environment variable NAME (a literal secret works, with a warning)',
    )
    .option('--second-app-secret-file <path>', 'a file holding the second appSecret')
    .option('--second-region-scope <digits>', "the second appKey's region scope (2, 4 or 6 digits, another province)", regionScope)
    .option(
      '--mock-admin <url>',
      'origin of the bundled mock (e.g. http://127.0.0.1:8080): runs the cases of notices amended or withdrawn by the platform',
      httpUrl,
    )
    .option('--out <dir>', 'folder for conformance-junit.xml and conformance-report.json', DEFAULT_REPORT_DIR)
    .option(
      '--only <patterns>',
      'run only matching case ids: comma-separated, * as wildcard, a bare prefix selects its subtree, ! excludes',
    )
    .option('--rate-limit <n>', "the platform's rate limit per second; paces the run and sizes the burst cases", positiveInt, 20)
    .option('--timeout <ms>', 'per-request timeout in milliseconds', positiveInt, 30_000)
    .option('--list', 'list the selected cases with endpoint and clauses, then exit')
    .addHelpText(
      'after',
      '\nExamples:\n  NTP_APP_SECRET=… trace-gateway conformance --target https://ntp-test.example/ntp/v1 --app-key 62-test --app-secret env:NTP_APP_SECRET\n  trace-gateway conformance --target https://ntp-test.example/ntp/v1 --app-key 62-test --app-secret-file /run/secrets/ntp-app-secret\n',
    )
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .action(async (opts: CliOptions) => {
      if (opts.list) {
        for (const c of selectCases(opts.only)) io.stdout.write(`${c.id}\t${c.endpoint}\t${c.clauses.join(', ')}\n`);
        io.stdout.write(`${Object.keys(CLAUSES).length} clauses, ${selectCases(opts.only).length} cases\n`);
        return;
      }
      for (const [flag, value] of [
        ['--target', opts.target],
        ['--app-key', opts.appKey],
      ] as const) {
        if (!value) command.error(`error: required option '${flag}' not specified`, { exitCode: 2 });
      }
      let appSecret = '';
      try {
        appSecret = readSecretArgument('app-secret', { value: opts.appSecret, file: opts.appSecretFile }, io.env, (m) =>
          io.stderr.write(`${m}\n`),
        );
      } catch (e) {
        command.error(`error: ${(e as Error).message}`, { exitCode: 2 });
      }
      const secondSecret = opts.secondAppSecret ?? opts.secondAppSecretFile;
      const secondGiven = [opts.secondAppKey, secondSecret, opts.secondRegionScope].filter((v) => v !== undefined).length;
      if (secondGiven !== 0 && secondGiven !== 3) {
        command.error('error: --second-app-key, --second-app-secret (or --second-app-secret-file) and --second-region-scope go together', {
          exitCode: 2,
        });
      }
      let second: { appKey: string; appSecret: string; regionScope: string } | undefined;
      if (secondGiven === 3) {
        if ((opts.secondRegionScope as string).slice(0, 2) === opts.regionScope.slice(0, 2)) {
          command.error('error: --second-region-scope must lie in another province than --region-scope', { exitCode: 2 });
        }
        try {
          const secret = readSecretArgument(
            'second-app-secret',
            { value: opts.secondAppSecret, file: opts.secondAppSecretFile },
            io.env,
            (m) => io.stderr.write(`${m}\n`),
          );
          second = { appKey: opts.secondAppKey as string, appSecret: secret, regionScope: opts.secondRegionScope as string };
        } catch (e) {
          command.error(`error: ${(e as Error).message}`, { exitCode: 2 });
        }
      }
      const total = selectCases(opts.only).length;
      if (total === 0) command.error(`error: no case matches --only ${opts.only ?? ''}`, { exitCode: 2 });
      const progress = createProgress(io.stderr, total);
      let report;
      try {
        report = await runConformance({
          target: opts.target as string,
          appKey: opts.appKey as string,
          appSecret,
          signMethod: opts.signMethod,
          regionScope: opts.regionScope,
          ...(second ? { second } : {}),
          ...(opts.mockAdmin ? { mockAdmin: opts.mockAdmin } : {}),
          only: opts.only,
          rateLimitPerSecond: opts.rateLimit,
          timeoutMs: opts.timeout,
          onProgress: (e) => progress.update(e),
        });
      } finally {
        progress.stop();
      }
      const written = await writeReports(report, opts.out);
      io.stdout.write(`${summaryTable(report)}\nreports: ${written.junit}, ${written.json}\n`);
      io.setExitCode(report.failed > 0 ? 1 : 0);
    });
  return command;
}
