import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(__dirname, '../../bin/trace-gateway.js');
const help = (...args: string[]) =>
  execFileSync(process.execPath, [BIN, ...args, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('trace-gateway --help', () => {
  it('lists every command', () => {
    const out = help();
    for (const cmd of ['start', 'migrate', 'backfill', 'replay', 'status', 'mock-national', 'conformance']) expect(out).toContain(cmd);
  });

  it('backfill --help says what --from and --to are for every registered kind', () => {
    const out = help('backfill');
    expect(out).toMatch(/provincial-rest +a Beijing time "YYYY-MM-DD HH:mm:ss" or ISO 8601 with offset;\n +records whose gxsj/);
    expect(out).toMatch(/market-csv +a sequence number of the source;\n +rows whose 同步序号 is above from and at most until/);
    expect(out).toMatch(/mvts-xml +a Beijing time/);
  });

  it.each([
    ['start', []],
    ['migrate', []],
    ['backfill', ['--adapter', '--from', '--to', '--stream']],
    ['replay', ['--id', '--adapter', '--interface', '--reason', '--all']],
    ['status', ['--json']],
    ['mock-national', ['--port', '--clients', '--data']],
    ['conformance', ['--target', '--app-key', '--app-secret', '--sign-method']],
  ])('%s --help describes the command and its options', (cmd, options) => {
    const out = help(cmd);
    expect(out).toContain(`Usage: trace-gateway ${cmd}`);
    for (const o of options) expect(out).toContain(o);
  });

  it('help mock-national shows the whole command and its options', () => {
    const out = execFileSync(process.execPath, [BIN, 'help', 'mock-national'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(out).toContain('Usage: trace-gateway mock-national [options]');
    for (const o of ['--port', '--clients', '--quirk', 'acceptBadSignature']) expect(out).toContain(o);
  });
});
