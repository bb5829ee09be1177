// --pin: the servers on some cores, the load generator (this process) on another, where the machine has them.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { execa } from 'execa';
import { hasChildrenLists, readGroup, readTree } from './proc-group.js';

export interface Pinning {
  readonly requested: boolean;
  readonly applied: boolean;
  /** taskset CPU lists; null when not pinned. */
  readonly generatorCpus: string | null;
  readonly serverCpus: string | null;
  readonly note: string;
}

export const NOT_PINNED: Pinning = { requested: false, applied: false, generatorCpus: null, serverCpus: null, note: 'not pinned: server and generator share every core' };

/** Pins this process (every thread) to CPU 0 and reserves the others for the servers. */
export const applyPinning = async (cores: number = os.availableParallelism()): Promise<Pinning> => {
  const layout = pinLayout(cores);
  if (layout === null) return { ...NOT_PINNED, requested: true, note: `not pinned: this machine has ${cores} core` };
  const result = await execa('taskset', ['-a', '-p', '-c', layout.generatorCpus, String(process.pid)], { reject: false });
  if (result.exitCode !== 0) return { ...NOT_PINNED, requested: true, note: `not pinned: taskset failed (${result.stderr.trim() || result.shortMessage})` };
  return { requested: true, applied: true, ...layout, note: `generator (bench and autocannon) on CPU ${layout.generatorCpus}, servers on CPU ${layout.serverCpus}` };
};

/** The generator's and the servers' CPUs (taskset lists) on a machine of `cores` cores: the generator (this
 * process) on CPU 0, the servers on the others; null with fewer than 2. */
export const pinLayout = (cores: number): { readonly generatorCpus: string; readonly serverCpus: string } | null =>
  cores < 2 ? null : { generatorCpus: '0', serverCpus: cores === 2 ? '1' : `1-${cores - 1}` };

/** The CPUs a process may run on (its Cpus_allowed_list, e.g. "0-1"), or undefined where it is gone or unknown. */
export const cpusAllowed = (pid: number): string | undefined => {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
};

/** Sets every thread of each process to `cpus`; the pids taskset failed on (a process gone meanwhile among them). */
export const setAffinity = async (pids: readonly number[], cpus: string): Promise<number[]> => {
  const failed: number[] = [];
  for (const pid of pids) {
    const result = await execa('taskset', ['-a', '-p', '-c', cpus, String(pid)], { reject: false });
    if (result.exitCode !== 0) failed.push(pid);
  }
  return failed;
};

/** A running server and this process, pinned apart for a while (see pinApart). */
export interface PinnedApart {
  readonly generatorCpus: string;
  readonly serverCpus: string;
  /** Pins the server's tree as it is now (a server restarted for a quiet start, or a worker forked since, included). */
  readonly pinServer: (serverPid: number) => Promise<void>;
  /** Puts this process and the server's tree back on the CPUs they had. */
  readonly restore: (serverPid: number) => Promise<void>;
}

/**
 * Pins this process (every thread: autocannon's worker, and the wrk or hey it starts from then on) to the
 * generator's CPU and the running server's tree to the others, as --pin does from the start, for the repeats of a
 * cell measured again that way; a string saying why not where it cannot (one core, no taskset, no /proc).
 * `restore` puts every process back on the CPUs it had; the caller calls it in a `finally`.
 */
export const pinApart = async (serverPid: number, cores: number = os.availableParallelism()): Promise<PinnedApart | string> => {
  const layout = pinLayout(cores);
  if (layout === null) return `this machine has ${cores} core`;
  const [ours, theirs] = [cpusAllowed(process.pid), cpusAllowed(serverPid)];
  if (ours === undefined || theirs === undefined) return 'the CPUs allowed to each process are unknown (no /proc)';
  // The server leads its process group: its tree, or where the kernel keeps no children lists, its group.
  const tree = (pid: number): number[] => (hasChildrenLists() ? readTree(pid) : readGroup(pid)).map((member) => member.pid);
  const pinServer = async (pid: number): Promise<void> => {
    await setAffinity(tree(pid), layout.serverCpus);
  };
  if ((await setAffinity([process.pid], layout.generatorCpus)).length > 0) return 'taskset failed';
  await pinServer(serverPid);
  return {
    ...layout,
    pinServer,
    restore: async (pid) => {
      await setAffinity([process.pid], ours);
      await setAffinity(tree(pid), theirs);
    },
  };
};
