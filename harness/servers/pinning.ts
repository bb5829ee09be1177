// --pin: the servers on some cores, the load generator (this process) on another, where the machine has them.
import os from 'node:os';
import { execa } from 'execa';

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
  if (cores < 2) return { ...NOT_PINNED, requested: true, note: `not pinned: this machine has ${cores} core` };
  const serverCpus = cores === 2 ? '1' : `1-${cores - 1}`;
  const result = await execa('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { reject: false });
  if (result.exitCode !== 0) return { ...NOT_PINNED, requested: true, note: `not pinned: taskset failed (${result.stderr.trim() || result.shortMessage})` };
  return { requested: true, applied: true, generatorCpus: '0', serverCpus, note: `generator (bench and autocannon) on CPU 0, servers on CPU ${serverCpus}` };
};
