import v8 from 'node:v8';

const FLAG = '--heap-growing-percent';

/**
 * Sets how far V8 lets the old generation grow before its next full collection (`memory.heapGrowthPercent`).
 * V8 otherwise lets it grow to four times what survived the last one, since the gateway's pages make
 * garbage far more slowly than it can mark: a backfill's memory then peaks at about four times its live
 * heap (docs/benchmark.md, "Backfill memory"). A limit given on the node command line is left alone.
 * Returns the percent in force from now on (undefined: V8's own choice).
 */
export function setHeapGrowth(percent: number, execArgv: readonly string[] = process.execArgv): number | undefined {
  const given = execArgv.find((a) => a.startsWith(`${FLAG}=`));
  if (given) return Number(given.slice(FLAG.length + 1));
  // 0 is V8's default: its own choice.
  v8.setFlagsFromString(`${FLAG}=${Math.max(0, percent)}`);
  return percent > 0 ? percent : undefined;
}
