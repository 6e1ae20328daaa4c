import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

describe('code style', () => {
  it('every TypeScript and JavaScript file is as Prettier writes it (npm run format)', () => {
    const run = spawnSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--list-different', '.'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const unformatted = run.stdout.split('\n').filter(Boolean);
    expect(unformatted, 'these files differ from what `npm run format` writes').toEqual([]);
    // Reading and formatting every file takes about half a minute on two busy cores.
  }, 300_000);
});
