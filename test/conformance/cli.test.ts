import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { conformanceCommand, resolveSecret, type ConformanceIo } from '../../src/cli/conformance';
import { APP_KEY, APP_SECRET, startMock, type MockTarget } from './mock-target';

interface Captured {
  io: ConformanceIo;
  out: () => string;
  err: () => string;
  exitCode: () => number | undefined;
}

function capture(env: NodeJS.ProcessEnv = {}): Captured {
  let out = '';
  let err = '';
  let code: number | undefined;
  const stream = (sink: (s: string) => void) =>
    ({
      isTTY: false,
      write: (s: string) => {
        sink(s);
        return true;
      },
    }) as unknown as NodeJS.WriteStream;
  return {
    io: { stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)), env, setExitCode: (c) => (code = c) },
    out: () => out,
    err: () => err,
    exitCode: () => code,
  };
}

async function run(args: string[], c: Captured): Promise<void> {
  await conformanceCommand(c.io).exitOverride().parseAsync(args, { from: 'user' });
}

let target: MockTarget | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await target?.close();
  target = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function outDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'conformance-'));
  dirs.push(d);
  return d;
}

describe('trace-gateway conformance', () => {
  it('documents its options', () => {
    const help = conformanceCommand(capture().io).helpInformation();
    for (const option of [
      '--target',
      '--app-key',
      '--app-secret',
      '--app-secret-file',
      '--sign-method',
      '--region-scope',
      '--out',
      '--only',
      '--rate-limit',
      '--list',
    ]) {
      expect(help).toContain(option);
    }
    expect(help).toContain('HMAC-SM3');
    expect(help).toContain('env:NAME');
  });

  it('lists the selected cases without a target', async () => {
    const c = capture();
    await run(['--list', '--only', 'codelists'], c);
    expect(c.out()).toContain('codelists.get.units\tGET /codelists/{name}\t§4 codelists');
    expect(c.out()).toMatch(/12 cases\n$/);
  });

  it('reads the secret from the environment, writes both reports and exits 0 when all pass', async () => {
    target = await startMock({ rateLimitPerSecond: 500 });
    const dir = outDir();
    const c = capture({ NTP_SECRET: APP_SECRET });
    await run(
      [
        '--target',
        target.url,
        '--app-key',
        APP_KEY,
        '--app-secret',
        'env:NTP_SECRET',
        '--sign-method',
        'HMAC-SM3',
        '--rate-limit',
        '500',
        '--only',
        'stats,codelists',
        '--out',
        dir,
      ],
      c,
    );
    expect(c.exitCode()).toBe(0);
    expect(c.out()).toMatch(/GET \/stats\s+6\s+0/);
    expect(c.err()).toMatch(/^\[ 1\/18\] PASS stats\.get\.valid \(\d+ ms\)$/m);
    const json = JSON.parse(readFileSync(path.join(dir, 'conformance-report.json'), 'utf8'));
    expect(json.total).toBe(18);
    expect(json.signMethod).toBe('HMAC-SM3');
    expect(readFileSync(path.join(dir, 'conformance-junit.xml'), 'utf8')).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /,
    );
    expect(c.out() + c.err() + readFileSync(path.join(dir, 'conformance-report.json'), 'utf8')).not.toContain(APP_SECRET);
  });

  it('exits 1 when a case fails; a literal --app-secret works with a warning, and is not printed', async () => {
    target = await startMock({ quirks: ['acceptWrongCheckCharacter'], rateLimitPerSecond: 500 });
    const c = capture();
    await run(
      [
        '--target',
        target.url,
        '--app-key',
        APP_KEY,
        '--app-secret',
        APP_SECRET,
        '--rate-limit',
        '500',
        '--only',
        'trades.record.E4004.sellerCode',
        '--out',
        outDir(),
      ],
      c,
    );
    expect(c.err()).toContain('warning: --app-secret was given literally');
    expect(c.err()).toContain('Use --app-secret env:NAME or --app-secret-file PATH instead');
    expect(c.err()).not.toContain(APP_SECRET);
    expect(c.exitCode()).toBe(1);
    expect(c.out()).toContain('trades.record.E4004.sellerCode  results[');
    expect(c.out()).not.toContain(APP_SECRET);
  });

  it('reads the secret from --app-secret-file, without a warning about the argument', async () => {
    target = await startMock({ rateLimitPerSecond: 500 });
    const secretFile = path.join(outDir(), 'app-secret');
    writeFileSync(secretFile, `${APP_SECRET}\n`);
    chmodSync(secretFile, 0o600);
    const c = capture();
    await run(
      [
        '--target',
        target.url,
        '--app-key',
        APP_KEY,
        '--app-secret-file',
        secretFile,
        '--rate-limit',
        '500',
        '--only',
        'stats',
        '--out',
        outDir(),
      ],
      c,
    );
    expect(c.exitCode()).toBe(0);
    expect(c.err()).not.toContain('warning');
    chmodSync(secretFile, 0o644);
    const loose = capture();
    await run(
      [
        '--target',
        target.url,
        '--app-key',
        APP_KEY,
        '--app-secret-file',
        secretFile,
        '--rate-limit',
        '500',
        '--only',
        'stats',
        '--out',
        outDir(),
      ],
      loose,
    );
    expect(loose.err()).toContain('can be read by other users; chmod 600 it');
  });

  it.each([
    [
      ['--target', 'http://127.0.0.1:1/ntp/v1', '--app-key', 'k'],
      /required option '--app-secret env:NAME' or '--app-secret-file PATH' not specified/,
    ],
    [
      ['--target', 'http://127.0.0.1:1/ntp/v1', '--app-key', 'k', '--app-secret', 'env:X', '--app-secret-file', '/x'],
      /use --app-secret or --app-secret-file, not both/,
    ],
    [
      ['--target', 'http://127.0.0.1:1/ntp/v1', '--app-key', 'k', '--app-secret-file', '/no/such/file'],
      /cannot read --app-secret-file \/no\/such\/file: ENOENT/,
    ],
    [['--app-key', 'k', '--app-secret', 's'], /required option '--target'/],
    [['--target', 'http://127.0.0.1:1/ntp/v1', '--app-key', 'k', '--app-secret', 'env:NOT_SET_ANYWHERE'], /NOT_SET_ANYWHERE .* is not set/],
    [['--target', 'http://127.0.0.1:1/ntp/v1', '--app-key', 'k', '--app-secret', 's', '--only', 'nothing.matches'], /no case matches/],
    [
      ['--target', 'http://127.0.0.1:1/ntp/v1', '--app-key', 'k', '--app-secret', 's', '--sign-method', 'HMAC-MD5'],
      /Allowed choices are HMAC-SHA256, HMAC-SM3/,
    ],
    [['--target', 'http://127.0.0.1:1/ntp/v1', '--app-key', 'k', '--app-secret', 's', '--region-scope', '620'], /2, 4 or 6 digits/],
    [['--target', 'ftp://127.0.0.1/ntp/v1', '--app-key', 'k', '--app-secret', 's'], /must be an http\(s\) URL/],
    [['--target', 'http://127.0.0.1:1/ntp/v1', '--app-key', 'k', '--app-secret', 's', '--rate-limit', '0'], /whole number ≥ 1/],
  ])('refuses %j', async (args, message) => {
    const c = capture();
    await expect(run(args, c)).rejects.toMatchObject({ exitCode: expect.any(Number) });
    expect(c.err()).toMatch(message);
  });

  it('resolves env: secrets and passes others through', () => {
    expect(resolveSecret('env:X', { X: 'v' })).toBe('v');
    expect(resolveSecret('plain', {})).toBe('plain');
    expect(() => resolveSecret('env:X', {})).toThrow('environment variable X (named by --app-secret) is not set');
  });
});
