import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { machineDetails, machineUseBetween, MachineTime, parseProcStat } from '../../../bench/lib/process-cpu';

// Two readings of /proc/stat 10 s apart on a 2-CPU machine (ticks of 1/100 s).
const BEFORE = `cpu  1000 50 300 5000 100 10 40 0 0 0
cpu0 500 25 150 2500 50 5 20 0 0 0
cpu1 500 25 150 2500 50 5 20 0 0 0
intr 12345
ctxt 67890
`;
const AFTER = `cpu  2200 50 500 5500 120 20 80 30 0 0
cpu0 1100 25 250 2750 60 10 40 15 0 0
cpu1 1100 25 250 2750 60 10 40 15 0 0
intr 22345
`;

describe('parseProcStat', () => {
  it('reads busy, idle and stolen seconds and counts the CPUs', () => {
    expect(parseProcStat(BEFORE)).toEqual({ cpus: 2, busySeconds: 14, idleSeconds: 51, stolenSeconds: 0 });
    expect(parseProcStat(AFTER)).toEqual({ cpus: 2, busySeconds: 28.5, idleSeconds: 56.2, stolenSeconds: 0.3 });
  });

  it('gives null for a text without the machine-wide line', () => {
    expect(parseProcStat('cpu0 1 2 3 4\nintr 5\n')).toBeNull();
    expect(parseProcStat('')).toBeNull();
  });
});

describe('machineUseBetween', () => {
  it('gives the seconds every process used and the idle and stolen shares of the window', () => {
    const use = machineUseBetween(parseProcStat(BEFORE)!, parseProcStat(AFTER)!);
    expect(use.cpus).toBe(2);
    expect(use.busySeconds).toBeCloseTo(14.5, 6);
    // 14.5 s busy, 5.2 s idle (iowait included), 0.3 s stolen: 20 s of two CPUs over 10 s.
    expect(use.idleShare).toBeCloseTo(5.2 / 20, 6);
    expect(use.stolenShare).toBeCloseTo(0.3 / 20, 6);
  });

  it('reports an empty window as neither idle nor stolen', () => {
    const t = parseProcStat(BEFORE)!;
    expect(machineUseBetween(t, t)).toEqual({ cpus: 2, busySeconds: 0, idleShare: 0, stolenShare: 0 });
  });
});

describe('machineDetails', () => {
  it('gives the CPU count and the shares to three decimals, or null without a reading', () => {
    expect(machineDetails(machineUseBetween(parseProcStat(BEFORE)!, parseProcStat(AFTER)!))).toEqual({
      cpus: 2,
      idleShare: 0.26,
      stolenShare: 0.015,
    });
    expect(machineDetails({ cpus: 4, busySeconds: 1, idleShare: 1 / 3, stolenShare: 0 })).toEqual({
      cpus: 4,
      idleShare: 0.333,
      stolenShare: 0,
    });
    expect(machineDetails(null)).toBeNull();
  });
});

describe.runIf(fs.existsSync('/proc/stat'))('MachineTime on this machine', () => {
  it('counts the CPU this process burns between construction and read()', () => {
    const machine = new MachineTime();
    const until = performance.now() + 200;
    let x = 0;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    const use = machine.read()!;
    expect(x).toBeGreaterThan(0);
    expect(use.cpus).toBeGreaterThan(0);
    // At least most of the 0.2 s spun here, whatever else the machine ran (ticks are 10 ms).
    expect(use.busySeconds).toBeGreaterThanOrEqual(0.1);
    expect(use.idleShare).toBeGreaterThanOrEqual(0);
    expect(use.idleShare).toBeLessThanOrEqual(1);
  });
});
