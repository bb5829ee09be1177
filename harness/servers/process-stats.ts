// Sampling a server's whole process tree (master and workers): resident memory and CPU, while under load.
// On Linux from /proc (the tree under the server's leader), elsewhere with pidtree and pidusage.
import pidtree from 'pidtree';
import pidusage from 'pidusage';
import type { ProcessMeasurement } from '../core/results.js';
import { hasChildrenLists, hasProcFs, machineCpuPercent, readGroup, readMachineTicks, readSocketInodes, readTree } from './proc-group.js';

export interface TreeSample {
  readonly rssBytes: number;
  /** CPU since the previous sample of the same tree; 100 = one core. */
  readonly cpuPercent: number;
  readonly processCount: number;
  /** When it was taken (performance.now()) and each process's CPU seconds since it started: what a process's
   * own share of the load is computed from. Only from /proc. */
  readonly atMs?: number;
  readonly cpuSecByPid?: ReadonlyMap<number, number>;
  /** The sockets each process holds (their inodes): which worker holds which client connection, against the sockets
   * it held before the load (see clientConnections). Only from /proc. */
  readonly socketsByPid?: ReadonlyMap<number, ReadonlySet<number>>;
}

/** Default time between samples. */
export const SAMPLE_INTERVAL_MS = 500;

export interface TreeProbe {
  /** The tree now; its CPU is over the time since the previous call (0 on the first). Undefined when the tree is gone. */
  readonly sample: () => Promise<TreeSample | undefined>;
}

/** From /proc: CPU is the tree's CPU seconds since the previous sample over the wall time between them. The
 * root leads its own process group (bench launches every server so), which the fallback scan reads.
 * The tree's CPU seconds are each live process's own and those of the children it waited for once they ended
 * (cutime, cstime): a worker that ends between two samples leaves the listing, and its CPU moves into its
 * parent's count when the parent reaps it. Counting the live processes alone lost it: the CPU a worker used since
 * the last sample that saw it, and all of a worker born and gone between two samples. gunicorn-uvicorn recycles
 * each of its 5 workers every 1,000 ± 50 requests, about 10 workers a second at health@100, where it read 103–118%
 * of a core with the machine at 197% (bench validate); by hand, over 5 s of wrk at 100 connections, the tree had
 * used 189%, most of it in its master's cutime. The difference of the sums, not of each process, so that a pid
 * taken again by a new process counts from 0. */
const createProcProbe = (rootPid: number): TreeProbe => {
  const read = hasChildrenLists() ? readTree : readGroup;
  let previous: { readonly atMs: number; readonly treeCpuSec: number } | undefined;
  return {
    sample: async () => {
      const members = read(rootPid);
      const atMs = performance.now();
      if (members.length === 0) return undefined;
      const cpuSec = new Map(members.map((member) => [member.pid, member.cpuSec]));
      const treeCpuSec = members.reduce((sum, m) => sum + m.cpuSec + m.reapedCpuSec, 0);
      const usedSec = previous ? Math.max(0, treeCpuSec - previous.treeCpuSec) : 0;
      const cpuPercent = previous ? (usedSec / ((atMs - previous.atMs) / 1000)) * 100 : 0;
      previous = { atMs, treeCpuSec };
      const sockets = { socketsByPid: new Map(members.map((member) => [member.pid, readSocketInodes(member.pid)])) };
      return { rssBytes: members.reduce((sum, m) => sum + m.rssBytes, 0), cpuPercent, processCount: members.length, atMs, cpuSecByPid: cpuSec, ...sockets };
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

/** A process's client connections in a sample: the sockets it holds that it did not hold before the load (its
 * listening socket, its event loop's socket pair). A process that was not there before the load (a recycled
 * worker) is counted against the sockets the tree held then, so its own socket pair, if it has one, counts too. */
const clientConnections = (sockets: ReadonlySet<number>, pid: number, before: ReadonlyMap<number, ReadonlySet<number>> | undefined): number => {
  const own = before?.get(pid);
  const known = own ?? new Set([...(before?.values() ?? [])].flatMap((set) => [...set]));
  let count = 0;
  for (const inode of sockets) if (!known.has(inode)) count += 1;
  return count;
};

export interface ProcessShare {
  /** CPU between the first and the last sample, 100 = one core. */
  readonly cpuPercent: number;
  /** Client connections held, mean over the samples, or undefined where the sockets were not read. */
  readonly connections?: number;
  /** The client connections it held in every sample where the whole tree held all the load's connections (at
   * least two such samples), where that was the same count in each: keep-alive connections stay where they
   * landed. Undefined where it moved, too few samples held them all (a server closing every connection holds a
   * changing few; the load's first and last moments hold fewer), or the load's connections were not given. */
  readonly connectionsHeld?: number;
}

/** What the connections each process held are counted against. */
export interface ConnectionCount {
  /** The sockets each process held before the load. */
  readonly before?: ReadonlyMap<number, ReadonlySet<number>>;
  /** The connections the load holds open. */
  readonly connections?: number;
}

/**
 * Each process's CPU between the first and the last sample (100 = one core), and the client connections it held
 * (mean over the samples), busiest first, for the processes alive at both: how the load was spread over gunicorn's
 * workers (one worker busy and one idle halves a server's throughput, and shows which, and the connections say
 * why: the worker holding 9 of 10 keep-alive connections serves 9 clients with its 4 threads). Empty with fewer
 * than two samples or without /proc. `before`: the sockets each process held before the load.
 */
export const perProcessShares = (samples: readonly TreeSample[], count: ConnectionCount = {}): ProcessShare[] => sharesOf(samples, countedBySample(samples, count), count.connections);

/** perProcessShares from each sample's connections by process (countedBySample). */
const sharesOf = (samples: readonly TreeSample[], counted: readonly ReadonlyMap<number, number>[], connections: number | undefined): ProcessShare[] => {
  const [first, last] = [samples[0], samples.at(-1)];
  if (!first?.cpuSecByPid || !last?.cpuSecByPid || first.atMs === undefined || last.atMs === undefined || last.atMs <= first.atMs) return [];
  const seconds = (last.atMs - first.atMs) / 1000;
  const full = counted.filter((byPid) => total(byPid) === connections);
  return [...last.cpuSecByPid]
    .flatMap(([pid, cpuSec]): ProcessShare[] => {
      const start = first.cpuSecByPid!.get(pid);
      if (start === undefined) return [];
      const cpuPercent = Math.round(((cpuSec - start) / seconds) * 1000) / 10;
      const counts = counted.flatMap((byPid) => (byPid.has(pid) ? [byPid.get(pid)!] : []));
      const inFull = full.map((byPid) => byPid.get(pid) ?? 0);
      return [
        {
          cpuPercent,
          ...(counts.length > 0 ? { connections: Math.round((counts.reduce((a, b) => a + b, 0) / counts.length) * 10) / 10 } : {}),
          ...(inFull.length >= 2 && Math.min(...inFull) === Math.max(...inFull) ? { connectionsHeld: inFull[0]! } : {}),
        },
      ];
    })
    .sort((a, b) => b.cpuPercent - a.cpuPercent);
};

/** Each sample's client connections by process, for the samples that read the sockets. */
const countedBySample = (samples: readonly TreeSample[], count: ConnectionCount): Map<number, number>[] =>
  samples.flatMap((sample) => (sample.socketsByPid ? [new Map([...sample.socketsByPid].map(([pid, sockets]) => [pid, clientConnections(sockets, pid, count.before)]))] : []));

/** The client connections the whole tree held in one sample: on a server keeping connections alive, how many of the
 * load's it had accepted (waitress-8-200/cpu@100 after wrk's burst of 100 connects: 61 at 1 s, 78 at 11 s, the rest
 * waiting in the kernel's accept queue). */
const total = (byPid: ReadonlyMap<number, number>): number => [...byPid.values()].reduce((a, b) => a + b, 0);

export const summarizeSamples = (samples: readonly TreeSample[], connectionCount: ConnectionCount = {}): ProcessMeasurement => {
  const count = samples.length;
  const counted = countedBySample(samples, connectionCount);
  const shares = sharesOf(samples, counted, connectionCount.connections);
  const accepted = counted.map(total);
  const mean = (pick: (sample: TreeSample) => number): number => (count === 0 ? 0 : samples.reduce((sum, s) => sum + pick(s), 0) / count);
  const peak = (pick: (sample: TreeSample) => number): number => samples.reduce((max, s) => Math.max(max, pick(s)), 0);
  const connections = shares.every((share) => share.connections !== undefined) ? shares.map((share) => share.connections!) : [];
  return {
    rssBytes: peak((s) => s.rssBytes),
    rssBytesMean: mean((s) => s.rssBytes),
    cpuPercent: mean((s) => s.cpuPercent),
    cpuPercentPeak: peak((s) => s.cpuPercent),
    processCount: peak((s) => s.processCount),
    samples: count,
    ...(shares.length > 1 ? { processCpuPercent: shares.map((share) => share.cpuPercent) } : {}),
    ...(shares.length > 1 && connections.length === shares.length ? { processConnections: connections } : {}),
    ...(shares.length > 1 && shares.every((share) => share.connectionsHeld !== undefined) ? { processConnectionsHeld: shares.map((share) => share.connectionsHeld!) } : {}),
    ...(accepted.length > 0 ? { connectionsAccepted: accepted } : {}),
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
export const startTreeSampler = (rootPid: number, intervalMs: number = SAMPLE_INTERVAL_MS, connections?: number): TreeSampler => {
  const samples: TreeSample[] = [];
  let machineStart = readMachineTicks();
  const probe = createTreeProbe(rootPid);
  let primed = false;
  let busy = false;
  /** The sockets each process held at the first sample, before the load (kept over restart: by then the
   * generator may have connected). */
  let before: ReadonlyMap<number, ReadonlySet<number>> | undefined;
  let first = true;
  const take = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    const sample = await (await probe).sample();
    busy = false;
    if (first) before = sample?.socketsByPid;
    first = false;
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
      return { ...summarizeSamples(samples, { ...(before ? { before } : {}), ...(connections !== undefined ? { connections } : {}) }), ...(machine !== undefined ? { machineCpuPercent: machine } : {}) };
    },
  };
};
