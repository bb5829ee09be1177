// Sampling a server's whole process tree (master and workers): resident memory and CPU, while under load.
import pidtree from 'pidtree';
import pidusage from 'pidusage';
import type { ProcessMeasurement } from '../core/results.js';

export interface TreeSample {
  readonly rssBytes: number;
  /** CPU since the previous sample of the same processes; 100 = one core. */
  readonly cpuPercent: number;
  readonly processCount: number;
}

/** Default time between samples. */
export const SAMPLE_INTERVAL_MS = 500;

export const sampleTree = async (rootPid: number): Promise<TreeSample | undefined> => {
  try {
    const pids = await pidtree(rootPid, { root: true });
    const stats = await pidusage(pids);
    const values = Object.values(stats).filter((stat) => stat !== null && stat !== undefined);
    return {
      rssBytes: values.reduce((sum, stat) => sum + stat.memory, 0),
      cpuPercent: values.reduce((sum, stat) => sum + stat.cpu, 0),
      processCount: values.length,
    };
  } catch {
    return undefined; // the tree changed under us (a worker restarted): skip this sample
  }
};

export const summarizeSamples = (samples: readonly TreeSample[]): ProcessMeasurement => {
  const count = samples.length;
  const mean = (pick: (sample: TreeSample) => number): number => (count === 0 ? 0 : samples.reduce((sum, s) => sum + pick(s), 0) / count);
  const peak = (pick: (sample: TreeSample) => number): number => samples.reduce((max, s) => Math.max(max, pick(s)), 0);
  return {
    rssBytes: peak((s) => s.rssBytes),
    rssBytesMean: mean((s) => s.rssBytes),
    cpuPercent: mean((s) => s.cpuPercent),
    cpuPercentPeak: peak((s) => s.cpuPercent),
    processCount: peak((s) => s.processCount),
    samples: count,
  };
};

export interface TreeSampler {
  readonly latest: () => TreeSample | undefined;
  /** Stops sampling and returns what was seen since start. */
  readonly finish: () => ProcessMeasurement;
}

/** Samples the tree every `intervalMs`; the first sample only primes the CPU counters and is not kept. */
export const startTreeSampler = (rootPid: number, intervalMs: number = SAMPLE_INTERVAL_MS): TreeSampler => {
  const samples: TreeSample[] = [];
  let primed = false;
  let busy = false;
  const take = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    const sample = await sampleTree(rootPid);
    busy = false;
    if (sample && primed) samples.push(sample);
    primed = true;
  };
  void take();
  const timer = setInterval(() => void take(), intervalMs);
  timer.unref();
  return {
    latest: () => samples.at(-1),
    finish: () => {
      clearInterval(timer);
      return summarizeSamples(samples);
    },
  };
};
