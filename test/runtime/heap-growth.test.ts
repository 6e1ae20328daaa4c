import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setHeapGrowth } from '../../src/runtime/heap-growth';

/** Full collections of a child process that keeps a few generations of page-sized arrays alive, with the growth set as given. */
function fullCollections(percent: number): number {
  const script = `
    require(${JSON.stringify(path.resolve(__dirname, '../../src/runtime/heap-growth.ts'))}).setHeapGrowth(${percent}, []);
    const kept = [];
    for (let round = 0; round < 40; round++) {
      const page = [];
      for (let i = 0; i < 100000; i++) page.push({ i, s: 'x' + i });
      kept.push(page);
      if (kept.length > 3) kept.shift();
    }`;
  const trace = execFileSync(process.execPath, ['--trace-gc', '--import', 'tsx', '-e', script], { encoding: 'utf8' });
  return trace.split('\n').filter((line) => line.includes('Mark-Compact')).length;
}

describe('setHeapGrowth', () => {
  it('makes V8 collect the old generation sooner: more full collections for the same garbage', () => {
    const own = fullCollections(0);
    const tight = fullCollections(20);
    expect(own).toBeGreaterThan(0);
    expect(tight).toBeGreaterThanOrEqual(own * 2);
  }, 60_000);

  it('leaves a limit given on the node command line in force', () => {
    expect(setHeapGrowth(200, ['--heap-growing-percent=120'])).toBe(120);
  });

  it('says which growth is in force', () => {
    expect(setHeapGrowth(0, [])).toBeUndefined();
    expect(setHeapGrowth(200, [])).toBe(200);
    setHeapGrowth(0, []);
  });
});
