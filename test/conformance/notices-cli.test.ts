import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { conformanceCommand, type ConformanceIo } from '../../src/cli/conformance';
import { APP_KEY, APP_SECRET, SECOND, startMock, type MockTarget } from './mock-target';

function capture(env: NodeJS.ProcessEnv = {}) {
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
  const io: ConformanceIo = { stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)), env, setExitCode: (c) => (code = c) };
  return { io, out: () => out, err: () => err, exitCode: () => code };
}

let target: MockTarget | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await target?.close();
  target = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('trace-gateway conformance: the second appKey and the mock admin endpoint', () => {
  it('documents the options', () => {
    const help = conformanceCommand(capture().io).helpInformation();
    for (const option of ['--second-app-key', '--second-app-secret', '--second-region-scope', '--mock-admin'])
      expect(help).toContain(option);
  });

  it('runs the notice cases between two regions with a second appKey whose secret comes from the environment', async () => {
    target = await startMock({ rateLimitPerSecond: 500 });
    const out = mkdtempSync(path.join(tmpdir(), 'conformance-notices-'));
    dirs.push(out);
    const c = capture({ SECOND_SECRET: SECOND.appSecret });
    const args = ['--target', target.url, '--app-key', APP_KEY, '--app-secret', APP_SECRET, '--rate-limit', '500', '--out', out];
    await conformanceCommand(c.io)
      .exitOverride()
      .parseAsync(
        [
          ...args,
          '--only',
          'notices.feed,notices.respond.E4013',
          '--second-app-key',
          SECOND.appKey,
          '--second-app-secret',
          'env:SECOND_SECRET',
          '--second-region-scope',
          SECOND.regionScope,
          '--mock-admin',
          target.admin!,
        ],
        { from: 'user' },
      );
    expect(c.exitCode()).toBe(0);
    expect(c.out()).not.toContain('not run (');
    const report = JSON.parse(readFileSync(path.join(out, 'conformance-report.json'), 'utf8')) as { notRun: number; failed: number };
    expect(report).toMatchObject({ notRun: 0, failed: 0 });
    expect(readFileSync(path.join(out, 'conformance-report.json'), 'utf8')).not.toContain(SECOND.appSecret);

    const without = capture();
    await conformanceCommand(without.io)
      .exitOverride()
      .parseAsync([...args, '--only', 'notices.feed'], { from: 'user' });
    expect(without.exitCode()).toBe(0);
    expect(without.out()).toMatch(/not run \(\d+\):\n  \d+ cases?: needs a second appKey/);
  }, 60_000);

  it.each([
    [['--second-app-key', 'k'], /go together/],
    [['--second-app-key', 'k', '--second-app-secret', 's', '--second-region-scope', '6201'], /another province/],
    [['--second-app-key', 'k', '--second-app-secret', 'env:UNSET_SECOND', '--second-region-scope', '11'], /UNSET_SECOND/],
  ])('refuses %j with exit code 2', async (extra, message) => {
    const c = capture();
    const args = ['--target', 'http://127.0.0.1:1/ntp/v1', '--app-key', APP_KEY, '--app-secret', APP_SECRET, ...extra];
    await expect(conformanceCommand(c.io).exitOverride().parseAsync(args, { from: 'user' })).rejects.toMatchObject({ exitCode: 2 });
    expect(c.err()).toMatch(message);
  });
});
