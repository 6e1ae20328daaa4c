import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMockClients, mockNationalCommand, startMockNational } from '../../src/cli/mock-national';
import { createNationalClient } from '../../src/national/client';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mock-national-cli-'));
  dirs.push(dir);
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

const CLIENT = { appKey: 'cli-key', appSecret: 'cli-secret-value', regionScope: '62' };

describe('mock-national command', () => {
  it('documents its options', () => {
    const help = mockNationalCommand().helpInformation();
    for (const option of ['--port', '--clients', '--data', '--rate-limit', '--seed', '--faults', '--quirk']) {
      expect(help).toContain(option);
    }
    expect(help).toContain('acceptBadSignature');
  });

  it('reads an appSecret written env:NAME from the environment, so clients.json need not hold it', () => {
    const p = file('clients.json', JSON.stringify([{ ...CLIENT, appSecret: 'env:MOCK_CLI_SECRET' }]));
    expect(loadMockClients(p, { MOCK_CLI_SECRET: 'from-the-environment' })).toEqual([{ ...CLIENT, appSecret: 'from-the-environment' }]);
    expect(() => loadMockClients(p, {})).toThrow('/0/appSecret: environment variable MOCK_CLI_SECRET is not set');
    expect(mockNationalCommand().helpInformation()).toContain('env:NAME');
  });

  it.each([
    ['not JSON', '[{', /not valid JSON/],
    ['an empty list', '[]', /non-empty array/],
    ['a missing secret', '[{"appKey":"a","regionScope":"62"}]', /\/0\/appSecret/],
    ['a bad scope', '[{"appKey":"a","appSecret":"s","regionScope":"6"}]', /\/0\/regionScope/],
  ])('refuses a clients file with %s', (_, content, message) => {
    expect(() => loadMockClients(file('clients.json', content))).toThrow(message);
  });

  it('never echoes a secret when refusing a clients file', () => {
    const p = file('clients.json', '[{"appKey":"a","appSecret":"top-secret","regionScope":"x"}]');
    expect(() => loadMockClients(p)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('top-secret') }));
  });

  it('starts a working platform from its options', async () => {
    const clients = file('clients.json', JSON.stringify([CLIENT]));
    const { mock, url } = await startMockNational({ port: 0, host: '127.0.0.1', clients, rateLimit: 0, quirk: [] });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ntp\/v1$/);
      const client = createNationalClient({ baseUrl: url, ...CLIENT, signMethod: 'HMAC-SM3' });
      expect((await client.getCodeList('units')).kind).toBe('ok');
    } finally {
      await mock.close();
    }
  });

  it('runs until SIGTERM and prints its URL', async () => {
    const clients = file('clients.json', JSON.stringify([CLIENT]));
    const script = `require('./src/cli/mock-national').mockNationalCommand().parseAsync(process.argv.slice(1), { from: 'user' })`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, '--', '--port', '0', '--clients', clients], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        const m = /listening at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const client = createNationalClient({ baseUrl: url, ...CLIENT, signMethod: 'HMAC-SHA256' });
    expect((await client.getStats('2024-03-01')).kind).toBe('ok');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('stopped');
    expect(out).not.toContain(CLIENT.appSecret);
  });
});
