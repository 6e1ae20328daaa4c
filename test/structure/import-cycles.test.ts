import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCycles, importsBetween, importsLeaving, scanImports, type ImportScan } from './import-graph';

const REPO = path.resolve(__dirname, '../..');
const TSCONFIG = path.join(REPO, 'tsconfig.json');

describe('imports between the modules of src/', () => {
  let scan: ImportScan;
  beforeAll(() => {
    scan = scanImports(path.join(REPO, 'src'), TSCONFIG, REPO);
  });

  it('resolve, every one of them', () => {
    expect(scan.unresolved).toEqual([]);
    expect(scan.graph.get('src/pipeline/batch.ts')).toContain('src/queues/send.ts');
    expect(scan.graph.get('src/dashboard/js/views/events.js')).toContain('src/dashboard/js/api.js');
  });

  it('form no cycle, type-only imports included', () => {
    expect(importCycles(scan.graph), 'modules that import each other').toEqual([]);
  });

  it('leave src/common a leaf: it imports nothing else from src/', () => {
    expect(importsLeaving(scan.graph, 'src/common')).toEqual([]);
  });

  it('keep queue names and payloads below the job handlers: src/queues imports nothing from src/jobs', () => {
    expect(importsBetween(scan.graph, 'src/queues', 'src/jobs')).toEqual([]);
  });

  it('keep the pipeline below the job handlers: src/pipeline imports nothing from src/jobs', () => {
    expect(importsBetween(scan.graph, 'src/pipeline', 'src/jobs')).toEqual([]);
  });
});

describe('the import scan', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-scan-'));
    const files: Record<string, string> = {
      'src/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
      'src/b.ts': "export { c } from './c';\nexport interface B { n: number }\n",
      'src/c.ts': "export const c = () => import('./a');\n",
      'src/e.ts': "import type { A } from './a';\nexport type E = A;\n",
      'src/f.ts': "import { gone } from './missing';\nexport const f = gone;\n",
      'src/x.js': "import { y } from './y.js';\nexport const x = y;\n",
      'src/y.js': "const { x } = require('./x.js');\nmodule.exports = { y: x };\n",
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('follows type-only imports, re-exports, import() and require(), and prints each cycle as a path', () => {
    const { graph, unresolved } = scanImports(path.join(dir, 'src'), TSCONFIG, dir);
    expect(importCycles(graph)).toEqual(['src/a.ts → src/b.ts → src/c.ts → src/a.ts', 'src/x.js → src/y.js → src/x.js']);
    expect(unresolved).toEqual(["src/f.ts: './missing'"]);
  });

  it('names a larger group after its shortest cycle, and finds forbidden imports', () => {
    const graph = new Map([
      ['src/jobs/run.ts', ['src/pipeline/stage.ts']],
      ['src/pipeline/stage.ts', ['src/jobs/run.ts', 'src/pipeline/batch.ts']],
      ['src/pipeline/batch.ts', ['src/jobs/run.ts', 'src/common/time.ts']],
      ['src/common/time.ts', []],
      ['src/self.ts', ['src/self.ts']],
    ]);
    expect(importCycles(graph)).toEqual([
      'src/jobs/run.ts → src/pipeline/stage.ts → src/jobs/run.ts (also in this group: src/pipeline/batch.ts)',
      'src/self.ts → src/self.ts',
    ]);
    expect(importsBetween(graph, 'src/pipeline', 'src/jobs')).toEqual([
      'src/pipeline/stage.ts → src/jobs/run.ts',
      'src/pipeline/batch.ts → src/jobs/run.ts',
    ]);
    expect(importsLeaving(graph, 'src/pipeline')).toEqual([
      'src/pipeline/stage.ts → src/jobs/run.ts',
      'src/pipeline/batch.ts → src/jobs/run.ts',
      'src/pipeline/batch.ts → src/common/time.ts',
    ]);
    expect(importsLeaving(graph, 'src/common')).toEqual([]);
  });
});
