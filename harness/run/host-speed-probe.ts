// Timing the machine's cores while a run measures (see core/host-speed.ts): one small Python process per core,
// pinned to it with taskset at a low priority (nice 10: at 19, a core busy with gunicorn-sync at 100 connections
// left it too few turns to time in some 2 s repeats), timing a fixed loop five times a second in its own thread's
// CPU time. About 1 ms of CPU per 200 ms per core: 0.5% of each core.
//
// Nothing is left behind by construction: each process exits when its standard input closes, which happens when
// bench exits, however it ends (a crash and SIGKILL included); it is also in bench's own process group, so a
// Ctrl+C reaches it.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { speedsOver, unitsOver, type SpeedSample } from '../core/host-speed.js';

/** The unit: a loop of integer arithmetic, about 0.6 ms of CPU on this machine's cores at full speed. */
const PROBE_SOURCE = `
import os, sys, threading, time
def watch():
    sys.stdin.read()
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
def unit():
    total = 0
    for i in range(20000):
        total += i * i
    return total
while True:
    start = time.thread_time()
    unit()
    sys.stdout.write("%.4f\\n" % ((time.thread_time() - start) * 1000))
    sys.stdout.flush()
    time.sleep(0.2)
`;

/** Samples kept per core: an hour at five a second. */
const MAX_SAMPLES = 18_000;

export interface HostSpeedProbe {
  /** Each core's speed over [startMs, endMs] (performance.now()), null where unknown (see speedsOver). */
  readonly speedsOver: (startMs: number, endMs: number) => (number | null)[];
  /** Each core's median unit over [startMs, endMs], in ms of CPU, null where unknown (see unitsOver). */
  readonly unitsOver: (startMs: number, endMs: number) => (number | null)[];
  readonly stop: () => void;
  /** The probes' process ids (for a test to see them gone). */
  readonly pids: readonly number[];
}

/** Starts timing every core of the machine with `python`. Where a core's process cannot start (no taskset), its
 * speed stays unknown: nothing is judged by it. */
export const startHostSpeedProbe = (python: string, cores: number = os.cpus().length || 1): HostSpeedProbe => {
  const samples: SpeedSample[][] = Array.from({ length: cores }, () => []);
  const children: ChildProcess[] = [];
  for (let core = 0; core < cores; core += 1) {
    const child = spawn('taskset', ['-c', String(core), 'nice', '-n', '10', python, '-c', PROBE_SOURCE], { stdio: ['pipe', 'pipe', 'ignore'] });
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    // Not what keeps bench running: a run that has finished exits with its probes still timing.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const unitMs = Number(line);
      if (!Number.isFinite(unitMs) || unitMs <= 0) return;
      const own = samples[core]!;
      own.push({ atMs: performance.now(), unitMs });
      if (own.length > MAX_SAMPLES) own.shift();
    });
    children.push(child);
  }
  return {
    speedsOver: (startMs, endMs) => speedsOver(samples, startMs, endMs),
    unitsOver: (startMs, endMs) => unitsOver(samples, startMs, endMs),
    pids: children.flatMap((child) => (child.pid === undefined ? [] : [child.pid])),
    stop: () => {
      for (const child of children) {
        child.stdin?.end();
        child.kill('SIGTERM');
      }
    },
  };
};
