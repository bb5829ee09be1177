// Sampling a server's whole process tree (master and workers): resident memory and CPU, while under load.
// On Linux from /proc (the tree under the server's leader), elsewhere with pidtree and pidusage.
import pidtree from 'pidtree';
import pidusage from 'pidusage';
import type { ProcessMeasurement } from '../core/results.js';
import { hasChildrenLists, hasProcFs, machineCpuPercent, readGroup, readMachineTicks, readTree } from './proc-group.js';

export interface TreeSample {
  readonly rssBytes: number;
  /** CPU since the previous sample of the same tree; 100 = one core. */
  readonly cpuPercent: number;
  readonly processCount: number;
  /** When it was taken (performance.now()) and each process's CPU seconds since it started: what a process's
   * own share of the load is computed from. Only from /proc. */
  readonly atMs?: number;
  readonly cpuSecByPid?: ReadonlyMap<number, number>;
}

/** Default time between samples. */
export const SAMPLE_INTERVAL_MS = 500;

export interface TreeProbe {
  /** The tree now; its CPU is over the time since the previous call (0 on the first). Undefined when the tree is gone. */
  readonly sample: () => Promise<TreeSample | undefined>;
}

/** From /proc: CPU is the tree's CPU seconds since the previous sample over the wall time between them. The
 * root leads its own process group (bench launches every server so), which the fallback scan reads. */
const createProcProbe = (rootPid: number): TreeProbe => {
  const read = hasChildrenLists() ? readTree : readGroup;
  let previous: { readonly atMs: number; readonly cpuSec: ReadonlyMap<number, number> } | undefined;
  return {
    sample: async () => {
      const members = read(rootPid);
      const atMs = performance.now();
      if (members.length === 0) return undefined;
      const cpuSec = new Map(members.map((member) => [member.pid, member.cpuSec]));
      // A process that appeared since the previous sample (a restarted worker) counts all its CPU.
      const usedSec = previous ? members.reduce((sum, m) => sum + Math.max(0, m.cpuSec - (previous!.cpuSec.get(m.pid) ?? 0)), 0) : 0;
      const cpuPercent = previous ? (usedSec / ((atMs - previous.atMs) / 1000)) * 100 : 0;
      previous = { atMs, cpuSec };
      return { rssBytes: members.reduce((sum, m) => sum + m.rssBytes, 0), cpuPercent, processCount: members.length, atMs, cpuSecByPid: cpuSec };
    },
  };
};

/** Elsewhere: pidtree lists the tree with `ps`, pidusage keeps the CPU history per pid. */
const createPsProbe = (rootPid: number): TreeProbe => ({
  sample: async () => {
    try {
      const pids = await pidtree(rootPid, { root: true });
      const values = Object.values(await pidusage(pids)).filter((stat) => stat !== null && stat !== undefined);
      return { rssBytes: values.reduce((sum, s) => sum + s.memory, 0), cpuPercent: values.reduce((sum, s) => sum + s.cpu, 0), processCount: values.length };
    } catch {
      return undefined; // the tree changed under us (a worker restarted): skip this sample
    }
  },
});

/** A probe of the tree rooted at `rootPid`, which leads its own process group (bench launches every server so). */
export const createTreeProbe = async (rootPid: number): Promise<TreeProbe> => (hasProcFs() ? createProcProbe(rootPid) : createPsProbe(rootPid));

/**
 * Each process's CPU between the first and the last sample (100 = one core), busiest first, for the processes
 * alive at both: how the load was spread over gunicorn's workers (one worker busy and one idle halves a server's
 * throughput, and shows which). Empty with fewer than two samples or without /proc.
 */
export const perProcessCpu = (samples: readonly TreeSample[]): number[] => {
  const [first, last] = [samples[0], samples.at(-1)];
  if (!first?.cpuSecByPid || !last?.cpuSecByPid || first.atMs === undefined || last.atMs === undefined || last.atMs <= first.atMs) return [];
  const seconds = (last.atMs - first.atMs) / 1000;
  return [...last.cpuSecByPid]
    .flatMap(([pid, cpuSec]) => {
      const start = first.cpuSecByPid!.get(pid);
      return start === undefined ? [] : [Math.round(((cpuSec - start) / seconds) * 1000) / 10];
    })
    .sort((a, b) => b - a);
};

export const summarizeSamples = (samples: readonly TreeSample[]): ProcessMeasurement => {
  const count = samples.length;
  const byProcess = perProcessCpu(samples);
  const mean = (pick: (sample: TreeSample) => number): number => (count === 0 ? 0 : samples.reduce((sum, s) => sum + pick(s), 0) / count);
  const peak = (pick: (sample: TreeSample) => number): number => samples.reduce((max, s) => Math.max(max, pick(s)), 0);
  return {
    rssBytes: peak((s) => s.rssBytes),
    rssBytesMean: mean((s) => s.rssBytes),
    cpuPercent: mean((s) => s.cpuPercent),
    cpuPercentPeak: peak((s) => s.cpuPercent),
    processCount: peak((s) => s.processCount),
    samples: count,
    ...(byProcess.length > 1 ? { processCpuPercent: byProcess } : {}),
  };
};

export interface TreeSampler {
  readonly latest: () => TreeSample | undefined;
  /** Drops what was seen so far and samples from now on: the load has begun (the generator's start-up, a worker
   * thread loading autocannon for 0.2–0.5 s, left the server idle, which in a 2-second repeat read a server busy
   * all through the load at 88% of a core where it was at 100%). */
  readonly restart: () => void;
  /** Stops sampling and returns what was seen since start. */
  readonly finish: () => ProcessMeasurement;
}

/** Samples the tree every `intervalMs`; the first sample only primes the CPU counters and is not kept. */
export const startTreeSampler = (rootPid: number, intervalMs: number = SAMPLE_INTERVAL_MS): TreeSampler => {
  const samples: TreeSample[] = [];
  let machineStart = readMachineTicks();
  const probe = createTreeProbe(rootPid);
  let primed = false;
  let busy = false;
  const take = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    const sample = await (await probe).sample();
    busy = false;
    if (sample && primed) samples.push(sample);
    primed = true;
  };
  const begin = (): NodeJS.Timeout => {
    void take();
    const timer = setInterval(() => void take(), intervalMs);
    timer.unref();
    return timer;
  };
  let timer = begin();
  return {
    latest: () => samples.at(-1),
    restart: () => {
      clearInterval(timer);
      samples.length = 0;
      // A sample in flight now primes the counters instead (it is a moment old).
      primed = false;
      machineStart = readMachineTicks();
      timer = begin();
    },
    finish: () => {
      clearInterval(timer);
      const machineEnd = machineStart && readMachineTicks();
      const machine = machineStart && machineEnd ? machineCpuPercent(machineStart, machineEnd) : undefined;
      return { ...summarizeSamples(samples), ...(machine !== undefined ? { machineCpuPercent: machine } : {}) };
    },
  };
};
