/**
 * CPU time of other processes on this machine (Linux /proc), so a figure can say where the
 * machine's cores went: the sources process and the PostgreSQL server. Zero where /proc is absent.
 */
import fs from 'node:fs';
import { round } from './stats';

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

export interface MachineTicks {
  /** CPUs counted in /proc/stat. */
  cpus: number;
  /** Seconds the CPUs ran anything: user, nice, system, irq, softirq. */
  busySeconds: number;
  /** Seconds the CPUs were idle, waiting for I/O included. */
  idleSeconds: number;
  /** Seconds the hypervisor ran something else while a CPU had work (steal). */
  stolenSeconds: number;
}

/** The machine's CPU time so far from the text of /proc/stat; null when it has no `cpu` line. */
export function parseProcStat(text: string): MachineTicks | null {
  const lines = text.split('\n');
  const total = lines.find((l) => /^cpu\s/.test(l));
  if (!total) return null;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = total
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map((v) => Number(v) || 0);
  return {
    cpus: lines.filter((l) => /^cpu\d+\s/.test(l)).length,
    busySeconds: (user! + nice! + system! + irq! + softirq!) / TICKS_PER_SECOND,
    idleSeconds: (idle! + iowait!) / TICKS_PER_SECOND,
    stolenSeconds: steal! / TICKS_PER_SECOND,
  };
}

function machineTicks(): MachineTicks | null {
  try {
    return parseProcStat(fs.readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

export interface MachineUse {
  cpus: number;
  /** CPU seconds every process on the machine used in the window. */
  busySeconds: number;
  /** Share of the CPUs' time that nothing ran (0–1). */
  idleShare: number;
  /** Share of the CPUs' time the hypervisor took (0–1). */
  stolenShare: number;
}

/** What the whole machine did between two readings of /proc/stat. */
export function machineUseBetween(a: MachineTicks, b: MachineTicks): MachineUse {
  const busy = b.busySeconds - a.busySeconds;
  const idle = b.idleSeconds - a.idleSeconds;
  const stolen = b.stolenSeconds - a.stolenSeconds;
  const all = busy + idle + stolen;
  return {
    cpus: b.cpus,
    busySeconds: busy,
    idleShare: all > 0 ? idle / all : 0,
    stolenShare: all > 0 ? stolen / all : 0,
  };
}

/** A window's CPU count and idle and stolen shares, as a scenario's details report them; null without /proc. */
export function machineDetails(use: MachineUse | null): { cpus: number; idleShare: number; stolenShare: number } | null {
  return use && { cpus: use.cpus, idleShare: round(use.idleShare, 3), stolenShare: round(use.stolenShare, 3) };
}

/** The whole machine's CPU use (every process, Linux /proc/stat) from construction to read(); null without /proc. */
export class MachineTime {
  private readonly t0 = machineTicks();

  read(): MachineUse | null {
    const t1 = machineTicks();
    return this.t0 && t1 ? machineUseBetween(this.t0, t1) : null;
  }
}

/** The pid of the postmaster serving `url`, when that server runs on this machine (in this pid namespace). */
export async function postmasterPid(url: string): Promise<number | undefined> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const backend = Number((await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    const s = statOf(backend);
    // Another machine's (or container's) backend pid may be a different process here, or none.
    if (!s || s.comm !== 'postgres') return undefined;
    const parent = statOf(s.ppid);
    return parent?.comm === 'postgres' ? s.ppid : undefined;
  } finally {
    await c.end();
  }
}

function childrenOf(pid: number): number[] {
  try {
    const out: number[] = [];
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
    return out;
  } catch {
    // Kernels without /proc/<pid>/task/<tid>/children: every process whose parent is pid.
    return fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .filter((p) => statOf(p)?.ppid === pid);
  }
}

/**
 * CPU seconds of one PostgreSQL server (the postmaster and every process it started: backends,
 * WAL writer, checkpointer, autovacuum) between start() and stop(). The processes are sampled every
 * `intervalMs`, so a backend that ends in between keeps what it used up to its last sample; one
 * that starts in between counts from zero. On a shared server, other clients' backends count too.
 */
export class PostgresServerCpu {
  private readonly base = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly postmaster: number | undefined,
    private readonly intervalMs = 250,
  ) {}

  private sample(first: boolean): void {
    if (this.postmaster === undefined) return;
    for (const pid of [this.postmaster, ...childrenOf(this.postmaster)]) {
      const s = statOf(pid);
      if (!s) continue;
      if (!this.base.has(pid)) this.base.set(pid, first ? s.cpuSeconds : 0);
      this.last.set(pid, s.cpuSeconds);
    }
  }

  start(): this {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), this.intervalMs);
    this.timer.unref();
    return this;
  }

  /** CPU seconds since start(); null when the server's processes cannot be seen from here. */
  stop(): number | null {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.postmaster === undefined) return null;
    this.sample(false);
    let total = 0;
    for (const [pid, cpu] of this.last) total += cpu - (this.base.get(pid) ?? 0);
    return total;
  }
}
