import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('src/main.ts', () => {
  it('stays wiring: under 150 lines, with no SQL and no job handler of its own', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../src/main.ts'), 'utf8');
    expect(text.split('\n').length).toBeLessThan(150);
    expect(text).not.toMatch(/\b(boss\.work|\.query)\(/);
  });
});
