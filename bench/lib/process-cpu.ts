/**
 * CPU time of other processes on this machine (Linux /proc), so a figure can say where the
 * machine's cores went: the sources process and the PostgreSQL server. Zero where /proc is absent.
 */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100;

function statOf(pid: number): { comm: string; ppid: number; cpuSeconds: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    return { comm, ppid: Number(f[1]), cpuSeconds: (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU seconds used so far by `pid`. */
export function cpuSecondsOfPid(pid: number | undefined): number {
  return pid === undefined ? 0 : (statOf(pid)?.cpuSeconds ?? 0);
}

/** CPU seconds used so far by every live process named `postgres` (server and backends). */
export function postgresCpuSeconds(): number {
  let total = 0;
  let dirs: string[] = [];
  try {
    dirs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const d of dirs) {
    const s = statOf(Number(d));
    if (s && s.comm === 'postgres') total += s.cpuSeconds;
  }
  return total;
}

/** CPU use of the sources process and PostgreSQL between construction and read(), in cores. */
export class MachineCpu {
  private readonly t0 = performance.now();
  private readonly sources0: number;
  private readonly pg0: number;

  constructor(private readonly sourcesPid: number | undefined) {
    this.sources0 = cpuSecondsOfPid(sourcesPid);
    this.pg0 = postgresCpuSeconds();
  }

  /** Cores used since construction; PostgreSQL misses backends that ended in between. */
  read(): { sourcesCores: number; postgresCores: number } {
    const s = (performance.now() - this.t0) / 1000;
    return {
      sourcesCores: Math.round(((cpuSecondsOfPid(this.sourcesPid) - this.sources0) / s) * 100) / 100,
      postgresCores: Math.round(((postgresCpuSeconds() - this.pg0) / s) * 100) / 100,
    };
  }
}
