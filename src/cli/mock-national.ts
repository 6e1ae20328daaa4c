import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { registerSecret } from '../log';
import {
  checkFaultConfig,
  createMockNational,
  MOCK_QUIRKS,
  type FaultConfig,
  type MockClient,
  type MockNational,
  type MockQuirk,
} from '../demo/national';

export interface MockNationalCliOptions {
  port: number;
  host: string;
  clients: string;
  data?: string;
  rateLimit: number;
  seed?: number;
  faults?: string;
  quirk: MockQuirk[];
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return Number(value);
}

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${what} file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} file ${file} is not valid JSON`);
  }
}

/**
 * Reads clients.json: `[{ "appKey", "appSecret", "regionScope" }]`. An appSecret written `env:NAME` is
 * read from the environment, so the file need not hold the secret itself.
 */
export function loadMockClients(file: string, env: NodeJS.ProcessEnv = process.env): MockClient[] {
  const data = readJsonFile(file, 'clients');
  if (!Array.isArray(data) || data.length === 0) throw new Error(`${file}: expected a non-empty array of clients`);
  return data.map((c: unknown, i) => {
    const o = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    for (const field of ['appKey', 'appSecret', 'regionScope']) {
      if (typeof o[field] !== 'string' || o[field] === '') throw new Error(`${file} /${i}/${field}: must be a non-empty string`);
    }
    if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(o.regionScope as string)) {
      throw new Error(`${file} /${i}/regionScope: must be 2, 4 or 6 digits`);
    }
    let appSecret = o.appSecret as string;
    if (appSecret.startsWith('env:')) {
      appSecret = env[appSecret.slice(4)] ?? '';
      if (appSecret === '') throw new Error(`${file} /${i}/appSecret: environment variable ${(o.appSecret as string).slice(4)} is not set`);
    }
    registerSecret(appSecret);
    return { appKey: o.appKey as string, appSecret, regionScope: o.regionScope as string };
  });
}

/** Starts the mock from parsed command-line options. */
export async function startMockNational(o: MockNationalCliOptions): Promise<{ mock: MockNational; url: string }> {
  const faults: FaultConfig | undefined = o.faults ? checkFaultConfig(readJsonFile(o.faults, 'faults')) : undefined;
  const mock = createMockNational({
    clients: loadMockClients(o.clients),
    dataDir: o.data,
    rateLimitPerSecond: o.rateLimit,
    seed: o.seed,
    faults,
    quirks: o.quirk,
  });
  const { url } = await mock.listen(o.port, o.host);
  return { mock, url };
}

export function mockNationalCommand(): Command {
  return new Command('mock-national')
    .description(
      'Run the mock national traceability platform: the whole national interface specification ' +
        '(signing, batches, versions, queries, rate limit, notices between regions) on a local port, with optional fault injection. ' +
        'Faults can also be changed while it runs: GET/PUT /admin/faults, GET /admin/summary; ' +
        'notices are issued, amended and withdrawn at /admin/notices.',
    )
    .requiredOption(
      '--clients <file>',
      'JSON file listing the clients: [{ "appKey", "appSecret", "regionScope" }]; an appSecret "env:NAME" is read from environment variable NAME. Secrets are never taken from arguments',
    )
    .option('--port <n>', 'port to listen on (0 = any free port)', nonNegativeInteger, 4300)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--data <dir>', 'keep records, receipts and notices in this folder across restarts (default: in memory)')
    .option('--rate-limit <n>', 'requests per second per appKey (0 = unlimited)', nonNegativeInteger, 20)
    .option('--seed <n>', 'seed of the fault generator, to repeat a run', nonNegativeInteger)
    .option('--faults <file>', 'JSON fault config: { probability, kinds, latencyMs, maintenance, retryAfterSeconds, seed }')
    .addOption(
      new Option('--quirk <name>', 'deliberate defect to test a conformance suite (repeatable)')
        .choices(MOCK_QUIRKS)
        .argParser((value: string, previous: MockQuirk[] | undefined) => {
          if (!(MOCK_QUIRKS as readonly string[]).includes(value)) {
            throw new InvalidArgumentError(`allowed: ${MOCK_QUIRKS.join(', ')}`);
          }
          return [...(previous ?? []), value as MockQuirk];
        })
        .default([]),
    )
    .addHelpText(
      'after',
      '\nExample:\n  trace-gateway mock-national --port 4300 --clients clients.json --data var/national\n' +
        '  with clients.json: [{ "appKey": "62-test", "appSecret": "env:MOCK_APP_SECRET", "regionScope": "62" }]\n',
    )
    .action(async (o: MockNationalCliOptions) => {
      const { mock, url } = await startMockNational(o);
      process.stdout.write(`mock national platform listening at ${url}\n`);
      if (o.quirk.length > 0) process.stdout.write(`quirks: ${o.quirk.join(', ')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await mock.close();
      process.stdout.write('mock national platform stopped\n');
    });
}
