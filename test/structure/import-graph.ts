import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Each module, by its path relative to the base, mapped to the modules it imports, in order of appearance. */
export type ImportGraph = Map<string, string[]>;

export interface ImportScan {
  graph: ImportGraph;
  /** Relative specifiers that resolve to no file, as `importer: 'specifier'`. */
  unresolved: string[];
}

const MODULE_FILE = /\.(ts|js)$/;

function moduleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...moduleFiles(full));
    else if (MODULE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

function compilerOptions(tsconfig: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig));
  return { ...parsed.options, allowJs: true };
}

/**
 * Every import, re-export, `import type`, `import()` and `require()` between the modules under
 * `root`, resolved with TypeScript's own module resolution and the options of `tsconfig`, so an
 * edge is exactly what the compiler follows. Type-only imports count: they tie modules as well.
 */
export function scanImports(root: string, tsconfig: string, base = root): ImportScan {
  const options = compilerOptions(tsconfig);
  const files = moduleFiles(root);
  const inside = new Set(files);
  const name = (file: string) => path.relative(base, file).split(path.sep).join('/');
  const graph: ImportGraph = new Map();
  const unresolved: string[] = [];
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const { fileName: specifier } of info.importedFiles) {
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
      if (!resolved) {
        if (specifier.startsWith('.')) unresolved.push(`${name(file)}: '${specifier}'`);
        continue;
      }
      const target = path.resolve(resolved.resolvedFileName);
      if (inside.has(target) && !targets.includes(name(target))) targets.push(name(target));
    }
    graph.set(name(file), targets);
  }
  return { graph, unresolved };
}

/** Groups of modules that reach each other through imports (Tarjan's strongly connected components). */
function stronglyConnected(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    groups.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return groups;
}

/** A shortest import path from `start` back to itself, staying inside `group`. */
function shortestLoop(graph: ImportGraph, group: Set<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!group.has(w)) continue;
      if (w === start) {
        const between: string[] = [];
        for (let u = v; u !== start; u = cameFrom.get(u)!) between.unshift(u);
        return [start, ...between, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/**
 * One readable cycle per group of modules that import each other, as `a.ts → b.ts → a.ts`; a group
 * larger than its cycle lists its other members after it.
 */
export function importCycles(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const group of stronglyConnected(graph)) {
    const start = group[0]!;
    if (group.length === 1 && !(graph.get(start) ?? []).includes(start)) continue;
    const loop = shortestLoop(graph, new Set(group), start);
    const others = group.filter((m) => !loop.includes(m));
    out.push(loop.join(' → ') + (others.length > 0 ? ` (also in this group: ${others.join(', ')})` : ''));
  }
  return out.sort();
}

const under = (file: string, dir: string) => file.startsWith(`${dir}/`);

/** Imports from modules under `from` of modules under `to`, as `importer → imported`. */
export function importsBetween(graph: ImportGraph, from: string, to: string): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    if (!under(file, from)) continue;
    for (const target of targets) if (under(target, to)) out.push(`${file} → ${target}`);
  }
  return out;
}

/** Imports from modules under `dir` of modules outside it, as `importer → imported`. */
export function importsLeaving(graph: ImportGraph, dir: string): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    if (!under(file, dir)) continue;
    for (const target of targets) if (!under(target, dir)) out.push(`${file} → ${target}`);
  }
  return out;
}
